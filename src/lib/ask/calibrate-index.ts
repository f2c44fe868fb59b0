/**
 * Calibration at index build time: scores questions the archive cannot answer and the archive's own
 * interviewers' questions with the same code that answers readers, and derives the thresholds.
 */
import { centerQuery, scorePassages, type AskIndex } from './answer.ts';
import { declineThreshold, meanStd, type Calibration } from './calibration.ts';
import { withoutDocument } from './keyword.ts';
import { keywordDocuments, type AskPassage } from './passage-data.ts';
import { passageStructure } from './shards.ts';
import { dotAll, type QuantizedVectors } from './vectors.ts';

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

/**
 * Learns the calibration: the dense background from off-topic questions against every passage, then
 * the best confidence of each off-topic question and of each interviewer's question (replayed
 * against the index with that question left out, so that it cannot simply find itself).
 */
export function calibrateIndex(index: AskIndex, offTopic: readonly CalibrationQuestion[], interviewerQuestions: ReadonlyMap<number, Float32Array>, margin = DECLINE_MARGIN, center = true): Calibration {
  const sampled = new Set(sampleQuestions([...interviewerQuestions.keys()].sort((a, b) => a - b)));
  const centroid = center && offTopic.length > 0 ? meanVector(offTopic.map((q) => q.vector)) : undefined;
  const cosines = offTopic.map((q) => dotAll(index.vectors, centerQuery(q.vector, centroid)));
  const dense = meanStd(cosines.flatMap((row) => [...row]));
  const best = (idx: AskIndex, question: string, cosine: ArrayLike<number>) => {
    return scorePassages(idx, { dense }, question, cosine).best;
  };
  const offTopicBest = offTopic.map((q, i) => best(index, q.text, cosines[i]!));
  const onTopicBest = [...interviewerQuestions]
    .filter(([position]) => sampled.has(position))
    .flatMap(([position, vector]) => {
      const held = leaveOut(index, position);
      if (!held.passages.some((p) => p.kind !== 'question')) return [];
      return [best(held, index.passages[position]!.text, dotAll(held.vectors, centerQuery(vector, centroid)))];
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
 * The index without one passage; answers that followed it lose their question. Only those answers'
 * keyword counts are redone (keyword.ts, withoutDocument), so a replay costs a copy of the vectors,
 * not a new index of the whole archive.
 */
export function leaveOut(index: AskIndex, position: number): AskIndex {
  const { dims, count } = index.vectors;
  const renumber = (i: number | undefined) => (i === undefined || i === position ? undefined : i > position ? i - 1 : i);
  const orphans: number[] = [];
  const passages: AskPassage[] = [];
  index.passages.forEach((passage, i) => {
    if (i === position) return;
    const { question, ...rest } = passage;
    const kept = renumber(question);
    if (question === position) orphans.push(i);
    passages.push(kept === undefined ? rest : { ...rest, question: kept });
  });
  const values = new Int8Array((count - 1) * dims);
  values.set(index.vectors.values.subarray(0, position * dims));
  values.set(index.vectors.values.subarray((position + 1) * dims), position * dims);
  const scales = new Float32Array(count - 1);
  scales.set(index.vectors.scales.subarray(0, position));
  scales.set(index.vectors.scales.subarray(position + 1), position);
  const vectors: QuantizedVectors = { count: count - 1, dims, scales, values };
  // An orphan's fields read as before, without the question's words.
  const documents = orphans.length > 0 ? keywordDocuments(index.passages) : [];
  const replaced = new Map(orphans.map((i) => [i, { ...documents[i]!, question: '' }]));
  return { ...index, passages, vectors, structure: passageStructure(passages), keyword: withoutDocument(index.keyword, position, replaced) };
}
