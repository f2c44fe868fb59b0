/**
 * Compact embedding vectors: int8 values with one float32 scale per vector, and the `vectors.bin`
 * layout that ships them. A 512-dimension vector costs 516 bytes instead of 2048.
 */

/** Vectors quantised to int8, one symmetric scale per vector: value = scale * int8. */
export type QuantizedVectors = { count: number; dims: number; scales: Float32Array; values: Int8Array };

/** Quantises vectors to int8 with a per-vector scale (the largest magnitude maps to 127). */
export function quantizeVectors(vectors: readonly Float32Array[], dims: number): QuantizedVectors {
  const count = vectors.length;
  const scales = new Float32Array(count);
  const values = new Int8Array(count * dims);
  vectors.forEach((vector, row) => {
    if (vector.length !== dims) throw new Error(`vector ${row} has ${vector.length} dimensions, expected ${dims}`);
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(vector[i]!));
    const scale = max / 127;
    scales[row] = scale;
    if (scale === 0) return;
    for (let i = 0; i < dims; i++) values[row * dims + i] = Math.round(vector[i]! / scale);
  });
  return { count, dims, scales, values };
}

/** The float vector a quantised row stands for. */
export function dequantizeVector(vectors: QuantizedVectors, row: number): Float32Array {
  const out = new Float32Array(vectors.dims);
  const scale = vectors.scales[row]!;
  const offset = row * vectors.dims;
  for (let i = 0; i < vectors.dims; i++) out[i] = vectors.values[offset + i]! * scale;
  return out;
}

/** Dot product of a float query with every quantised row: the cosine when both sides are unit length. */
export function dotAll(vectors: QuantizedVectors, query: Float32Array): Float64Array {
  const { count, dims, scales, values } = vectors;
  if (query.length !== dims) throw new Error(`query has ${query.length} dimensions, the index ${dims}`);
  const out = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    let sum = 0;
    const offset = row * dims;
    for (let i = 0; i < dims; i++) sum += values[offset + i]! * query[i]!;
    out[row] = sum * scales[row]!;
  }
  return out;
}

/** `vectors.bin`: all scales (float32, little-endian) first, then all values (int8), row after row. */
export function encodeVectors(vectors: QuantizedVectors): Uint8Array {
  const bytes = new Uint8Array(vectors.count * 4 + vectors.values.length);
  const view = new DataView(bytes.buffer);
  vectors.scales.forEach((scale, row) => view.setFloat32(row * 4, scale, true));
  bytes.set(new Uint8Array(vectors.values.buffer, vectors.values.byteOffset, vectors.values.length), vectors.count * 4);
  return bytes;
}

/** Reads `vectors.bin` back; refuses a file whose size does not match the manifest. */
export function decodeVectors(bytes: Uint8Array, count: number, dims: number): QuantizedVectors {
  const expected = count * (4 + dims);
  if (bytes.length !== expected) {
    throw new Error(`vectors.bin holds ${bytes.length} bytes, the manifest expects ${expected} (${count} vectors of ${dims} dimensions)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scales = new Float32Array(count);
  for (let row = 0; row < count; row++) scales[row] = view.getFloat32(row * 4, true);
  const values = new Int8Array(bytes.buffer, bytes.byteOffset + count * 4, count * dims).slice();
  return { count, dims, scales, values };
}
