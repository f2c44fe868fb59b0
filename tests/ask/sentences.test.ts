import { describe, expect, it } from 'vitest';
import { buildKeywordIndex } from '../../src/lib/ask/keyword.ts';
import { bestSentence, splitSentences } from '../../src/lib/ask/sentences.ts';
import { containsExpected } from '../../src/lib/ask/evaluate.ts';
import { keywordDocuments, toAskPassages } from '../../src/lib/ask/passage-data.ts';
import { questionSet, sitePassages } from './ask-site.ts';

const text =
  'Altman said, "I think we should do more." When asked why OpenAI hasn\u2019t created open source models, he said it was a function of focus and time, but that needs to change. "I think we need to solve that somehow," said Altman.';

describe('sentences', () => {
  it('marks a sentence together with the next when that one refers back to it and so completes it', () => {
    const t = 'Getting there takes work. His plan was never to give it full control of his computer. "That lasted two hours because it was too useful," said Altman. He laughed.';
    const index = buildKeywordIndex([{ text: t }, { text: 'Nothing about machines.' }]);
    const span = bestSentence(t, 'Did he let the agent control his computer?', index);
    expect(t.slice(span.start, span.end)).toBe('His plan was never to give it full control of his computer. "That lasted two hours because it was too useful," said Altman.');
    const plain = 'His plan was never to give it full control of his computer. He laughed about it later.';
    const alone = bestSentence(plain, 'Did he let the agent control his computer?', index);
    expect(plain.slice(alone.start, alone.end)).toBe('His plan was never to give it full control of his computer.');
  });

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

  it('marks the first sentence that stands alone when no keyword matches, and the whole of a one-sentence passage', () => {
    const index = buildKeywordIndex([{ text }]);
    // 'Altman said, "I think we should do more."' says too little to stand alone.
    expect(bestSentence(text, 'banana', index)).toEqual(splitSentences(text)[1]);
    const lead = 'Several things. I underestimated how quickly the competitive landscape would change. We learned.';
    expect(lead.slice(bestSentence(lead, 'banana', index).start, bestSentence(lead, 'banana', index).end)).toBe('I underestimated how quickly the competitive landscape would change.');
    expect(bestSentence('No end mark', 'x', index)).toEqual({ start: 0, end: 11 });
  });
});

describe('the marked sentence on the real site', () => {
  it('holds the expected phrase in most right passages of the project\u2019s question sets', () => {
    const passages = toAskPassages(sitePassages());
    const index = buildKeywordIndex(keywordDocuments(passages));
    let right = 0;
    let marked = 0;
    for (const { q, expect: phrase } of [...questionSet('tests/ask/questions.json'), ...questionSet('tests/fixtures/eval/questions.json')]) {
      if (!phrase) continue;
      for (const p of passages.filter((p) => containsExpected(p.text, phrase))) {
        const span = bestSentence(p.text, q, index);
        right++;
        if (containsExpected(p.text.slice(span.start, span.end), phrase)) marked++;
      }
    }
    // Measured 43 of 61 (keyword sentence alone: 39); the floor catches a scoring that regresses.
    expect(right).toBeGreaterThan(50);
    expect(marked / right).toBeGreaterThanOrEqual(0.68);
  });
});
