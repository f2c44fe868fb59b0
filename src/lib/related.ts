/**
 * "Also said about this": for each passage, the passages of other interviews nearest to it by
 * meaning, found at build time without comparing every pair. The vectors are bucketed by spherical
 * k-means (an inverted file, as in Jegou, Douze and Schmid, 2011), and every comparison but the
 * last is made on the index's product-quantisation codes (coarse.ts): a bucket's centroid against a
 * passage costs one table look-up per code byte, two passages one look-up per byte in a table of
 * centroid-to-centroid products. A passage is compared so with the passages of the few buckets
 * nearest it, and exactly with the best few of those. With C = sqrt(probe * n) buckets the archive
 * costs about 2 * sqrt(probe * n) look-ups of a code (8 bytes at 512 dimensions) per passage: n^1.5 small steps, not n^2.
 */
import type { CoarseCodes } from './ask/coarse.ts';
import type { QuantizedVectors } from './ask/vectors.ts';

/** How the neighbours are found and kept. */
export type RelatedOptions = {
  /** Neighbours kept per passage, each from a different interview. */
  perPassage: number;
  /** Buckets searched per passage: more finds more true neighbours, at a cost linear in it. */
  probe: number;
  /** Rounds of k-means. */
  rounds: number;
  /** Candidates per passage, best by their codes, scored again on their exact vectors. */
  rescored: number;
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

/** Measured on the 35 real episodes (8,443 passages; README, "Ask"). */
export const DEFAULT_RELATED_OPTIONS: Readonly<RelatedOptions> = Object.freeze({ perPassage: 3, probe: 6, rounds: 5, rescored: 64, floorSd: 3, repeatAbove: 0.95 });

/** At most this many vectors train the buckets' centroids (evenly spaced over the candidates). */
const TRAINING_SAMPLE = 4096;

/** Random pairs whose similarity sets the floor. */
const FLOOR_PAIRS = 4000;

/** Each passage's neighbours: positions best first, and their cosines; -1 where fewer were found. */
export type RelatedPassages = {
  perPassage: number;
  neighbours: Int32Array;
  scores: Float32Array;
  floor: number;
  /** The buckets the search used (RelatedBuckets), for a later build to start from (updateRelated). */
  buckets: RelatedBuckets;
};

/** The inverted file of one related pass: bucket centroids, and each passage's nearest buckets, best first (-1 for one not searched). */
export type RelatedBuckets = { count: number; probe: number; centroids: Float32Array; nearest: Int32Array };

/**
 * The nearest passages of other interviews to every eligible passage (`eligible[i]` = 1), each
 * neighbour from a different interview (`group[i]`: the interview of passage i), at or above the
 * floor; `coarse` holds the vectors' codes. `onProgress` is told how many passages are done, now and then.
 */
export function relatedPassages(
  vectors: QuantizedVectors,
  coarse: CoarseCodes,
  group: Int32Array,
  eligible: Uint8Array,
  options: RelatedOptions = DEFAULT_RELATED_OPTIONS,
  onProgress?: (done: number, total: number) => void,
): RelatedPassages {
  const { count } = vectors;
  const k = options.perPassage;
  const candidates: number[] = [];
  for (let i = 0; i < count; i++) if (eligible[i]) candidates.push(i);
  const floor = similarityFloor(vectors, candidates, options.floorSd);
  const bucketCount = Math.max(1, Math.min(candidates.length, Math.round(Math.sqrt(options.probe * candidates.length))));
  const probe = Math.min(options.probe, bucketCount);
  const buckets: RelatedBuckets = { count: bucketCount, probe, centroids: new Float32Array(0), nearest: new Int32Array(count * probe).fill(-1) };
  const result: RelatedPassages = { perPassage: k, neighbours: new Int32Array(count * k).fill(-1), scores: new Float32Array(count * k), floor, buckets };
  if (candidates.length < 2) return result;
  buckets.centroids = trainCentroids(vectors, coarse, candidates, bucketCount, options.rounds);
  assignBuckets(coarse, buckets, candidates);
  const search = searcher(vectors, coarse, group, candidates, buckets, options, floor);
  candidates.forEach((i, done) => {
    search(i, result);
    if (onProgress && (done + 1) % 8192 === 0) onProgress(done + 1, candidates.length);
  });
  onProgress?.(candidates.length, candidates.length);
  return result;
}

/** Fills in the nearest buckets of `rows`, best first. */
function assignBuckets(coarse: CoarseCodes, buckets: RelatedBuckets, rows: readonly number[]): void {
  const { probe, nearest } = buckets;
  const nearestScore = new Float64Array(coarse.count * probe).fill(Number.NEGATIVE_INFINITY);
  for (const i of rows) nearest.fill(-1, i * probe, (i + 1) * probe);
  const table = new Float64Array(coarse.subspaces * coarse.centroids);
  for (let c = 0; c < buckets.count; c++) {
    centroidTable(coarse, buckets.centroids, c, table);
    for (const i of rows) insertTop(nearest, nearestScore, i * probe, probe, c, tableScore(coarse, table, i));
  }
}

/**
 * The search of one passage's neighbours: its codes against those of the passages in its nearest
 * buckets, then the best of those on their exact vectors, one per interview, written into `into`.
 */
function searcher(
  vectors: QuantizedVectors,
  coarse: CoarseCodes,
  group: Int32Array,
  candidates: readonly number[],
  buckets: RelatedBuckets,
  options: RelatedOptions,
  floor: number,
): (i: number, into: Pick<RelatedPassages, 'neighbours' | 'scores'>) => void {
  const { probe, nearest } = buckets;
  const members: number[][] = Array.from({ length: buckets.count }, () => []);
  for (const i of candidates) members[nearest[i * probe]!]!.push(i);
  const pairs = pairTable(coarse);
  const k = options.perPassage;
  const rescored = Math.max(k, options.rescored);
  const best = new Int32Array(rescored);
  const bestScore = new Float64Array(rescored);
  const bestPerGroup = new Map<number, { at: number; score: number }>();
  return (i, into) => {
    best.fill(-1);
    bestScore.fill(Number.NEGATIVE_INFINITY);
    for (let b = 0; b < probe; b++) {
      const bucket = nearest[i * probe + b]!;
      if (bucket < 0) continue;
      for (const j of members[bucket]!) if (group[j] !== group[i]) insertTop(best, bestScore, 0, rescored, j, pairScore(coarse, pairs, i, j));
    }
    bestPerGroup.clear();
    for (const j of best) {
      if (j < 0) break;
      const score = dotRows(vectors, i, j);
      if (score < floor || score >= options.repeatAbove) continue;
      const seen = bestPerGroup.get(group[j]!);
      // An exact tie (the same words said twice in one interview) goes to the earlier passage, as in offer().
      if (!seen || score > seen.score || (score === seen.score && j < seen.at)) bestPerGroup.set(group[j]!, { at: j, score });
    }
    const kept = [...bestPerGroup.values()].sort((a, b) => b.score - a.score || a.at - b.at).slice(0, k);
    into.neighbours.fill(-1, i * k, (i + 1) * k);
    into.scores.fill(0, i * k, (i + 1) * k);
    kept.forEach((n, r) => {
      into.neighbours[i * k + r] = n.at;
      into.scores[i * k + r] = n.score;
    });
  };
}

/** What a related pass leaves for the next build: its passages' keys (in their order then), buckets, floor and neighbours. */
export type RelatedState = {
  options: RelatedOptions;
  /** Passages changed, added or removed since the buckets and floor were last computed afresh. */
  changedSinceTraining: number;
  keys: readonly string[];
  related: RelatedPassages;
};

/** The share of the archive's eligible passages that may have changed since the buckets were computed before they are computed anew. */
export const RELATED_REUSE_SHARE = 0.05;

/**
 * The related passages of an archive that differs a little from one whose pass is `previous`
 * (`keys[i]`: what identifies passage i with its vector and interview; equal keys are the same
 * passage). The previous buckets and floor are kept; every new or changed passage, and every
 * passage one of whose neighbours is gone, is searched afresh; every other passage keeps its
 * neighbours and meets only the new passages of the buckets it searches, on their exact vectors,
 * as a fresh search of it would meet them. Undefined when too much has changed (more than
 * RELATED_REUSE_SHARE, counted over every build since the buckets were made) or the settings
 * differ: then relatedPassages does it all.
 */
export function updateRelated(
  previous: RelatedState,
  keys: readonly string[],
  vectors: QuantizedVectors,
  coarse: CoarseCodes,
  group: Int32Array,
  eligible: Uint8Array,
  options: RelatedOptions = DEFAULT_RELATED_OPTIONS,
): { related: RelatedPassages; changed: number } | undefined {
  const old = previous.related;
  const { count } = vectors;
  const k = options.perPassage;
  if (JSON.stringify(previous.options) !== JSON.stringify(options) || old.perPassage !== k || old.buckets.centroids.length !== old.buckets.count * vectors.dims) return undefined;
  const { probe } = old.buckets;
  const wasCandidate = (p: number) => old.buckets.nearest[p * probe]! >= 0;
  const before = new Map<string, number>();
  previous.keys.forEach((key, p) => {
    if (wasCandidate(p) && !before.has(key)) before.set(key, p);
  });
  const candidates: number[] = [];
  const fresh: number[] = [];
  const from = new Int32Array(count).fill(-1);
  const taken = new Set<number>();
  for (let i = 0; i < count; i++) {
    if (!eligible[i]) continue;
    candidates.push(i);
    const p = before.get(keys[i]!);
    if (p === undefined || taken.has(p)) fresh.push(i);
    else {
      from[i] = p;
      taken.add(p);
    }
  }
  const gone = before.size - taken.size;
  const changed = previous.changedSinceTraining + fresh.length + gone;
  if (candidates.length < 2 || changed > RELATED_REUSE_SHARE * candidates.length) return undefined;

  const buckets: RelatedBuckets = { count: old.buckets.count, probe, centroids: old.buckets.centroids, nearest: new Int32Array(count * probe).fill(-1) };
  const to = new Int32Array(previous.keys.length).fill(-1);
  from.forEach((p, i) => {
    if (p < 0) return;
    to[p] = i;
    buckets.nearest.set(old.buckets.nearest.subarray(p * probe, (p + 1) * probe), i * probe);
  });
  assignBuckets(coarse, buckets, fresh);
  const related: RelatedPassages = { perPassage: k, neighbours: new Int32Array(count * k).fill(-1), scores: new Float32Array(count * k), floor: old.floor, buckets };
  const search = searcher(vectors, coarse, group, candidates, buckets, options, old.floor);
  const again = new Set(fresh);
  for (const i of candidates) {
    const p = from[i]!;
    if (p < 0) continue;
    for (let r = 0; r < k; r++) {
      const q = old.neighbours[p * k + r]!;
      if (q < 0) break;
      if (to[q]! < 0) {
        again.add(i);
        break;
      }
      related.neighbours[i * k + r] = to[q]!;
      related.scores[i * k + r] = old.scores[p * k + r]!;
    }
  }
  // Who searches each bucket: a new passage there is met by them, as their fresh search would meet it.
  const searchers: number[][] = Array.from({ length: buckets.count }, () => []);
  for (const i of candidates) for (let b = 0; b < probe; b++) {
    const bucket = buckets.nearest[i * probe + b]!;
    if (bucket >= 0) searchers[bucket]!.push(i);
  }
  for (const d of fresh) {
    for (const i of searchers[buckets.nearest[d * probe]!]!) {
      if (again.has(i) || group[i] === group[d]) continue;
      const score = dotRows(vectors, i, d);
      if (score >= old.floor && score < options.repeatAbove) offer(related, i, d, score, group);
    }
  }
  for (const i of again) search(i, related);
  return { related, changed };
}

/** Puts neighbour `d` into passage i's list if it belongs there: one per interview, the best k, best first. */
function offer(related: RelatedPassages, i: number, d: number, exact: number, group: Int32Array): void {
  const k = related.perPassage;
  // The kept scores are float32: the new one is compared at that precision, so that a tie is seen as one.
  const score = Math.fround(exact);
  const list: { at: number; score: number }[] = [];
  for (let r = 0; r < k; r++) {
    const at = related.neighbours[i * k + r]!;
    if (at < 0) break;
    list.push({ at, score: related.scores[i * k + r]! });
  }
  const same = list.findIndex((n) => group[n.at] === group[d]);
  if (same >= 0) {
    const kept = list[same]!;
    if (kept.score > score || (kept.score === score && kept.at < d)) return;
    list.splice(same, 1);
  }
  list.push({ at: d, score });
  list.sort((a, b) => b.score - a.score || a.at - b.at);
  related.neighbours.fill(-1, i * k, (i + 1) * k);
  related.scores.fill(0, i * k, (i + 1) * k);
  list.slice(0, k).forEach((n, r) => {
    related.neighbours[i * k + r] = n.at;
    related.scores[i * k + r] = n.score;
  });
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

/** Each subspace's products of a centroid of the buckets with that subspace's code centroids. */
function centroidTable(coarse: CoarseCodes, centroids: Float32Array, c: number, table: Float64Array): void {
  const { dims, subspaces, centroids: codes, codebook } = coarse;
  const width = dims / subspaces;
  for (let m = 0; m < subspaces; m++) {
    for (let q = 0; q < codes; q++) {
      let sum = 0;
      const at = (m * codes + q) * width;
      for (let d = 0; d < width; d++) sum += codebook[at + d]! * centroids[c * dims + m * width + d]!;
      table[m * codes + q] = sum;
    }
  }
}

function tableScore(coarse: CoarseCodes, table: Float64Array, row: number): number {
  const { subspaces, centroids, codes } = coarse;
  let sum = 0;
  for (let m = 0; m < subspaces; m++) sum += table[m * centroids + codes[row * subspaces + m]!]!;
  return sum;
}

/** Per subspace, the products of every pair of its code centroids: two coded passages' product is a sum of look-ups. */
function pairTable(coarse: CoarseCodes): Float32Array {
  const { dims, subspaces, centroids: codes, codebook } = coarse;
  const width = dims / subspaces;
  const pairs = new Float32Array(subspaces * codes * codes);
  for (let m = 0; m < subspaces; m++) {
    for (let a = 0; a < codes; a++) {
      for (let b = a; b < codes; b++) {
        let sum = 0;
        const at = (m * codes + a) * width;
        const bt = (m * codes + b) * width;
        for (let d = 0; d < width; d++) sum += codebook[at + d]! * codebook[bt + d]!;
        pairs[(m * codes + a) * codes + b] = sum;
        pairs[(m * codes + b) * codes + a] = sum;
      }
    }
  }
  return pairs;
}

function pairScore(coarse: CoarseCodes, pairs: Float32Array, a: number, b: number): number {
  const { subspaces, centroids, codes } = coarse;
  let sum = 0;
  for (let m = 0; m < subspaces; m++) sum += pairs[(m * centroids + codes[a * subspaces + m]!) * centroids + codes[b * subspaces + m]!]!;
  return sum;
}

/** Puts `item` with `score` into the list of the `n` best at `at` (best first), if it belongs there. */
function insertTop(items: Int32Array, scores: Float64Array, at: number, n: number, item: number, score: number): void {
  if (score <= scores[at + n - 1]!) return;
  let r = n - 1;
  while (r > 0 && scores[at + r - 1]! < score) {
    scores[at + r] = scores[at + r - 1]!;
    items[at + r] = items[at + r - 1]!;
    r--;
  }
  scores[at + r] = score;
  items[at + r] = item;
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

/**
 * Spherical k-means on an evenly spaced sample: unit centroids, each sample passage assigned to
 * the centroid of the largest product with its codes, the centroids then the mean of their exact vectors.
 */
function trainCentroids(vectors: QuantizedVectors, coarse: CoarseCodes, candidates: readonly number[], k: number, rounds: number): Float32Array {
  const { dims } = vectors;
  const size = Math.min(candidates.length, Math.max(TRAINING_SAMPLE, k));
  const sample = Array.from({ length: size }, (_, s) => candidates[Math.floor((s * candidates.length) / size)]!);
  const centroids = new Float32Array(k * dims);
  for (let c = 0; c < k; c++) {
    const row = sample[Math.floor((c * size) / k)]!;
    for (let d = 0; d < dims; d++) centroids[c * dims + d] = vectors.values[row * dims + d]! * vectors.scales[row]!;
  }
  const assigned = new Int32Array(size);
  const assignedScore = new Float64Array(size);
  const table = new Float64Array(coarse.subspaces * coarse.centroids);
  for (let round = 0; round < rounds; round++) {
    assignedScore.fill(Number.NEGATIVE_INFINITY);
    for (let c = 0; c < k; c++) {
      centroidTable(coarse, centroids, c, table);
      sample.forEach((row, s) => {
        const score = tableScore(coarse, table, row);
        if (score > assignedScore[s]!) [assigned[s], assignedScore[s]] = [c, score];
      });
    }
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
  // One anchored match up to the last word shown (a transcript's turn can run to tens of thousands
  // of words), then a look past it for one more: a topic's every-passage list and its Markdown cut
  // the openings of tens of thousands of passages in a build.
  const opening = openingPattern(words).exec(text);
  if (!opening) return { text, cut: false };
  const end = opening[0].length;
  MORE.lastIndex = end;
  const cut = MORE.test(text);
  return { text: cut ? text.slice(0, end) : text, cut };
}

const MORE = /\s*\S/y;
const OPENINGS = new Map<number, RegExp>();

/** Matches a text's leading spaces and its first `words` words (at least one), up to the last one's end. */
function openingPattern(words: number): RegExp {
  const n = Math.max(1, Math.floor(words));
  let pattern = OPENINGS.get(n);
  if (!pattern) OPENINGS.set(n, (pattern = new RegExp(`^\\s*\\S+(?:\\s+\\S+){${n - 1}}`)));
  return pattern;
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
