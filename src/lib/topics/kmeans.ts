/**
 * Spherical k-means over unit vectors held in one flat Float32Array (row-major, `dims` a row):
 * k-means++ seeding, then Lloyd's iterations on cosine similarity with the centroids renormalised.
 * Each iteration costs rows x k x dims, linear in the archive; nothing compares passage to passage.
 */

/** Vectors of one length, one after another: row i is `data.subarray(i * dims, (i + 1) * dims)`. */
export interface VectorMatrix {
  data: Float32Array;
  rows: number;
  dims: number;
}

/** What k-means found: each row's cluster and its cosine to that cluster's centroid, and the unit centroids. */
export interface Clustering {
  assignment: Int32Array;
  similarity: Float32Array;
  centroids: VectorMatrix;
}

/** Options of sphericalKMeans. */
export interface KMeansOptions {
  /** Seed of the pseudo-random seeding, so that a run gives the same clusters again. */
  seed?: number;
  maxIterations?: number;
  /** Stop once fewer than this share of rows change cluster in an iteration. */
  tolerance?: number;
}

/** A small deterministic pseudo-random generator (mulberry32), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The dot product of row `i` of `a` and row `j` of `b` (both of `dims` values). */
export function dotRows(a: Float32Array, i: number, b: Float32Array, j: number, dims: number): number {
  const ai = i * dims;
  const bj = j * dims;
  // Four running sums: the loop is the whole cost of clustering, and this is about twice as fast in V8.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += a[ai + d]! * b[bj + d]!;
    s1 += a[ai + d + 1]! * b[bj + d + 1]!;
    s2 += a[ai + d + 2]! * b[bj + d + 2]!;
    s3 += a[ai + d + 3]! * b[bj + d + 3]!;
  }
  for (; d < dims; d++) s0 += a[ai + d]! * b[bj + d]!;
  return s0 + s1 + s2 + s3;
}

/** Clusters the rows of `m` (unit vectors) into at most `k` clusters; see the module comment. */
export function sphericalKMeans(m: VectorMatrix, k: number, options: KMeansOptions = {}): Clustering {
  const { rows, dims, data } = m;
  if (rows === 0) throw new Error('sphericalKMeans: no vectors to cluster');
  k = Math.max(1, Math.min(k, rows));
  const random = seededRandom(options.seed ?? 1);
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 0.002;

  // k-means++: each next seed drawn with probability proportional to its distance from the nearest seed so far.
  const centroids = new Float32Array(k * dims);
  const nearest = new Float32Array(rows).fill(Infinity);
  let pick = Math.floor(random() * rows);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(pick * dims, (pick + 1) * dims), c * dims);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const distance = Math.max(0, 1 - dotRows(data, i, centroids, c, dims));
      if (distance < nearest[i]!) nearest[i] = distance;
      total += nearest[i]!;
    }
    if (total === 0) {
      k = c + 1;
      break;
    }
    let target = random() * total;
    pick = rows - 1;
    for (let i = 0; i < rows; i++) {
      target -= nearest[i]!;
      if (target <= 0) {
        pick = i;
        break;
      }
    }
  }

  const assignment = new Int32Array(rows).fill(-1);
  const similarity = new Float32Array(rows);
  const sums = new Float64Array(k * dims);
  const counts = new Int32Array(k);
  for (let iteration = 0; iteration <= maxIterations; iteration++) {
    let moved = 0;
    for (let i = 0; i < rows; i++) {
      let best = -1;
      let bestSim = -Infinity;
      for (let c = 0; c < k; c++) {
        const sim = dotRows(data, i, centroids, c, dims);
        if (sim > bestSim) {
          bestSim = sim;
          best = c;
        }
      }
      if (assignment[i] !== best) moved++;
      assignment[i] = best;
      similarity[i] = bestSim;
    }
    if (iteration > 0 && moved <= tolerance * rows) break;
    if (iteration === maxIterations) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      for (let d = 0; d < dims; d++) sums[c * dims + d]! += data[i * dims + d]!;
    }
    for (let c = 0; c < k; c++) {
      // An emptied cluster keeps its old centroid; it may win rows back, or stay empty and be dropped by the caller.
      if (counts[c] === 0) continue;
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += sums[c * dims + d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) centroids[c * dims + d] = sums[c * dims + d]! / norm;
    }
  }
  return { assignment, similarity, centroids: { data: centroids.subarray(0, k * dims), rows: k, dims } };
}

/** The rows of a matrix picked by index, as a matrix of their own. */
export function pickRows(m: VectorMatrix, rows: readonly number[]): VectorMatrix {
  const data = new Float32Array(rows.length * m.dims);
  rows.forEach((row, i) => data.set(m.data.subarray(row * m.dims, (row + 1) * m.dims), i * m.dims));
  return { data, rows: rows.length, dims: m.dims };
}

/**
 * k-means in two levels, for large k: about sqrt(k) coarse clusters, then each cut into its share
 * of the k clusters by its size. Each iteration costs rows x about 2 sqrt(k) x dims instead of
 * rows x k x dims (k = 500: 45 instead of 500 products a row). Returns each row's cluster.
 */
export function twoLevelKMeans(m: VectorMatrix, k: number, options: KMeansOptions = {}, onProgress?: (done: number, total: number) => void): Int32Array {
  const coarseK = Math.max(1, Math.round(Math.sqrt(k)));
  if (coarseK <= 2) return sphericalKMeans(m, k, options).assignment;
  const coarse = sphericalKMeans(m, coarseK, options);
  onProgress?.(0, coarse.centroids.rows);
  const members: number[][] = Array.from({ length: coarse.centroids.rows }, () => []);
  coarse.assignment.forEach((c, row) => members[c]!.push(row));
  const assignment = new Int32Array(m.rows);
  let next = 0;
  members.forEach((rows, c) => {
    if (rows.length === 0) return;
    const share = Math.max(1, Math.round((k * rows.length) / m.rows));
    const fine = sphericalKMeans(pickRows(m, rows), share, { ...options, seed: (options.seed ?? 1) + c + 1 });
    rows.forEach((row, i) => (assignment[row] = next + fine.assignment[i]!));
    next += fine.centroids.rows;
    onProgress?.(c + 1, members.length);
  });
  return assignment;
}
