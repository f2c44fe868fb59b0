/** Ways to combine the dense and keyword views of one question into one ranking. */

/** Below this many candidates a comparison sort is as quick as the radix sort. */
const RADIX_FROM = 256;

/**
 * Passage positions sorted by a score, best first; ties keep passage order so results are stable.
 * Every answer ranks the whole archive several times (each list of the fusion, the fused one, the
 * refined one), so a large archive is sorted by a radix sort of the scores' bits: the order a
 * comparison sort gives, exactly (rankByComparison), in a fraction of the time (62,000 passages:
 * a few milliseconds, not 20 to 30 each).
 */
export function rankBy(scores: ArrayLike<number>, candidates: readonly number[]): number[] {
  if (candidates.length < RADIX_FROM) return rankByComparison(scores, candidates);
  const n = candidates.length;
  // Passage order first: the radix sort is stable, so equal scores stay in it.
  const positions = Uint32Array.from(candidates).sort();
  // Each score as 64 bits that sort ascending as the scores sort descending: the bits of a float,
  // sign flipped (all bits for a negative), then all inverted. 0 and -0 are one score, as for `-`.
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  const float = new Float64Array(1);
  const bits = new Uint32Array(float.buffer);
  const [lo, hi] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];
  for (let k = 0; k < n; k++) {
    const score = scores[positions[k]!]!;
    float[0] = score === 0 ? 0 : score;
    let h = bits[hi]!;
    let l = bits[lo]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h ^ 0x80000000) >>> 0;
    high[k] = ~h >>> 0;
    low[k] = ~l >>> 0;
  }
  // Least significant digit first, 16 bits a pass: low word, then high word.
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  for (const [word, shift] of [[low, 0], [low, 16], [high, 0], [high, 16]] as const) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[((word[order[k]!]! >>> shift) & 0xffff) + 1]!++;
    // A digit every score shares (the top bits of scores of one sign and scale) orders nothing.
    if (counts[((word[order[0]!]! >>> shift) & 0xffff) + 1] === n) continue;
    for (let d = 0; d < 65536; d++) counts[d + 1]! += counts[d]!;
    for (let k = 0; k < n; k++) {
      const at = order[k]!;
      next[counts[(word[at]! >>> shift) & 0xffff]!++] = at;
    }
    [order, next] = [next, order];
  }
  const ranked = new Array<number>(n);
  for (let k = 0; k < n; k++) ranked[k] = positions[order[k]!]!;
  return ranked;
}

/**
 * The `k` best of `candidates` by a score, best first: exactly the first `k` of rankBy (ties in
 * passage order), found in one pass with a heap of `k` instead of sorting every candidate. An
 * answer needs only its best few dozen passages in order, and a sort of a large archive's every
 * candidate is most of the time of an answer (66,780 candidates: 6 ms a sort, three sorts a question).
 */
export function topBy(scores: ArrayLike<number>, candidates: readonly number[], k: number): number[] {
  const size = Math.min(Math.max(0, Math.floor(k)), candidates.length);
  if (size === 0) return [];
  // A min-heap of the best so far: its root is the worst of them (lowest score, latest passage).
  const heap = new Array<number>(size);
  let filled = 0;
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a]! === scores[b]! && a > b);
  const siftDown = (from: number) => {
    for (let at = from; ; ) {
      const left = 2 * at + 1;
      if (left >= filled) return;
      const right = left + 1;
      const child = right < filled && worse(heap[right]!, heap[left]!) ? right : left;
      if (!worse(heap[child]!, heap[at]!)) return;
      [heap[at], heap[child]] = [heap[child]!, heap[at]!];
      at = child;
    }
  };
  let next = 0;
  for (; next < candidates.length && filled < size; next++) {
    heap[filled] = candidates[next]!;
    for (let at = filled++; at > 0; ) {
      const parent = (at - 1) >> 1;
      if (!worse(heap[at]!, heap[parent]!)) break;
      [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
      at = parent;
    }
  }
  // Most candidates of a large archive fall below the worst kept: compared with its score inline.
  let root = heap[0]!;
  let rootScore = scores[root]!;
  for (; next < candidates.length; next++) {
    const candidate = candidates[next]!;
    const score = scores[candidate]!;
    if (score < rootScore || (score === rootScore && candidate > root) || Number.isNaN(score)) continue;
    if (!worse(root, candidate)) continue;
    heap[0] = candidate;
    siftDown(0);
    root = heap[0]!;
    rootScore = scores[root]!;
  }
  return rankByComparison(scores, heap);
}

/** rankBy by comparison: what the radix sort must give, and what small lists use. */
export function rankByComparison(scores: ArrayLike<number>, candidates: readonly number[]): number[] {
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
  const n = candidates.length;
  for (const { scores, weight } of lists) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += scores[candidates[k]!]!;
    const mean = sum / n;
    let squares = 0;
    for (let k = 0; k < n; k++) squares += (scores[candidates[k]!]! - mean) ** 2;
    const std = Math.sqrt(squares / n);
    if (std < 1e-9) continue;
    for (let k = 0; k < n; k++) {
      const i = candidates[k]!;
      fused[i]! += (weight * (scores[i]! - mean)) / std;
    }
  }
  return fused;
}
