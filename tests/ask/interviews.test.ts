import { describe, expect, it } from 'vitest';
import { createAskIndex, DEFAULT_RETRIEVAL_PARAMS, scorePassages } from '../../src/lib/ask/answer.ts';
import { interviewStanding } from '../../src/lib/ask/interviews.ts';
import { buildKeywordIndex } from '../../src/lib/ask/keyword.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';

/** Interviews of four passages each, of the test's texts; `questions` are interviewers' questions, which never answer. */
function archive(texts: string[], questions: number[] = []) {
  const interview = Int32Array.from(texts, (_, i) => Math.floor(i / 4));
  const isQuestion = Uint8Array.from(texts, (_, i) => (questions.includes(i) ? 1 : 0));
  return { structure: { interview, isQuestion }, keyword: buildKeywordIndex(texts.map((text) => ({ text }))) };
}

const filler = ['the weather was fine', 'we spoke of many things', 'a long afternoon indeed', 'then we went home'];

describe('the standing of an interview', () => {
  it('is highest for the interview whose words are the question’s throughout, not once', () => {
    const { structure, keyword } = archive([
      'the monsoon and the farm', 'farm loans after the monsoon', 'irrigation for every farm', 'a farm in the monsoon',
      'the farm was mentioned once', ...filler.slice(1),
      ...filler,
    ]);
    const standing = interviewStanding(structure, keyword, 'What does the monsoon do to a farm?');
    expect(standing[0]).toBeGreaterThan(standing[1]!);
    expect(standing[1]).toBeGreaterThan(standing[2]!);
  });

  it('stands at 0 for an interview of questions alone, and for every interview when only one may answer', () => {
    const { structure, keyword } = archive(['farm farm farm', ...filler.slice(1), ...filler, 'a farm', ...filler.slice(1)], [0, 1, 2, 3]);
    const standing = interviewStanding(structure, keyword, 'farm');
    expect(standing[0]).toBe(0);
    expect(standing[2]).toBeGreaterThan(standing[1]!);
    const one = archive(['farm', ...filler.slice(1), ...filler], [4, 5, 6, 7]);
    expect([...interviewStanding(one.structure, one.keyword, 'farm')]).toEqual([0, 0]);
    // No interview holds the question's words: none stands out.
    expect([...interviewStanding(structure, keyword, 'zebra')]).toEqual([0, 0, 0]);
  });
});

describe('confidence lent by the standing of interviews', () => {
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

  const without = { ...DEFAULT_RETRIEVAL_PARAMS, interviewConfidenceWeight: 0 };

  it('lends confidence to the passages of an interview that stands out, and takes none from the others', () => {
    const plain = scorePassages(createAskIndex(passages, vectors, without), calibration, question, cosine);
    const lent = scorePassages(createAskIndex(passages, vectors, { ...without, interviewConfidenceWeight: 0.5 }), calibration, question, cosine);
    expect(lent.confidence[4]).toBeGreaterThan(plain.confidence[4]!);
    expect(lent.confidence[4]).toBeGreaterThan(lent.confidence[0]!);
    expect(lent.best).toBe(Math.max(...lent.confidence.slice(4, 8)));
    for (const i of [0, 8, 12, 16]) expect(lent.confidence[i]).toBeGreaterThanOrEqual(plain.confidence[i]!);
  });

  it('judges an interview among the whole archive when asked within a scope', () => {
    const index = createAskIndex(passages, vectors, { ...without, interviewConfidenceWeight: 0.5 });
    const members = Uint8Array.from(passages, (_, i) => (i >= 4 && i < 8 ? 1 : 0));
    const whole = scorePassages(index, calibration, question, cosine);
    const within = scorePassages({ ...index, members }, calibration, question, cosine);
    // Within interview 1 alone it still stands out against the others, so its passages keep the confidence the threshold was calibrated on.
    expect(within.best).toBe(Math.max(...whole.confidence.slice(4, 8)));
    expect(within.best).toBeGreaterThan(scorePassages(createAskIndex(passages, vectors, without), calibration, question, cosine).confidence[4]!);
    expect(within.archiveBest).toBe(whole.best);
  });

  it('leaves order and confidence as they were with a weight of 0, or in an index built before interviews were kept', () => {
    const plain = scorePassages(createAskIndex(passages, vectors, without), calibration, question, cosine);
    expect(plain.confidence[4]).toBe(plain.confidence[0]);
    const weighted = createAskIndex(passages, vectors, DEFAULT_RETRIEVAL_PARAMS);
    const { interview: _, ...before } = weighted.structure;
    const old = scorePassages({ ...weighted, structure: before }, calibration, question, cosine);
    expect(Array.from(old.order!)).toEqual(Array.from(plain.order!));
    expect(Array.from(old.confidence)).toEqual(Array.from(plain.confidence));
  });
});
