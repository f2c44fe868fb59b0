import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headersFor, parseHeadersFile } from '../../src/lib/headers-file.ts';
import { builtSite, ROOT } from '../helpers/site.ts';

const HEADERS_FILE = path.join(ROOT, 'public/_headers');
const rules = parseHeadersFile(readFileSync(HEADERS_FILE, 'utf8'), 'public/_headers');
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

describe('the _headers syntax of Netlify and Cloudflare Pages', () => {
  const sample = [
    '# a comment',
    '/*',
    '  X-Frame-Options: DENY',
    '',
    '/files/*',
    '  Link: </copies/:splat>; rel="alternate"',
    '  # a comment between headers',
    '  Cache-Control: max-age=60',
    '/people/:id/card',
    '  X-Person: :id',
    '/*',
    '  X-Frame-Options: SAMEORIGIN',
  ].join('\n');
  const parsed = parseHeadersFile(sample, '_headers');

  it('matches * across segments and :name within one, and fills them into values', () => {
    expect(headersFor(parsed, '/files/a/b.txt')).toEqual({
      'x-frame-options': 'DENY, SAMEORIGIN',
      link: '</copies/a/b.txt>; rel="alternate"',
      'cache-control': 'max-age=60',
    });
    expect(headersFor(parsed, '/people/ada/card')['x-person']).toBe('ada');
    expect(headersFor(parsed, '/people/ada/lovelace/card')['x-person']).toBeUndefined();
    expect(headersFor(parsed, '/files')).toEqual({ 'x-frame-options': 'DENY, SAMEORIGIN' });
    expect(headersFor(parsed, '/')).toEqual({ 'x-frame-options': 'DENY, SAMEORIGIN' });
  });

  it('reports every malformed line in the one-line form, file and line first', () => {
    const bad = ['  X-Early: 1', 'files/*', '  X-Ok: 1', '/a/*/b/*', '  X-Two: 1', '/c', '  Not a header', '/empty', '/ok', '  X-Ok: 1'].join('\n');
    expect(() => parseHeadersFile(bad, 'public/_headers')).toThrow(
      [
        'public/_headers:1  header: a path line before the first header, found "X-Early: 1"',
        'public/_headers:2  path: a path starting with "/", found "files/*"',
        'public/_headers:4  path: at most one "*" in a path, found "/a/*/b/*"',
        'public/_headers:7  header: "Name: value", found "Not a header"',
        'public/_headers:8  path: at least one indented header under "/empty", found none',
      ].join('\n'),
    );
  });
});

describe('public/_headers', () => {
  it('sends a same-origin CSP with every response that still lets the runtime compile WebAssembly in a worker', () => {
    for (const file of ['/', '/ask/', '/_astro/worker-x.js', '/models/verbatim/use-lite/config.json', '/favicon.svg']) {
      const csp = headersFor(rules, file)['content-security-policy'];
      const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(directives.get('worker-src')).toEqual(["'self'"]);
      expect([...directives.values()].flat().every((v) => v === "'self'" || v === "'wasm-unsafe-eval'"), csp).toBe(true);
    }
  });

  it('caches hashed assets and the model for a year, pages and per-build indexes only after revalidating', () => {
    expect(headersFor(rules, '/_astro/ort-wasm-simd-threaded-But7yj32.wasm')).toMatchObject({ 'cache-control': IMMUTABLE, 'content-type': 'application/wasm' });
    expect(headersFor(rules, '/_astro/ort-wasm-simd-threaded-BQa_0C5h.mjs')).toMatchObject({ 'cache-control': IMMUTABLE, 'content-type': 'text/javascript' });
    expect(headersFor(rules, '/_astro/Base.DG7CjqBi.css')['cache-control']).toBe(IMMUTABLE);
    expect(headersFor(rules, '/_astro/Base.DG7CjqBi.css')['content-type']).toBeUndefined();
    for (const model of ['/models/verbatim/use-lite/onnx/model_quantized.onnx', '/models/arctic/onnx/model_q8.onnx']) {
      expect(headersFor(rules, model)).toMatchObject({ 'cache-control': IMMUTABLE, 'content-type': 'application/octet-stream' });
    }
    expect(headersFor(rules, '/models/verbatim/use-lite/tokenizer.json')).toMatchObject({ 'cache-control': IMMUTABLE });
    expect(headersFor(rules, '/models/verbatim/use-lite/tokenizer.json')['content-type']).toBeUndefined();
    for (const page of ['/', '/ask/', '/ask/manifest.json', '/ask/vectors.bin', '/pagefind/pagefind-entry.json', '/search/', '/interviews/altman-cisco-ai-summit/', '/topics/mistakes/', '/people/sam-altman/', '/people/sam-altman/2/', '/passages.json', '/passages/altman-cisco-ai-summit.json', '/llms.txt']) {
      expect(headersFor(rules, page)['cache-control'], page).toBe(REVALIDATE);
    }
  });

  it('never sets one header in two rules for a file of the built site (Cloudflare would join them, Netlify keep one)', () => {
    const site = builtSite();
    const files = readdirSync(site.dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => `/${path.relative(site.dir, path.join(f.parentPath, f.name)).split(path.sep).join('/')}`);
    expect(files.length).toBeGreaterThan(50);
    const twice = files.flatMap((file) => {
      const names = rules.filter((r) => r.matcher.test(file)).flatMap((r) => r.headers.map((h) => h.name.toLowerCase()));
      return names.filter((name, i) => names.indexOf(name) !== i).map((name) => `${file}: ${name}`);
    });
    expect(twice).toEqual([]);
  });

  it('is copied into the built site as it is', () => {
    expect(readFileSync(path.join(builtSite().dir, '_headers'), 'utf8')).toBe(readFileSync(HEADERS_FILE, 'utf8'));
  });
});
