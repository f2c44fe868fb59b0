/** Ways to combine the dense and keyword views of one question into one ranking. */

/** Passage positions sorted by a score, best first; ties keep passage order so results are stable. */
export function rankBy(scores: ArrayLike<number>, candidates: readonly number[]): number[] {
  return [...candidates].sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): each list adds 1 / (k + rank).
 * Ranks ignore score scales, so a weak model's compressed cosines cannot drown the keyword list.
 * A passage a list gives no evidence for (score 0 or below) gets nothing from that list.
 */
export function reciprocalRankFusion(lists: readonly { scores: ArrayLike<number>; weight: number }[], candidates: readonly number[], k: number): Float64Array {
  const fused = new Float64Array(lists[0]?.scores.length ?? 0);
  for (const { scores, weight } of lists) {
    rankBy(scores, candidates).forEach((passage, rank) => {
      if (scores[passage]! > 0) fused[passage]! += weight / (k + rank + 1);
    });
  }
  return fused;
}

/** A weighted sum of scores already on comparable scales (see calibration.ts). */
export function weightedSum(lists: readonly { scores: ArrayLike<number>; weight: number }[]): Float64Array {
  const fused = new Float64Array(lists[0]?.scores.length ?? 0);
  for (const { scores, weight } of lists) for (let i = 0; i < fused.length; i++) fused[i]! += weight * scores[i]!;
  return fused;
}

/**
 * Each list standardised over the candidates of this one question (minus its mean, over its
 * standard deviation), then weighted and added. What a question shares with every passage (how
 * on-topic it sounds to the model, how common its words are) drops out, and only how much a
 * passage stands out from the others in each list counts; a list with no spread adds nothing.
 */
export function standardizedSum(lists: readonly { scores: ArrayLike<number>; weight: number }[], candidates: readonly number[]): Float64Array {
  const fused = new Float64Array(lists[0]?.scores.length ?? 0);
  if (candidates.length === 0) return fused;
  for (const { scores, weight } of lists) {
    const mean = candidates.reduce((sum, i) => sum + scores[i]!, 0) / candidates.length;
    const std = Math.sqrt(candidates.reduce((sum, i) => sum + (scores[i]! - mean) ** 2, 0) / candidates.length);
    if (std < 1e-9) continue;
    for (const i of candidates) fused[i]! += (weight * (scores[i]! - mean)) / std;
  }
  return fused;
}
