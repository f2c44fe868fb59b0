/**
 * Calibration at index build time: scores questions the archive cannot answer and the archive's own
 * interviewers' questions with the same code that answers readers, and derives the thresholds.
 */
import { centerQuery, createAskIndex, scorePassages, type AskIndex } from './answer.ts';
import { declineThreshold, meanStd, type Calibration } from './calibration.ts';
import type { AskPassage } from './passage-data.ts';
import { dotAll, type QuantizedVectors } from './vectors.ts';

/** A calibration question with its embedding. */
export type CalibrationQuestion = { text: string; vector: Float32Array };

/** Confidence margin above the highest off-topic question, in standard deviations of off-topic confidences. */
export const DECLINE_MARGIN = 1;

/** At most this many interviewers' questions are replayed, each against an index without it. */
const MAX_ON_TOPIC = 64;

/**
 * Learns the calibration: the dense background from off-topic questions against every passage, then
 * the best confidence of each off-topic question and of each interviewer's question (replayed
 * against the index with that question left out, so that it cannot simply find itself).
 */
export function calibrateIndex(index: AskIndex, offTopic: readonly CalibrationQuestion[], interviewerQuestions: ReadonlyMap<number, Float32Array>, margin = DECLINE_MARGIN, center = true): Calibration {
  const centroid = center && offTopic.length > 0 ? meanVector(offTopic.map((q) => q.vector)) : undefined;
  const cosines = offTopic.map((q) => dotAll(index.vectors, centerQuery(q.vector, centroid)));
  const dense = meanStd(cosines.flatMap((row) => [...row]));
  const best = (idx: AskIndex, question: string, cosine: ArrayLike<number>) => {
    return scorePassages(idx, { dense }, question, cosine).best;
  };
  const offTopicBest = offTopic.map((q, i) => best(index, q.text, cosines[i]!));
  const onTopicBest = [...interviewerQuestions]
    .slice(0, MAX_ON_TOPIC)
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

/** The index without one passage; answers that followed it lose their question. */
export function leaveOut(index: AskIndex, position: number): AskIndex {
  const { dims } = index.vectors;
  const keep = index.passages.map((_, i) => i).filter((i) => i !== position);
  const renumber = (i: number | undefined) => (i === undefined || i === position ? undefined : i > position ? i - 1 : i);
  const passages: AskPassage[] = keep.map((i) => {
    const { question, ...rest } = index.passages[i]!;
    const kept = renumber(question);
    return kept === undefined ? rest : { ...rest, question: kept };
  });
  const vectors: QuantizedVectors = {
    count: keep.length,
    dims,
    scales: Float32Array.from(keep, (i) => index.vectors.scales[i]!),
    values: Int8Array.from(keep.flatMap((i) => [...index.vectors.values.subarray(i * dims, (i + 1) * dims)])),
  };
  return createAskIndex(passages, vectors, index.params);
}
