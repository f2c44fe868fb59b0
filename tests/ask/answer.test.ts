import { describe, expect, it } from 'vitest';
import { answerText, ask, createAskIndex, DEFAULT_RETRIEVAL_PARAMS, groupByTurn, MAX_ANSWER_PARTS, unknownNames } from '../../src/lib/ask/answer.ts';
import { calibrateIndex, calibrationWarning, leaveOut, MAX_ON_TOPIC, sampleQuestions } from '../../src/lib/ask/calibrate-index.ts';
import { declineThreshold, meanStd, quantile } from '../../src/lib/ask/calibration.ts';
import { keywordScores } from '../../src/lib/ask/keyword.ts';
import { questionGist } from '../../src/lib/ask/sentences.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { dotAll, quantizeVectors } from '../../src/lib/ask/vectors.ts';

const base = { speaker: 'Sam', voices: ['Sam'], interview: 'An interview', published: null, topics: [] };
const passages: AskPassage[] = [
  { ...base, id: 'i#q', kind: 'question', url: '/i/#q', text: 'What did you get wrong about rivals?' },
  { ...base, id: 'i#a1', kind: 'answer', url: '/i/#a1', text: 'Several things. The landscape changed fast.', question: 0 },
  { ...base, id: 'i#r', kind: 'report', url: '/i/#r', text: 'He said compute capacity is underestimated.' },
  { ...base, id: 'i#s', kind: 'report', url: '/i/#s', text: 'Moltbook points to something real.' },
];
// Four orthogonal directions: the question, its answer, the compute report, the Moltbook report.
const axis = (i: number, dims = 8) => Float32Array.from({ length: dims }, (_, k) => (k === i ? 1 : 0));
const vectors = quantizeVectors([axis(0), axis(1), axis(2), axis(3)], 8);
const index = createAskIndex(passages, vectors);
const calibration = { dense: { mean: 0, std: 0.1 }, threshold: 3 };

describe('ask', () => {
  it('answers through the interviewer\u2019s question: a question close to it brings up the answer that follows', () => {
    const result = ask(index, calibration, 'Where did you go wrong?', axis(0));
    expect(result.abstained).toBe(false);
    expect(result.answers[0]!.passage).toBe(1);
  });

  it('never returns an interviewer\u2019s question as an answer, but does return reports', () => {
    const result = ask(index, calibration, 'compute capacity', axis(2));
    expect(result.answers.map((a) => a.passage)).not.toContain(0);
    expect(result.answers[0]!.passage).toBe(2);
  });

  it('lets a rare keyword carry a question the model does not understand', () => {
    const result = ask(index, calibration, 'What about Moltbook?', axis(7));
    expect(result.answers[0]!.passage).toBe(3);
  });

  it('declines below the threshold and suggests keyword matches instead', () => {
    const result = ask(index, { ...calibration, threshold: 100 }, 'compute', axis(2));
    expect(result).toMatchObject({ abstained: true, answers: [] });
    expect(result.suggestions).toEqual([2]);
  });

  it('suggests on a decline only passages that stand on their own and share a keyword of the question in their own words', () => {
    const mixed: AskPassage[] = [
      { ...base, id: 'j#f', kind: 'report', url: '/j/#f', text: 'Altman added:' },
      { ...base, id: 'j#t', kind: 'report', url: '/j/#t', text: 'Sales cycles in large companies run long.', topics: ['bread'] },
      { ...base, id: 'j#w', kind: 'report', url: '/j/#w', text: 'Altman said bread ovens need more compute than expected.' },
    ];
    const small = createAskIndex(mixed, quantizeVectors([axis(0), axis(1), axis(2)], 8));
    const declined = { ...calibration, threshold: 100 };
    expect(ask(small, declined, 'What did Altman say about bread?', axis(5)).suggestions).toEqual([2]);
    expect(ask(small, declined, 'How do I bake sourdough?', axis(5)).suggestions).toEqual([]);
  });

  it('declines a question about a name no passage mentions, however close the rest sounds', () => {
    expect(unknownNames(index.keyword, 'What did Sam say about Sora and GPT-7?')).toEqual(['Sora', 'GPT-7']);
    expect(unknownNames(index.keyword, 'Is Moltbook real? Where did Sam go wrong?')).toEqual([]);
    expect(ask(index, calibration, 'What does Sora say about compute capacity?', axis(2)).abstained).toBe(true);
    const lenient = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, declineUnknownNames: false });
    expect(ask(lenient, calibration, 'What does Sora say about compute capacity?', axis(2)).abstained).toBe(false);
  });

  it('keeps only answers within the margin of the best, not a padded list', () => {
    const mixed = Float32Array.from(axis(2), (v, k) => v + (k === 3 ? 0.2 : 0));
    const result = ask(index, calibration, 'capacity', mixed);
    expect(result.answers.map((a) => a.passage)).toEqual([2]);
  });

  it('orders by each signal standardised over the candidates, but declines on the calibrated confidence', () => {
    // Dense prefers the compute report a little; the keyword "Moltbook" singles out the Moltbook report.
    const query = Float32Array.from(axis(2), (v, k) => (k === 3 ? 0.8 : v * 0.9));
    const byScore = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, fusion: 'score', keywordWeight: 1 });
    const standardized = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, fusion: 'standardized', keywordWeight: 1, rankKeywordWeight: 2 });
    expect(ask(byScore, calibration, 'Moltbook', query).answers.map((a) => a.passage)).toEqual([2, 3]);
    const result = ask(standardized, calibration, 'Moltbook', query);
    expect(result.answers.map((a) => a.passage)).toEqual([3, 2]);
    // The confidence is the same whatever the order, so the decision to answer is too.
    expect(result.confidence).toBeCloseTo(ask(byScore, calibration, 'Moltbook', query).confidence);
    expect(ask(standardized, { ...calibration, threshold: result.confidence + 0.01 }, 'Moltbook', query).abstained).toBe(true);
  });

  it('centres the question on the off-topic centroid when the calibration has one', () => {
    const centroid = Array.from(axis(2), (v) => v * 0.9);
    const plain = ask(index, calibration, 'x', axis(2)).answers[0]!.score;
    const centred = ask(index, { ...calibration, centroid }, 'x', axis(2)).answers[0]?.score ?? Number.NEGATIVE_INFINITY;
    expect(centred).toBeLessThan(plain);
  });
});

describe('answers over the turns of a conversation', () => {
  // A question (0), then one long answer split into four passages (1-4), then another guest's answer (5).
  const turn: AskPassage[] = [
    { ...base, id: 't#q', kind: 'question', url: '/t/#q', speaker: 'Host', text: 'Tell me about the railway. Why did the harbour line close?' },
    { ...base, id: 't#a1', kind: 'answer', url: '/t/#a1', text: 'The harbour line carried coal for a century.', question: 0 },
    { ...base, id: 't#a2', kind: 'answer', url: '/t/#a2', text: 'Then the mines shut and the line lost its freight.', question: 0, turn: 1 },
    { ...base, id: 't#a3', kind: 'answer', url: '/t/#a3', text: 'Passengers alone never paid for the track.', question: 0, turn: 1 },
    { ...base, id: 't#a4', kind: 'answer', url: '/t/#a4', text: 'So the council closed it in the end.', question: 0, turn: 1 },
    { ...base, id: 't#b', kind: 'answer', url: '/t/#b', speaker: 'Ann', text: 'I would add that buses took the passengers.', question: 0 },
  ];
  const near = (weights: number[]) => Float32Array.from({ length: 8 }, (_, k) => weights[k] ?? 0);
  // Every passage its own direction; the question lies between them, weighted as given.
  const turnIndex = createAskIndex(turn, quantizeVectors(turn.map((_, i) => axis(i)), 8), { ...DEFAULT_RETRIEVAL_PARAMS, questionVector: false, keywordWeight: 0, rankKeywordWeight: 0 });
  const loose = { dense: { mean: 0, std: 0.1 }, threshold: 1 };

  it('shows neighbouring passages of one turn that answer as one answer, in reading order, with the question it follows', () => {
    const result = ask(turnIndex, loose, 'Why did the harbour line close?', near([0, 0.4, 0.5, 0.45, 0, 0.38]));
    expect(result.abstained).toBe(false);
    expect(result.answers[0]).toMatchObject({ passage: 2, parts: [1, 2, 3], asked: 0 });
    expect(answerText(result.answers[0]!, (i) => turn[i]!.text)).toBe(`${turn[1]!.text}\n\n${turn[2]!.text}\n\n${turn[3]!.text}`);
    // The other guest's answer comes next, whole and alone; no passage is shown twice.
    expect(result.answers.map((a) => a.passage)).toEqual([2, 5]);
    expect(result.answers[1]!.parts).toBeUndefined();
  });

  it('lets another part of a turn already answering wait until every other close passage has its place', () => {
    // Parts 1 and 3 score best but are not neighbours; the other guest (5) comes before part 3.
    expect(groupByTurn(turnIndex.structure, [1, 3, 5], 2)).toEqual([
      { best: 1, run: [1] },
      { best: 5, run: [5] },
    ]);
    // With nothing else close, it answers on its own.
    expect(groupByTurn(turnIndex.structure, [1, 3], 5)).toEqual([
      { best: 1, run: [1] },
      { best: 3, run: [3] },
    ]);
    // A part that waited joins once the part between has joined.
    expect(groupByTurn(turnIndex.structure, [1, 3, 2], 5)).toEqual([{ best: 1, run: [1, 2, 3] }]);
    // A run stops at MAX_ANSWER_PARTS passages.
    expect(groupByTurn(turnIndex.structure, [2, 1, 3, 4], 5)[0]!.run).toHaveLength(MAX_ANSWER_PARTS);
  });

  it('shows the end of a long question, its own words, and says what it leaves out', () => {
    const long = `${'Let me set this up first. '.repeat(20)}So why did the harbour line close?`;
    expect(questionGist('Why did it close?')).toBe('Why did it close?');
    expect(questionGist(long, 60)).toBe('… Let me set this up first. So why did the harbour line close?');
    expect(questionGist('The district. Karnataka or India?', 240, true)).toBe('… The district. Karnataka or India?');
    expect(questionGist('the district. Karnataka or India?')).toBe('… the district. Karnataka or India?');
    const endless = `${'and then the line '.repeat(30)}closed?`;
    const gist = questionGist(endless, 40);
    expect(gist.startsWith('… ')).toBe(true);
    expect(endless.endsWith(gist.slice(2))).toBe(true);
    expect(gist.length).toBeLessThanOrEqual(42);
  });
});

describe('calibration', () => {
  it('computes mean, spread and quantiles', () => {
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: 1 });
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it('puts the threshold above every off-topic question by a margin, capped by on-topic questions', () => {
    expect(declineThreshold([1, 2, 3], [10, 11, 12], 1).threshold).toBeCloseTo(3 + Math.sqrt(2 / 3));
    expect(declineThreshold([1, 2, 9], [5, 6, 7], 1).threshold).toBeCloseTo(quantile([5, 6, 7], 0.1));
  });

  it('learns from the archive: off-topic questions score below the threshold, replayed interviewer questions above', () => {
    const offTopic = [4, 5, 6, 7].map((i) => ({ text: 'How do I bake bread?', vector: axis(i) }));
    const learned = calibrateIndex(index, offTopic, new Map([[0, axis(1)]]));
    expect(learned.offTopic.count).toBe(4);
    expect(learned.onTopic.count).toBe(1);
    expect(learned.threshold).toBeGreaterThan(learned.offTopic.max);
    expect(learned.centroid).toHaveLength(8);
  });

  it('calibrates on the dense scores an experiment gives, for off-topic and replayed questions alike', () => {
    // Off-topic questions a little like one passage each, so that the background has a spread.
    const near = (i: number) => Float32Array.from(axis(i), (x, k) => (k === i - 4 ? 0.2 * (i - 3) : x));
    const offTopic = [4, 5, 6, 7].map((i) => ({ text: 'How do I bake bread?', vector: near(i) }));
    const interviewers = new Map([[0, axis(1)]]);
    const plain = calibrateIndex(index, offTopic, interviewers);
    expect(plain.dense.std).toBeGreaterThan(0.01);
    // Scoring the plain cosines through the hook changes nothing.
    expect(calibrateIndex(index, offTopic, interviewers, undefined, true, (idx, query) => dotAll(idx.vectors, query))).toEqual(plain);
    // Cosines doubled: the background's mean and spread double, and every confidence is a z-score of them, so the threshold stays.
    const doubled = calibrateIndex(index, offTopic, interviewers, undefined, true, (idx, query) => dotAll(idx.vectors, query).map((c) => 2 * c));
    expect(doubled.dense.mean).toBeCloseTo(2 * plain.dense.mean);
    expect(doubled.dense.std).toBeCloseTo(2 * plain.dense.std);
    expect(doubled.threshold).toBeCloseTo(plain.threshold);
    // Every question calibration scores goes through the hook: each off-topic one, then the replayed interviewer's, centred alike.
    const seen: Float32Array[] = [];
    calibrateIndex(index, offTopic, interviewers, undefined, true, (idx, query) => (seen.push(query), dotAll(idx.vectors, query)));
    expect(seen).toHaveLength(offTopic.length + 1);
    expect(Array.from(seen.at(-1)!)).toEqual(Array.from(axis(1), (x, k) => Math.fround(x - plain.centroid![k]!)));
  });

  it('leaves an interviewer\u2019s question out: its answer loses it, and nothing else moves', () => {
    const held = leaveOut(index, 0);
    expect(held.passages).toHaveLength(4);
    expect(held.passages[1]!.question).toBeUndefined();
    expect(held.structure.question[1]).toBe(-1);
    // The index it came from is untouched, and the vectors are shared, not copied.
    expect(index.passages[1]!.question).toBe(0);
    expect(index.structure.question[1]).toBe(0);
    expect(held.vectors).toBe(index.vectors);
    expect(held.params).toEqual(DEFAULT_RETRIEVAL_PARAMS);
    expect(() => leaveOut(index, 1)).toThrow(/not an interviewer's question/);
  });

  it('leaves a question out without indexing the archive again, scoring keywords as a fresh index of the archive without it does', () => {
    const held = leaveOut(index, 0);
    // The same archive indexed afresh with the question blank and its answer unattached.
    const without = passages.map((p, i) => (i === 0 ? { ...p, text: '' } : i === 1 ? { ...p, question: undefined } : p));
    const fresh = createAskIndex(without, vectors);
    expect(held.structure).toEqual(fresh.structure);
    expect([...held.keyword.postings.keys()].sort()).toEqual([...fresh.keyword.postings.keys()].sort());
    for (const [term, list] of fresh.keyword.postings) expect([...held.keyword.postings.get(term)!.passages], term).toEqual([...list.passages]);
    for (const question of ['rivals', 'What changed fast?', 'compute capacity', 'Sam']) {
      // Field lengths keep the archive's averages (in four passages, one blanked moves them a lot), so
      // scores differ a little; which passages score, and in which order, does not.
      const order = (scores: Float64Array) => [1, 2, 3].filter((i) => scores[i]! > 0).sort((x, y) => scores[y]! - scores[x]!);
      expect(order(keywordScores(held.keyword, question)), question).toEqual(order(keywordScores(fresh.keyword, question)));
    }
    // The answer lost its question's words: "rivals" no longer finds it.
    expect(keywordScores(index.keyword, 'rivals')[1]).toBeGreaterThan(0);
    expect(keywordScores(held.keyword, 'rivals')[1]).toBe(0);
  });

  it('replays a sample spread evenly over a large archive, the same every time, and all of a small one', () => {
    const positions = Array.from({ length: 1750 }, (_, i) => i * 3);
    const sample = sampleQuestions(positions);
    expect(sample).toHaveLength(MAX_ON_TOPIC);
    expect(sample[0]).toBe(0);
    expect(sample.at(-1)!).toBeGreaterThan(positions.at(-1)! * 0.95);
    expect(new Set(sample).size).toBe(MAX_ON_TOPIC);
    expect(sampleQuestions(positions)).toEqual(sample);
    expect(sampleQuestions([5, 9])).toEqual([5, 9]);
  });

  it('warns when too few interviewers\' questions stand behind the threshold', () => {
    const offTopic = [4, 5, 6, 7].map((i) => ({ text: 'How do I bake bread?', vector: axis(i) }));
    expect(calibrationWarning(calibrateIndex(index, offTopic, new Map()))).toMatch(/no interviewers' questions/);
    expect(calibrationWarning(calibrateIndex(index, offTopic, new Map([[0, axis(1)]])))).toMatch(/only 1 interviewers' questions/);
    const learned = calibrateIndex(index, offTopic, new Map([[0, axis(1)]]));
    expect(calibrationWarning({ ...learned, offTopic: { count: 60, max: 4, p95: 3 }, onTopic: { count: 40, p10: 5, median: 8 } })).toBeUndefined();
    expect(calibrationWarning({ ...learned, offTopic: { count: 60, max: 10.23, p95: 8 }, onTopic: { count: 64, p10: 7.67, median: 10.3 } })).toMatch(/cannot tell them apart/);
  });
});
