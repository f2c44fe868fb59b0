import { describe, expect, it } from 'vitest';
import { createAskIndex, DEFAULT_RETRIEVAL_PARAMS, scorePassages } from '../../src/lib/ask/answer.ts';
import { interviewStanding } from '../../src/lib/ask/interviews.ts';
import { buildKeywordIndex } from '../../src/lib/ask/keyword.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';

/** Three interviews of four passages; the texts and dense z-scores are the test's. */
function archive(texts: string[]) {
  const interview = Int32Array.from(texts, (_, i) => Math.floor(i / 4));
  const keyword = buildKeywordIndex(texts.map((text) => ({ text })));
  return { interview, keyword, candidates: texts.map((_, i) => i) };
}

const filler = ['the weather was fine', 'we spoke of many things', 'a long afternoon indeed', 'then we went home'];

describe('the standing of an interview', () => {
  it('is highest for the interview whose words are the question’s throughout, not once', () => {
    const { interview, keyword, candidates } = archive([
      'the monsoon and the farm', 'farm loans after the monsoon', 'irrigation for every farm', 'a farm in the monsoon',
      'the farm was mentioned once', ...filler.slice(1),
      ...filler,
    ]);
    const standing = interviewStanding(interview, new Float64Array(12), keyword, 'What does the monsoon do to a farm?', candidates);
    expect(standing[0]).toBeGreaterThan(standing[1]!);
    expect(standing[1]).toBeGreaterThan(standing[2]!);
  });

  it('is highest for the interview with the most passages close in meaning, not one', () => {
    const { interview, keyword, candidates } = archive([...filler, ...filler, ...filler]);
    // Interview 0: one passage very close; interview 1: three close; interview 2: none.
    const dense = Float64Array.from([4, 0, 0, 0, 3, 3, 3, 0, 0, 0, 0, 0]);
    const standing = interviewStanding(interview, dense, keyword, 'anything at all', candidates);
    expect(standing[1]).toBeGreaterThan(standing[0]!);
    expect(standing[0]).toBeGreaterThan(standing[2]!);
  });

  it('counts only candidates: an interview without one stands at 0, and one interview alone ranks nothing', () => {
    const { interview, keyword } = archive(['farm farm farm', ...filler.slice(1), ...filler, ...filler]);
    const dense = Float64Array.from([5, 5, 5, 5, 0, 0, 0, 0, 1, 1, 1, 1]);
    const withoutFirst = interviewStanding(interview, dense, keyword, 'farm', [4, 5, 6, 7, 8, 9, 10, 11]);
    expect(withoutFirst[0]).toBe(0);
    expect(withoutFirst[2]).toBeGreaterThan(withoutFirst[1]!);
    expect([...interviewStanding(interview, dense, keyword, 'farm', [0, 1, 2])]).toEqual([0, 0, 0]);
    expect([...interviewStanding(interview, dense, keyword, 'farm', [])]).toEqual([0, 0, 0]);
  });

  it('reads words only within the scope asked', () => {
    const { interview, keyword, candidates } = archive(['farm farm', 'farm', ...filler.slice(2), 'farm', ...filler.slice(1), ...filler]);
    const members = Uint8Array.from({ length: 12 }, (_, i) => (i < 2 ? 0 : 1));
    const inScope = candidates.filter((i) => members[i]);
    const standing = interviewStanding(interview, new Float64Array(12), keyword, 'farm', inScope, members);
    // Interview 0's words about farms are outside the scope: interview 1 holds the only one inside.
    expect(standing[1]).toBeGreaterThan(standing[0]!);
  });
});

describe('ranking with the standing of interviews', () => {
  // Two passages with the same words and vector, in interviews that differ only in what else they say.
  const text = (interview: number, k: number, words: string) => ({
    id: `i${interview}#p${k}`, kind: 'answer' as const, url: `/i${interview}/#p${k}`, text: words, speaker: 'A', voices: ['A'], interview: `Interview ${interview}`, published: null, topics: [],
  });
  const passages: AskPassage[] = [
    text(0, 0, 'the price of onions rose'), text(0, 1, 'a cricket match in the rain'), text(0, 2, 'the bowler took five wickets'), text(0, 3, 'the crowd went home'),
    text(1, 0, 'the price of onions rose'), text(1, 1, 'onion farmers and their prices'), text(1, 2, 'why food prices rise in winter'), text(1, 3, 'the mandi sets the price of onions'),
    ...[2, 3, 4].flatMap((n) => filler.map((words, k) => text(n, k, words))),
  ];
  const dims = 8;
  const floats = passages.map((_, i) => Float32Array.from({ length: dims }, (_, d) => (d === i % dims ? 1 : 0)));
  const vectors = quantizeVectors(floats, dims);
  const calibration = { dense: { mean: 0, std: 0.1 } };
  const cosine = new Float64Array(passages.length);
  const question = 'Why did the price of onions rise?';

  it('puts first the passage from the interview about the question, of two that score the same', () => {
    const index = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, interviewWeight: 1 });
    const { order } = scorePassages(index, calibration, question, cosine);
    expect(order![4]).toBeGreaterThan(order![0]!);
  });

  it('leaves the order as it was with a weight of 0, or in an index built before interviews were kept', () => {
    const plain = scorePassages(createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, interviewWeight: 0 }), calibration, question, cosine);
    expect(plain.order![4]).toBe(plain.order![0]);
    const weighted = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, interviewWeight: 1 });
    const { interview: _, ...before } = weighted.structure;
    const old = scorePassages({ ...weighted, structure: before }, calibration, question, cosine);
    expect(Array.from(old.order!)).toEqual(Array.from(plain.order!));
  });
});
