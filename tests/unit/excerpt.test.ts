import { describe, expect, it } from 'vitest';
import { excerptParts } from '../../src/lib/excerpt.ts';

const join = (parts: { text: string; mark: boolean }[]) => parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('');

describe('search excerpts cut from the passage', () => {
  it('keeps every character, spacing and entity of a short passage, marking the matched words', () => {
    const text = 'He typed <script> and  &lt;b&gt; — “twice”.';
    expect(join(excerptParts(text, [1, 4], 40))).toBe('He [typed] <script> and  [&lt;b&gt;] — “twice”.');
    expect(join(excerptParts(text, [], 40))).toBe(text);
  });

  it('shows the window of a long passage holding the most matches, with ellipses for what is left out', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    const parts = excerptParts(words.join(' '), [60, 62, 3], 10);
    expect(join(parts)).toBe(`… ${words.slice(58, 60).join(' ')} [w60] w61 [w62] ${words.slice(63, 68).join(' ')} …`);
    expect(join(excerptParts(words.join(' '), [99], 10))).toBe(`… ${words.slice(90, 99).join(' ')} [w99]`);
  });
});
