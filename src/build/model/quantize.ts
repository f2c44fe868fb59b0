/**
 * Symmetric int8 weight quantization with one scale per output channel, chosen for the least
 * squared error. The graph either turns the values back to float (Cast + Mul, folded into a float
 * weight when the session loads) or multiplies them in integers (use-lite-graph.ts).
 */

/** Int8 values of a matrix plus the float scales that turn them back into weights. */
export type QuantizedMatrix = { values: Int8Array; scales: Float32Array };

/** Quantizes a row-major [rows, cols] matrix; `axis` 1 gives one scale per column, 0 one per row. */
export function quantizeInt8(data: Float32Array, rows: number, cols: number, axis: 0 | 1): QuantizedMatrix {
  const channels = axis === 1 ? cols : rows;
  const maxAbs = new Float32Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const channel = axis === 1 ? c : r;
      maxAbs[channel] = Math.max(maxAbs[channel]!, Math.abs(data[r * cols + c]!));
    }
  }
  const at = (channel: number, k: number): number => data[axis === 1 ? k * cols + channel : channel * cols + k]!;
  const length = axis === 1 ? rows : cols;
  // Clipping a few outliers often lowers the error of all the other weights: per channel, keep
  // the clipping range (from 60% to 100% of the largest value) with the least squared error.
  const scales = new Float32Array(channels);
  for (let channel = 0; channel < channels; channel++) {
    const max = maxAbs[channel]!;
    // An all-zero channel gets scale 1 so that dividing by it stays finite.
    if (max === 0) {
      scales[channel] = 1;
      continue;
    }
    let best = Infinity;
    for (let step = 0; step <= 20; step++) {
      const scale = Math.fround((max * (1 - step * 0.02)) / 127);
      let error = 0;
      for (let k = 0; k < length && error < best; k++) {
        const w = at(channel, k);
        const q = Math.max(-127, Math.min(127, Math.round(w / scale)));
        error += (w - q * scale) ** 2;
      }
      if (error < best) {
        best = error;
        scales[channel] = scale;
      }
    }
  }
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const q = Math.round(data[r * cols + c]! / scales[axis === 1 ? c : r]!);
      values[r * cols + c] = Math.max(-127, Math.min(127, q));
    }
  }
  return { values, scales };
}
