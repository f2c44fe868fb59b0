import { describe, expect, it } from 'vitest';
import { documentTitle, roleNote } from '../../src/lib/format.ts';

describe('documentTitle', () => {
  it('appends the site name, shortening a long title at a word so the whole stays within 70 characters', () => {
    expect(documentTitle('Topics', 'Verbatim')).toBe('Topics · Verbatim');
    expect(documentTitle('Verbatim', 'Verbatim')).toBe('Verbatim');
    const long = documentTitle('Sam Altman on Mistakes, Money, and What OpenAI Is Actually Trying to Do', 'Verbatim');
    expect(long).toBe('Sam Altman on Mistakes, Money, and What OpenAI Is Actually… · Verbatim');
    expect(long.length).toBeLessThanOrEqual(70);
  });
});

describe('roleNote', () => {
  it('prints what the name does not already say, and nothing for a publication signing as itself', () => {
    expect(roleNote({ name: 'Sam Altman', role: 'Chief Executive Officer', organisation: 'OpenAI' })).toBe('Chief Executive Officer, OpenAI');
    expect(roleNote({ name: 'Editor in Chief, Constellation Insights', role: 'Editor in Chief', organisation: 'Constellation Insights' })).toBe('');
    expect(roleNote({ name: 'prompt/power', role: 'Interviewer', organisation: 'prompt/power' })).toBe('');
    expect(roleNote({ name: 'Ana Ruiz', role: 'Host' })).toBe('Host');
  });
});
