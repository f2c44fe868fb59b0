/**
 * Thresholds learned from the archive itself at index build time: how high questions it cannot
 * answer score, against how high its own interviewers' questions score, so that declining adapts to
 * the model and the archive instead of resting on a constant (ANCHORS.md, pitfall 1).
 */

/** What the index build learned about scores in this archive, stored in the manifest. */
export type Calibration = {
  /** Cosine between an unanswerable question and a passage: mean and spread, to turn cosines into z-scores. */
  dense: { mean: number; std: number };
  /** Mean embedding of the unanswerable questions, subtracted from every question (see centerQuery). */
  centroid?: number[];
  /** Best confidence (on the scale of answer.ts) of each calibration question that the archive cannot answer. */
  offTopic: { count: number; max: number; p95: number };
  /** Best confidence of each question taken from the archive's own interviewers, and of its section labels. */
  onTopic: { count: number; p10: number; median: number };
  /** Below this confidence the archive is taken to hold no answer. */
  threshold: number;
};

/** Mean and standard deviation of a list of numbers (a floor keeps a degenerate list usable). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: 0, std: 1 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.max(Math.sqrt(variance), 1e-6) };
}

/** The q-quantile (0..1) of a list, by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/**
 * The decline threshold from the two score samples: above every off-topic question by a margin of
 * `margin` standard deviations of their scores, but never above the 10th percentile of on-topic
 * ones, so that a noisy off-topic sample cannot silence the archive.
 */
export function declineThreshold(offTopic: readonly number[], onTopic: readonly number[], margin: number): Pick<Calibration, 'offTopic' | 'onTopic' | 'threshold'> {
  const { std } = meanStd(offTopic);
  const max = offTopic.length > 0 ? Math.max(...offTopic) : 0;
  const p10 = quantile(onTopic, 0.1);
  const threshold = Number.isNaN(p10) ? max + margin * std : Math.min(max + margin * std, p10);
  return {
    offTopic: { count: offTopic.length, max, p95: quantile(offTopic, 0.95) },
    onTopic: { count: onTopic.length, p10, median: quantile(onTopic, 0.5) },
    threshold,
  };
}
