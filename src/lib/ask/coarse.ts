/**
 * The coarse first pass: every passage's vector as a product-quantisation code (Jegou, Douze and
 * Schmid, "Product quantization for nearest neighbor search", 2011), one byte per 64 dimensions, so
 * that a question is scored against every passage from a file a few percent of the vectors' size.
 * The vector is cut into subspaces; in each, k-means learns 256 centroids and a passage keeps the
 * number of its nearest. A question's dot product with a passage is then the sum, over subspaces,
 * of its dot product with that centroid: one table look-up per byte.
 */
import { quantizeVectors, type QuantizedVectors } from './vectors.ts';

/**
 * Dimensions per subspace: one code byte stands for this many int8 values. 64 makes 8 bytes a
 * passage at 512 dimensions: on the real archive's 68,502 passages, 0.55 MB of codes where 32
 * made 1.1 MB, with the same answers on every evaluation set once the second pass rescored its
 * best 32 by order rather than 24 (now its best 16, and those of its best 64 whose vector shards it
 * reads anyway: sharded.ts, REFINED_BY_ORDER and REFINED_IF_READ).
 */
export const DIMS_PER_CODE = 64;

/**
 * Centroids per subspace, at most: a code is one byte. A small archive gets fewer (one per 16
 * passages, at least 16), so that its codebook never outweighs the vectors it stands for.
 */
export const CENTROIDS = 256;

/** How many centroids each subspace gets for an archive of `count` passages. */
export function centroidsFor(count: number): number {
  return Math.min(CENTROIDS, count, Math.max(16, Math.floor(count / 16)));
}

/**
 * At most this many vectors train the centroids (evenly spaced over the archive); every vector is
 * then coded. At a byte per 64 dimensions a subspace's 256 centroids need more points than at 32:
 * trained on 4,096 in 8 rounds, one held-out answer of the real archive's 35-episode build was
 * scored 0.30 where its exact cosine is 0.56 and never reached the second pass.
 */
const TRAINING_SAMPLE = 8192;

/** Rounds of k-means. */
const ROUNDS = 12;

/** Product-quantisation codes of an archive's vectors, with their codebook. */
export type CoarseCodes = {
  count: number;
  dims: number;
  subspaces: number;
  centroids: number;
  /** Centroid k of subspace m at [(m * centroids + k) * (dims / subspaces)], as float values. */
  codebook: Float32Array;
  /** Code of passage i in subspace m at [i * subspaces + m]. */
  codes: Uint8Array;
};

/** Code bytes a passage gets at least, however few its dimensions: fewer make the first pass little better than a guess. */
export const MIN_CODE_BYTES = 8;

/**
 * How many subspaces vectors of `dims` dimensions are cut into: the most that divide them evenly,
 * up to dims / DIMS_PER_CODE or MIN_CODE_BYTES, whichever is more (and never more than dims).
 */
export function subspacesFor(dims: number): number {
  for (let s = Math.min(dims, Math.max(MIN_CODE_BYTES, Math.floor(dims / DIMS_PER_CODE))); s > 1; s--) if (dims % s === 0) return s;
  return 1;
}

/**
 * Learns the codebook from the vectors and codes every one of them. Deterministic: the sample is
 * evenly spaced and k-means starts from evenly spaced sample vectors. The codebook is stored as
 * int8 (as the vectors are), and passages are coded against that stored codebook.
 */
export function trainCoarseCodes(vectors: QuantizedVectors, subspaces = subspacesFor(vectors.dims)): CoarseCodes {
  return codeVectors(trainCodebook(vectors, subspaces), vectors);
}

/** A codebook without codes: what coding more vectors needs (codeVectors). */
export type Codebook = Pick<CoarseCodes, 'dims' | 'subspaces' | 'centroids' | 'codebook'>;

/** Learns a codebook from an evenly spaced sample of the vectors (see trainCoarseCodes). */
export function trainCodebook(vectors: QuantizedVectors, subspaces = subspacesFor(vectors.dims)): Codebook {
  const { count, dims } = vectors;
  if (dims % subspaces !== 0) throw new Error(`${dims} dimensions do not cut into ${subspaces} subspaces`);
  const width = dims / subspaces;
  const sampleSize = Math.min(count, TRAINING_SAMPLE);
  const sample = Array.from({ length: sampleSize }, (_, i) => Math.floor((i * count) / sampleSize));
  const centroids = centroidsFor(count);
  const rows: Float32Array[] = [];
  for (let m = 0; m < subspaces; m++) {
    const points = sample.map((row) => subvector(vectors, row, m * width, width));
    for (const centroid of kMeans(points, centroids)) rows.push(centroid);
  }
  const stored = quantizeVectors(rows, width);
  const codebook = new Float32Array(subspaces * centroids * width);
  rows.forEach((_, r) => {
    for (let d = 0; d < width; d++) codebook[r * width + d] = stored.values[r * width + d]! * stored.scales[r]!;
  });
  return { dims, subspaces, centroids, codebook };
}

/**
 * Codes every vector against a codebook; `known(row)`, when it gives a vector's codes (coded
 * against this same codebook by an earlier build), spares coding it again.
 */
export function codeVectors(book: Codebook, vectors: QuantizedVectors, known?: (row: number) => Uint8Array | undefined): CoarseCodes {
  const { count, dims } = vectors;
  if (dims !== book.dims) throw new Error(`the codebook is for ${book.dims} dimensions, the vectors have ${dims}`);
  const { subspaces } = book;
  const width = dims / subspaces;
  const coarse: CoarseCodes = { ...book, count, codes: new Uint8Array(count * subspaces) };
  for (let row = 0; row < count; row++) {
    const codes = known?.(row);
    if (codes) {
      coarse.codes.set(codes, row * subspaces);
      continue;
    }
    for (let m = 0; m < subspaces; m++) coarse.codes[row * subspaces + m] = nearest(coarse, m, subvector(vectors, row, m * width, width));
  }
  return coarse;
}

/** Approximate dot product of a float query with every passage: the coarse pass's scores. */
export function coarseScores(coarse: CoarseCodes, query: Float32Array): Float64Array {
  const { count, dims, subspaces, centroids, codebook, codes } = coarse;
  if (query.length !== dims) throw new Error(`query has ${query.length} dimensions, the index ${dims}`);
  const width = dims / subspaces;
  const table = new Float64Array(subspaces * centroids);
  for (let m = 0; m < subspaces; m++) {
    for (let k = 0; k < centroids; k++) {
      let sum = 0;
      const at = (m * centroids + k) * width;
      for (let d = 0; d < width; d++) sum += codebook[at + d]! * query[m * width + d]!;
      table[m * centroids + k] = sum;
    }
  }
  const out = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    let sum = 0;
    const at = row * subspaces;
    for (let m = 0; m < subspaces; m++) sum += table[m * centroids + codes[at + m]!]!;
    out[row] = sum;
  }
  return out;
}

/**
 * `coarse.bin`: the codebook as int8 rows with a float32 scale each (all scales first,
 * little-endian, then all values), then the codes, passage after passage.
 */
export function encodeCoarse(coarse: CoarseCodes): Uint8Array {
  const width = coarse.dims / coarse.subspaces;
  const rows = coarse.subspaces * coarse.centroids;
  const stored = quantizeVectors(
    Array.from({ length: rows }, (_, r) => coarse.codebook.subarray(r * width, (r + 1) * width)),
    width,
  );
  const bytes = new Uint8Array(rows * 4 + rows * width + coarse.codes.length);
  const view = new DataView(bytes.buffer);
  stored.scales.forEach((scale, r) => view.setFloat32(r * 4, scale, true));
  bytes.set(new Uint8Array(stored.values.buffer, stored.values.byteOffset, stored.values.length), rows * 4);
  bytes.set(coarse.codes, rows * 4 + rows * width);
  return bytes;
}

/** Reads `coarse.bin` back, given the shape the manifest records; refuses a file of another size. */
export function decodeCoarse(bytes: Uint8Array, shape: Pick<CoarseCodes, 'count' | 'dims' | 'subspaces' | 'centroids'>): CoarseCodes {
  const { count, dims, subspaces, centroids } = shape;
  const width = dims / subspaces;
  const rows = subspaces * centroids;
  const expected = rows * 4 + rows * width + count * subspaces;
  if (bytes.length !== expected) throw new Error(`coarse.bin holds ${bytes.length} bytes, the manifest expects ${expected}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Int8Array(bytes.buffer, bytes.byteOffset + rows * 4, rows * width);
  const codebook = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const scale = view.getFloat32(r * 4, true);
    for (let d = 0; d < width; d++) codebook[r * width + d] = values[r * width + d]! * scale;
  }
  const codes = bytes.slice(rows * 4 + rows * width);
  return { count, dims, subspaces, centroids, codebook, codes };
}

function subvector(vectors: QuantizedVectors, row: number, from: number, width: number): Float32Array {
  const out = new Float32Array(width);
  const scale = vectors.scales[row]!;
  const at = row * vectors.dims + from;
  for (let d = 0; d < width; d++) out[d] = vectors.values[at + d]! * scale;
  return out;
}

function nearest(coarse: CoarseCodes, m: number, point: Float32Array): number {
  const width = point.length;
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let k = 0; k < coarse.centroids; k++) {
    const at = (m * coarse.centroids + k) * width;
    let distance = 0;
    for (let d = 0; d < width; d++) distance += (point[d]! - coarse.codebook[at + d]!) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = k;
    }
  }
  return best;
}

/** Lloyd's k-means from evenly spaced starting points; a centroid left without points keeps its place. */
function kMeans(points: readonly Float32Array[], k: number): Float32Array[] {
  const width = points[0]!.length;
  const centroids = Array.from({ length: k }, (_, i) => Float32Array.from(points[Math.floor((i * points.length) / k)]!));
  const assigned = new Int32Array(points.length);
  for (let round = 0; round < ROUNDS; round++) {
    points.forEach((point, p) => {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const centroid = centroids[c]!;
        let distance = 0;
        for (let d = 0; d < width; d++) distance += (point[d]! - centroid[d]!) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      assigned[p] = best;
    });
    const sums = Array.from({ length: k }, () => new Float64Array(width));
    const sizes = new Int32Array(k);
    points.forEach((point, p) => {
      const c = assigned[p]!;
      sizes[c]!++;
      for (let d = 0; d < width; d++) sums[c]![d]! += point[d]!;
    });
    for (let c = 0; c < k; c++) if (sizes[c]! > 0) for (let d = 0; d < width; d++) centroids[c]![d] = sums[c]![d]! / sizes[c]!;
  }
  return centroids;
}
