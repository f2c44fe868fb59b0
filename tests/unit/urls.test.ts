import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../src/lib/urls.ts';

describe('checkUrl', () => {
  it('accepts absolute http and https URLs as written', () => {
    for (const url of ['https://example.com', 'http://example.com/a?b=1#c', 'HTTPS://Example.COM/x', 'https://例え.jp/']) {
      expect(checkUrl(url), url).toBeUndefined();
    }
  });

  it('refuses script, data, relative, protocol-relative and malformed URLs, quoting what it found', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', '/about/', 'about', '//evil.example/',
      'https:evil.example', 'https:/evil.example', ' https://example.com', 'java\tscript:alert(1)', 'https://exa mple.com', 'https://example.com/\n', 'https://', 'file:///etc/passwd', 'mailto:a@example.com', '']) {
      expect(checkUrl(url), url).toBe(`an absolute http(s) URL such as https://example.com/interview, found ${JSON.stringify(url)}`);
    }
    expect(checkUrl(3)).toMatch(/found 3$/);
    expect(checkUrl(undefined)).toMatch(/found nothing$/);
  });

  it('accepts mailto: only where the rule allows a contact', () => {
    expect(checkUrl('mailto:ann@example.com', { mailto: true })).toBeUndefined();
    expect(checkUrl('mailto:nobody', { mailto: true })).toMatch(/or mailto:name@example\.com, found "mailto:nobody"$/);
    expect(checkUrl('javascript:alert(1)', { mailto: true })).toMatch(/found "javascript:alert\(1\)"$/);
  });
});
