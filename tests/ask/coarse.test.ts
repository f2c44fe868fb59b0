import { describe, expect, it } from 'vitest';
import { centroidsFor, coarseScores, decodeCoarse, encodeCoarse, subspacesFor, trainCoarseCodes } from '../../src/lib/ask/coarse.ts';
import { rankBy } from '../../src/lib/ask/fusion.ts';
import { REFINED_IF_READ } from '../../src/lib/ask/sharded.ts';
import { dotAll } from '../../src/lib/ask/vectors.ts';
import { near, syntheticArchive } from './synthetic-archive.ts';

describe('coarse codes (product quantisation)', () => {
  const { index, floats, random } = syntheticArchive(1200, 256);
  const coarse = trainCoarseCodes(index.vectors);

  it('cuts vectors into subspaces of 64 dimensions, or into 8 when that is more, that divide them evenly, one byte each', () => {
    expect([subspacesFor(512), subspacesFor(384), subspacesFor(768), subspacesFor(1024), subspacesFor(100), subspacesFor(7), subspacesFor(11)]).toEqual([8, 8, 12, 16, 5, 7, 1]);
    expect(coarse.codes.length).toBe(1200 * 8);
    expect([centroidsFor(10), centroidsFor(200), centroidsFor(1200), centroidsFor(35_000)]).toEqual([10, 16, 75, 256]);
  });

  it('survives coarse.bin byte for byte, is the same on every build, and refuses a file of the wrong size', () => {
    const bytes = encodeCoarse(coarse);
    const back = decodeCoarse(bytes, coarse);
    expect(encodeCoarse(back)).toEqual(bytes);
    expect(encodeCoarse(trainCoarseCodes(index.vectors))).toEqual(bytes);
    expect(() => decodeCoarse(bytes.subarray(1), coarse)).toThrow(/coarse\.bin holds \d+ bytes, the manifest expects \d+/);
  });

  // The second pass scores again the first pass's best 16, and those of its best 64 it reads
  // anyway (sharded.ts): the exact best is mostly within the first 32.
  const FIRST_FEW = 32;
  it('scores close to the exact dot product, and keeps the exact best within its first few', () => {
    expect(FIRST_FEW).toBeLessThan(REFINED_IF_READ);
    let within = 0;
    const queries = 40;
    for (let q = 0; q < queries; q++) {
      const query = near(floats[Math.floor(random() * floats.length)]!, 0.3, random);
      const exact = dotAll(index.vectors, query);
      const approx = coarseScores(decodeCoarse(encodeCoarse(coarse), coarse), query);
      const all = [...exact.keys()];
      const best = rankBy(exact, all)[0]!;
      if (rankBy(approx, all).slice(0, FIRST_FEW).includes(best)) within++;
      const meanError = all.reduce((sum, i) => sum + Math.abs(exact[i]! - approx[i]!), 0) / all.length;
      expect(meanError).toBeLessThan(0.1);
    }
    // A first pass, not the answer: the two passes rescore its best on exact vectors (sharded.test.ts).
    expect(within).toBeGreaterThanOrEqual(queries * 0.8);
  });
});
