/**
 * "Also said about this": for each passage, the passages of other interviews nearest to it by
 * meaning, found at build time from the passage vectors without comparing every pair. The vectors
 * are bucketed by spherical k-means (an inverted file, as in Jegou, Douze and Schmid, 2011): a
 * passage is compared exactly only with the passages of the few buckets nearest to it. With
 * C = sqrt(probe * n) buckets, each passage costs about 2 * sqrt(probe * n) dot products, so the
 * whole archive costs n^1.5, not n^2.
 */
import type { QuantizedVectors } from './ask/vectors.ts';

/** How the neighbours are found and kept. */
export type RelatedOptions = {
  /** Neighbours kept per passage, each from a different interview. */
  perPassage: number;
  /** Buckets searched per passage: more finds more true neighbours, at a cost linear in it. */
  probe: number;
  /** Rounds of k-means. */
  rounds: number;
  /**
   * How far above the archive's own typical similarity a neighbour must be, in standard
   * deviations of the similarity of passages picked at random: a model-independent floor, so that
   * a passage with nothing close elsewhere shows nothing rather than the least distant passage.
   */
  floorSd: number;
  /**
   * A neighbour at or above this cosine repeats the passage rather than speaks to it (a show's
   * opening words, a sponsor's read, said again in every episode): it is left out.
   */
  repeatAbove: number;
};

/** Measured on the 35 real episodes (8,443 passages): 3 SD keeps 5,296 of 7,738 passages linked, at a cosine floor of 0.66; the bucketing finds the exact nearest for 83% of them. */
export const DEFAULT_RELATED_OPTIONS: Readonly<RelatedOptions> = Object.freeze({ perPassage: 3, probe: 4, rounds: 6, floorSd: 3, repeatAbove: 0.95 });

/** At most this many vectors train the buckets' centroids (evenly spaced over the candidates). */
const TRAINING_SAMPLE = 4096;

/** Random pairs whose similarity sets the floor. */
const FLOOR_PAIRS = 4000;

/** Each passage's neighbours: positions best first, and their cosines; -1 where fewer were found. */
export type RelatedPassages = { perPassage: number; neighbours: Int32Array; scores: Float32Array; floor: number };

/**
 * The nearest passages of other interviews to every eligible passage (`eligible[i]` = 1), each
 * neighbour from a different interview (`group[i]`: the interview of passage i), at or above the
 * floor. `onProgress` is told how many passages are done, now and then.
 */
export function relatedPassages(
  vectors: QuantizedVectors,
  group: Int32Array,
  eligible: Uint8Array,
  options: RelatedOptions = DEFAULT_RELATED_OPTIONS,
  onProgress?: (done: number, total: number) => void,
): RelatedPassages {
  const { count, dims } = vectors;
  const k = options.perPassage;
  const neighbours = new Int32Array(count * k).fill(-1);
  const scores = new Float32Array(count * k);
  const candidates: number[] = [];
  for (let i = 0; i < count; i++) if (eligible[i]) candidates.push(i);
  const floor = similarityFloor(vectors, candidates, options.floorSd);
  if (candidates.length < 2) return { perPassage: k, neighbours, scores, floor };

  const buckets = Math.max(1, Math.min(candidates.length, Math.round(Math.sqrt(options.probe * candidates.length))));
  const centroids = trainCentroids(vectors, candidates, buckets, options.rounds);
  const probe = Math.min(options.probe, buckets);
  // Every candidate's nearest buckets, and the bucket it lives in (its nearest).
  const nearestBuckets = new Int32Array(count * probe);
  const members: number[][] = Array.from({ length: buckets }, () => []);
  const toCentroid = new Float64Array(buckets);
  for (const i of candidates) {
    for (let c = 0; c < buckets; c++) toCentroid[c] = dotFloat(vectors, i, centroids, c * dims);
    const best = topIndices(toCentroid, probe);
    nearestBuckets.set(best, i * probe);
    members[best[0]!]!.push(i);
  }

  const bestPerGroup = new Map<number, { at: number; score: number }>();
  candidates.forEach((i, done) => {
    bestPerGroup.clear();
    for (let b = 0; b < probe; b++) {
      for (const j of members[nearestBuckets[i * probe + b]!]!) {
        if (group[j] === group[i]) continue;
        const score = dotRows(vectors, i, j);
        if (score < floor || score >= options.repeatAbove) continue;
        const seen = bestPerGroup.get(group[j]!);
        if (!seen || score > seen.score) bestPerGroup.set(group[j]!, { at: j, score });
      }
    }
    const kept = [...bestPerGroup.values()].sort((a, b) => b.score - a.score || a.at - b.at).slice(0, k);
    kept.forEach((n, r) => {
      neighbours[i * k + r] = n.at;
      scores[i * k + r] = n.score;
    });
    if (onProgress && (done + 1) % 2048 === 0) onProgress(done + 1, candidates.length);
  });
  onProgress?.(candidates.length, candidates.length);
  return { perPassage: k, neighbours, scores, floor };
}

/** Cosine of two passages' int8 vectors (unit length before quantising). */
function dotRows(vectors: QuantizedVectors, a: number, b: number): number {
  const { dims, values, scales } = vectors;
  let sum = 0;
  const at = a * dims;
  const bt = b * dims;
  for (let d = 0; d < dims; d++) sum += values[at + d]! * values[bt + d]!;
  return sum * scales[a]! * scales[b]!;
}

function dotFloat(vectors: QuantizedVectors, row: number, centroids: Float32Array, at: number): number {
  const { dims, values } = vectors;
  let sum = 0;
  const rt = row * dims;
  for (let d = 0; d < dims; d++) sum += values[rt + d]! * centroids[at + d]!;
  return sum * vectors.scales[row]!;
}

/** The mean plus `sd` standard deviations of the cosine of evenly spread pairs of candidates. */
function similarityFloor(vectors: QuantizedVectors, candidates: readonly number[], sd: number): number {
  const n = candidates.length;
  if (n < 2) return Number.POSITIVE_INFINITY;
  let sum = 0;
  let squares = 0;
  let pairs = 0;
  // A fixed stride through the candidates pairs passages far apart in the archive, deterministically.
  const stride = Math.max(1, Math.floor(n / 2) + 1);
  for (let p = 0; p < Math.min(FLOOR_PAIRS, n); p++) {
    const a = candidates[(p * 7919) % n]!;
    const b = candidates[(p * 7919 + stride) % n]!;
    if (a === b) continue;
    const s = dotRows(vectors, a, b);
    sum += s;
    squares += s * s;
    pairs++;
  }
  const mean = sum / pairs;
  const std = Math.sqrt(Math.max(0, squares / pairs - mean * mean));
  return mean + sd * std;
}

/** Spherical k-means on an evenly spaced sample: unit centroids, assignment by the largest dot product. */
function trainCentroids(vectors: QuantizedVectors, candidates: readonly number[], k: number, rounds: number): Float32Array {
  const { dims } = vectors;
  const size = Math.min(candidates.length, Math.max(TRAINING_SAMPLE, k));
  const sample = Array.from({ length: size }, (_, s) => candidates[Math.floor((s * candidates.length) / size)]!);
  const centroids = new Float32Array(k * dims);
  for (let c = 0; c < k; c++) {
    const row = sample[Math.floor((c * size) / k)]!;
    for (let d = 0; d < dims; d++) centroids[c * dims + d] = vectors.values[row * dims + d]! * vectors.scales[row]!;
  }
  const assigned = new Int32Array(size);
  for (let round = 0; round < rounds; round++) {
    sample.forEach((row, s) => {
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const score = dotFloat(vectors, row, centroids, c * dims);
        if (score > bestScore) [best, bestScore] = [c, score];
      }
      assigned[s] = best;
    });
    const sums = new Float64Array(k * dims);
    const sizes = new Int32Array(k);
    sample.forEach((row, s) => {
      const c = assigned[s]!;
      sizes[c]!++;
      const scale = vectors.scales[row]!;
      for (let d = 0; d < dims; d++) sums[c * dims + d]! += vectors.values[row * dims + d]! * scale;
    });
    for (let c = 0; c < k; c++) {
      // A bucket left empty keeps its centroid.
      if (sizes[c] === 0) continue;
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += sums[c * dims + d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) centroids[c * dims + d] = sums[c * dims + d]! / norm;
    }
  }
  return centroids;
}

/** Positions of the `n` largest values, largest first. */
function topIndices(values: Float64Array, n: number): Int32Array {
  const best = new Int32Array(n).fill(-1);
  const bestValues = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= bestValues[n - 1]!) continue;
    let at = n - 1;
    while (at > 0 && bestValues[at - 1]! < v) {
      bestValues[at] = bestValues[at - 1]!;
      best[at] = best[at - 1]!;
      at--;
    }
    bestValues[at] = v;
    best[at] = i;
  }
  return best;
}

/** Words a passage needs to have neighbours or be one: shorter ones ("Yes.", "Right, right.") say nothing on their own. */
export const RELATED_MIN_WORDS = 12;

/** How many words of a neighbour's text its entry ships: its opening, verbatim, the rest a click away. */
export const RELATED_EXCERPT_WORDS = 30;

/** Whether a passage may have neighbours and be one: not an interviewer's question, and long enough to stand on its own. */
export function relatedEligible(kind: string, text: string): boolean {
  return kind !== 'question' && kind !== 'note' && wordCount(text) >= RELATED_MIN_WORDS;
}

/** Words as the page counts them: runs of non-space. */
export function wordCount(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** The opening of a text up to `words` words, cut between words and never altered; `cut` says whether words were left out. */
export function textOpening(text: string, words = RELATED_EXCERPT_WORDS): { text: string; cut: boolean } {
  const matches = [...text.matchAll(/\S+/g)];
  if (matches.length <= words) return { text, cut: false };
  const last = matches[words - 1]!;
  return { text: text.slice(0, last.index + last[0].length), cut: true };
}

/** One interview's "also said about this" file (`ask/related/<slug>.json`): per passage anchor, its neighbours. */
export type RelatedFile = {
  /** The interviews the neighbours come from: title and page path. */
  interviews: { title: string; url: string }[];
  /** Anchor -> neighbours best first: [interview (index in `interviews`), anchor, whose words (names), opening of the text, whether it was cut]. */
  passages: Record<string, [number, string, string, string, 0 | 1][]>;
};

/** What the related files need of each index passage. */
export type RelatedSource = { interview: string; interviewTitle: string; anchor: string; voices: readonly string[]; text: string; url: string };

/** The related files of every interview that has passages with neighbours, by interview slug. */
export function relatedFiles(sources: readonly RelatedSource[], related: RelatedPassages): Map<string, RelatedFile> {
  const files = new Map<string, RelatedFile>();
  const { perPassage: k, neighbours } = related;
  sources.forEach((source, i) => {
    if (neighbours[i * k]! < 0) return;
    let file = files.get(source.interview);
    if (!file) files.set(source.interview, (file = { interviews: [], passages: {} }));
    const interviewAt = new Map(file.interviews.map((entry, n) => [entry.url, n]));
    const entries: RelatedFile['passages'][string] = [];
    for (let r = 0; r < k; r++) {
      const j = neighbours[i * k + r]!;
      if (j < 0) break;
      const other = sources[j]!;
      const page = other.url.split('#')[0]!;
      let n = interviewAt.get(page);
      if (n === undefined) {
        n = file.interviews.push({ title: other.interviewTitle, url: page }) - 1;
        interviewAt.set(page, n);
      }
      const opening = textOpening(other.text);
      // Whose words they are: for a reporter's paragraph quoting someone, that someone.
      entries.push([n, other.anchor, other.voices.join(', '), opening.text, opening.cut ? 1 : 0]);
    }
    file.passages[source.anchor] = entries;
  });
  return files;
}
