/**
 * Calibration at index build time: scores questions the archive cannot answer and the archive's own
 * interviewers' questions with the same code that answers readers, and derives the thresholds.
 */
import { centerQuery, scorePassages, type AskIndex } from './answer.ts';
import { declineThreshold, meanStd, type Calibration } from './calibration.ts';
import { replaceDocuments } from './keyword.ts';
import { keywordDocument, sectionLabels } from './passage-data.ts';
import { dotAll } from './vectors.ts';

/** A calibration question with its embedding. */
export type CalibrationQuestion = { text: string; vector: Float32Array };

/** Confidence margin above the highest off-topic question, in standard deviations of off-topic confidences. */
export const DECLINE_MARGIN = 1;

/** At most this many interviewers' questions are replayed, each against an index without it. */
export const MAX_ON_TOPIC = 64;

/** Below this many replayed interviewers' questions the threshold rests on off-topic questions alone, or nearly. */
export const MIN_ON_TOPIC = 8;

/**
 * Which of an archive's interviewers' questions calibration replays: all of them up to `limit`,
 * else `limit` spread evenly over the archive, first to last, so that every part of a large archive
 * is heard and the same archive always gives the same sample.
 */
export function sampleQuestions(positions: readonly number[], limit = MAX_ON_TOPIC): number[] {
  if (positions.length <= limit) return [...positions];
  return Array.from({ length: limit }, (_, i) => positions[Math.floor((i * positions.length) / limit)]!);
}

/** Why a calibration has too little to stand on, in one sentence for the build's log; undefined when it has enough. */
export function calibrationWarning(calibration: Calibration): string | undefined {
  const { onTopic } = calibration;
  if (onTopic.count === 0) {
    return 'the archive has no interviewers\' questions to calibrate on, so the decline threshold rests on off-topic questions alone and may decline answerable questions or answer off-topic ones';
  }
  if (onTopic.count < MIN_ON_TOPIC) {
    return `only ${onTopic.count} interviewers' questions to calibrate on (fewer than ${MIN_ON_TOPIC}), so the decline threshold is uncertain`;
  }
  const { offTopic } = calibration;
  if (offTopic.count > 0 && offTopic.max > onTopic.p10) {
    return `off-topic questions score as high as the interviewers' own (best ${offTopic.max.toFixed(2)}, above their 10th percentile ${onTopic.p10.toFixed(2)}), so the threshold cannot tell them apart and some questions the archive does not answer will get answers`;
  }
  return undefined;
}

/** A centred query's dense score against every passage: its cosines, or what an experiment makes of them (scripts/ask/experiments.ts). */
export type CosineOf = (index: AskIndex, query: Float32Array) => ArrayLike<number>;

/**
 * Learns the calibration: the dense background from off-topic questions against every passage, then
 * the best confidence of each off-topic question and of each interviewer's question (replayed
 * against the index with that question left out, so that it cannot simply find itself).
 */
export function calibrateIndex(
  index: AskIndex,
  offTopic: readonly CalibrationQuestion[],
  interviewerQuestions: ReadonlyMap<number, Float32Array>,
  margin = DECLINE_MARGIN,
  center = true,
  cosinesOf: CosineOf = (idx, query) => dotAll(idx.vectors, query),
): Calibration {
  const sampled = new Set(sampleQuestions([...interviewerQuestions.keys()].sort((a, b) => a - b)));
  const centroid = center && offTopic.length > 0 ? meanVector(offTopic.map((q) => q.vector)) : undefined;
  const cosines = offTopic.map((q) => cosinesOf(index, centerQuery(q.vector, centroid)));
  const dense = meanStd(cosines.flatMap((row) => Array.from(row)));
  const best = (idx: AskIndex, question: string, cosine: ArrayLike<number>) => {
    return scorePassages(idx, { dense }, question, cosine, false).best;
  };
  const offTopicBest = offTopic.map((q, i) => best(index, q.text, cosines[i]!));
  const sections = sectionLabels(index.passages);
  const onTopicBest = [...interviewerQuestions]
    .filter(([position]) => sampled.has(position))
    .flatMap(([position, vector]) => {
      const held = leaveOut(index, position, sections);
      if (!held.passages.some((p) => p.kind !== 'question')) return [];
      return [best(held, index.passages[position]!.text, cosinesOf(held, centerQuery(vector, centroid)))];
    });
  return { dense, ...(centroid ? { centroid } : {}), ...declineThreshold(offTopicBest, onTopicBest, margin) };
}

function meanVector(vectors: readonly Float32Array[]): number[] {
  const mean = new Array<number>(vectors[0]!.length).fill(0);
  for (const vector of vectors) vector.forEach((value, i) => (mean[i]! += value / vectors.length));
  // Six decimals keep the manifest small; the centroid moves cosines by far less than their noise.
  return mean.map((value) => Math.round(value * 1e6) / 1e6);
}

/**
 * The index as if one interviewer's question had not been asked: its words and vector reach no
 * answer. The answers that followed it lose it (no question of their own, none of its words in
 * their keyword fields), and its own words leave the keyword index. Nothing is renumbered and the
 * vectors are shared, so a replay costs the words of a few passages, not a copy of the archive:
 * on 68,502 passages, 64 replays went from 50 s to well under a second. The passage stays, as a
 * question no reader's answer can be (scorePassages never ranks questions).
 */
export function leaveOut(index: AskIndex, position: number, sections = sectionLabels(index.passages)): AskIndex {
  if (index.passages[position]?.kind !== 'question') throw new Error(`leaveOut: passage ${position} is not an interviewer's question`);
  const orphans: number[] = [];
  index.structure.question.forEach((asked, i) => {
    if (asked === position) orphans.push(i);
  });
  const passages = index.passages.slice();
  const question = index.structure.question.slice();
  for (const i of orphans) {
    const { question: _asked, ...rest } = passages[i]!;
    passages[i] = rest;
    question[i] = -1;
  }
  const changed = [position, ...orphans];
  const before = new Map(changed.map((i) => [i, keywordDocument(index.passages, i, sections)]));
  const replaced = new Map(changed.map((i) => [i, i === position ? { ...before.get(i)!, text: '' } : { ...before.get(i)!, question: '' }]));
  return { ...index, passages, structure: { ...index.structure, question }, keyword: replaceDocuments(index.keyword, replaced, before) };
}
