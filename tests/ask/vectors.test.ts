import { describe, expect, it } from 'vitest';
import { decodeVectors, dequantizeVector, dotAll, encodeVectors, quantizeVectors } from '../../src/lib/ask/vectors.ts';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

function randomUnit(dims: number, seed: number): Float32Array {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return unit(Array.from({ length: dims }, next));
}

describe('int8 vectors with a per-vector scale', () => {
  const dims = 512;
  const floats = Array.from({ length: 20 }, (_, i) => randomUnit(dims, i + 1));
  const q = quantizeVectors(floats, dims);

  it('round-trips each value within half a quantisation step', () => {
    floats.forEach((vector, row) => {
      const back = dequantizeVector(q, row);
      const step = q.scales[row]!;
      vector.forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(step / 2 + 1e-7));
    });
  });

  it('keeps cosines within 0.01 of float32', () => {
    const query = randomUnit(dims, 99);
    const exact = floats.map((v) => v.reduce((s, x, i) => s + x * query[i]!, 0));
    dotAll(q, query).forEach((cos, row) => expect(Math.abs(cos - exact[row]!)).toBeLessThan(0.01));
  });

  it('survives vectors.bin encoding byte for byte, and refuses a file of the wrong size', () => {
    const bytes = encodeVectors(q);
    expect(bytes.length).toBe(20 * (4 + dims));
    const back = decodeVectors(bytes, 20, dims);
    expect(back.scales).toEqual(q.scales);
    expect(back.values).toEqual(q.values);
    expect(() => decodeVectors(bytes.subarray(1), 20, dims)).toThrow(/manifest expects/);
  });

  it('stores a zero vector as zeros and refuses a wrong width', () => {
    const zero = quantizeVectors([new Float32Array(4)], 4);
    expect([...dequantizeVector(zero, 0)]).toEqual([0, 0, 0, 0]);
    expect(() => quantizeVectors([unit([1, 2, 3])], 4)).toThrow(/3 dimensions, expected 4/);
    expect(() => dotAll(zero, new Float32Array(3))).toThrow(/query has 3 dimensions/);
  });
});
