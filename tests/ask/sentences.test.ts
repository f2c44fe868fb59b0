import { describe, expect, it } from 'vitest';
import { buildKeywordIndex } from '../../src/lib/ask/keyword.ts';
import { bestSentence, splitSentences } from '../../src/lib/ask/sentences.ts';

const text =
  'Altman said, "I think we should do more." When asked why OpenAI hasn\u2019t created open source models, he said it was a function of focus and time, but that needs to change. "I think we need to solve that somehow," said Altman.';

describe('sentences', () => {
  it('splits at sentence ends, closing quotes included, and returns spans into the unchanged text', () => {
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'Altman said, "I think we should do more."',
      'When asked why OpenAI hasn\u2019t created open source models, he said it was a function of focus and time, but that needs to change.',
      '"I think we need to solve that somehow," said Altman.',
    ]);
  });

  it('does not split after abbreviations or initials', () => {
    const t = 'Mr. Smith met J. Doe in the U.S. on Monday. Then he left.';
    expect(splitSentences(t).map((s) => t.slice(s.start, s.end))).toEqual(['Mr. Smith met J. Doe in the U.S. on Monday.', 'Then he left.']);
  });

  it('marks the sentence holding most of the question\u2019s rare keywords', () => {
    const index = buildKeywordIndex([{ text }, { text: 'Other passage about models and time.' }]);
    const span = bestSentence(text, 'Why has OpenAI not released open-source models?', index);
    expect(text.slice(span.start, span.end)).toMatch(/^When asked why OpenAI/);
  });

  it('marks the first sentence when no keyword matches, and the whole of a one-sentence passage', () => {
    const index = buildKeywordIndex([{ text }]);
    expect(bestSentence(text, 'banana', index)).toEqual(splitSentences(text)[0]);
    expect(bestSentence('No end mark', 'x', index)).toEqual({ start: 0, end: 11 });
  });
});
