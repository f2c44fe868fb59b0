import { describe, expect, it } from 'vitest';
import { buildKeywordIndex, DEFAULT_KEYWORD_PARAMS, frequencyCode, frequencyFromCode, inverseDocumentFrequency, keywordScores, storedFrequency } from '../../src/lib/ask/keyword.ts';

const docs = [
  { text: 'We should release more open source models.', topics: 'Open source' },
  { text: 'Capacity for compute will need to grow a lot.', label: 'Infrastructure' },
  { text: 'It lasted two hours.', question: 'Did you give Codex control of your computer?' },
  { text: 'Open models are good, and open weights matter.' },
  { text: 'Tailwinds are improving models.', about: 'What helps and what threatens the business.' },
];

describe('keyword scoring (BM25F)', () => {
  const index = buildKeywordIndex(docs);

  it('ranks the passage holding the rare words first', () => {
    const scores = keywordScores(index, 'open source models');
    expect(Math.max(...scores)).toBe(scores[0]);
    expect(scores[1]).toBe(0);
  });

  it('gives an answer the words of the question it responds to, and a passage its label', () => {
    expect(keywordScores(index, 'Codex control')[2]).toBeGreaterThan(0);
    expect(keywordScores(index, 'infrastructure')[1]).toBeGreaterThan(0);
  });

  it('keeps scores in [0, 1) and at 0 when no keyword is shared', () => {
    for (const q of ['open source models', 'compute capacity', 'banana bread']) {
      for (const s of keywordScores(index, q)) {
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThan(1);
      }
    }
    expect([...keywordScores(index, 'banana bread')]).toEqual([0, 0, 0, 0, 0]);
  });

  it('weighs rare terms above common ones, and unknown terms highest, so they pull coverage down', () => {
    expect(inverseDocumentFrequency(index, 'codex')).toBeGreaterThan(inverseDocumentFrequency(index, 'open'));
    expect(inverseDocumentFrequency(index, 'sora')).toBeGreaterThan(inverseDocumentFrequency(index, 'codex'));
    expect(keywordScores(index, 'open models sora')[0]).toBeLessThan(keywordScores(index, 'open models')[0]!);
  });

  it('gives a passage the words of its topics\u2019 descriptions', () => {
    const scores = keywordScores(index, 'What threatens the business?');
    expect(Math.max(...scores)).toBe(scores[4]);
    expect(scores[4]).toBeGreaterThan(0);
  });

  it('reads settings saved before a field existed as giving that field no weight', () => {
    const { about: _about, ...older } = DEFAULT_KEYWORD_PARAMS.weights;
    const legacy = buildKeywordIndex(docs, { ...DEFAULT_KEYWORD_PARAMS, weights: older as typeof DEFAULT_KEYWORD_PARAMS.weights });
    expect(keywordScores(legacy, 'threatens')[4]).toBe(0);
    expect(keywordScores(legacy, 'tailwinds')[4]).toBeGreaterThan(0);
  });

  it('ignores a field whose weight is 0', () => {
    const noTopics = buildKeywordIndex(docs, { ...DEFAULT_KEYWORD_PARAMS, weights: { ...DEFAULT_KEYWORD_PARAMS.weights, label: 0 } });
    expect(keywordScores(noTopics, 'infrastructure')[1]).toBe(0);
  });
});

describe('frequencies as the term shards ship them', () => {
  it('keeps every frequency within 0.025% in 16 bits, and decodes each code to the value it was made from', () => {
    let worst = 0;
    for (let k = 0; k < 20_000; k++) {
      const f = 2 ** (-15 + (30 * k) / 20_000) * (1 + ((k * 7919) % 1000) / 1000);
      const code = frequencyCode(f);
      expect(code).toBeGreaterThanOrEqual(0);
      expect(code).toBeLessThanOrEqual(0xffff);
      worst = Math.max(worst, Math.abs(frequencyFromCode(code) - f) / f);
      expect(frequencyCode(storedFrequency(f))).toBe(code);
      expect(storedFrequency(storedFrequency(f))).toBe(storedFrequency(f));
    }
    expect(worst).toBeLessThan(0.00025);
    // Rounding up past the mantissa carries into the exponent.
    expect(storedFrequency(1.99999)).toBe(2);
    expect(storedFrequency(0.5)).toBe(0.5);
  });

  it('builds an index whose frequencies are those codes, so a shard read back scores as the build did', () => {
    const index = buildKeywordIndex([{ text: 'rail rail budget' }, { text: 'a much longer passage about the rail budget and the harbour' }]);
    for (const list of index.postings.values()) for (const f of list.frequencies) expect(storedFrequency(f)).toBe(f);
  });
});
