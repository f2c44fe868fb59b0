/**
 * The coarse codes kept between builds (src/build/coarse-cache.ts): a rebuild after a small change
 * keeps the codebook and every unchanged passage's codes and codes only what changed; a larger
 * change, or many small ones added up, trains the codebook anew, as a build without the cache does.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedCoarseCodes, REUSE_SHARE } from '../../src/build/coarse-cache.ts';
import { codeVectors, trainCoarseCodes } from '../../src/lib/ask/coarse.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';

const DIMS = 64;
const COUNT = 400;

/** Deterministic unit vectors: a seeded generator, so that every run tests the same archive. */
function vectorsFrom(seed: number, count = COUNT): Float32Array[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: DIMS }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

const quantized = (vectors: Float32Array[]) => quantizeVectors(vectors, DIMS);
const cacheDir = () => mkdtempSync(path.join(tmpdir(), 'verbatim-coarse-cache-'));

describe('the coarse codes cache', () => {
  it('trains on a first build exactly as a build without it, then keeps everything for the same vectors', async () => {
    const dir = cacheDir();
    const vectors = quantized(vectorsFrom(1));
    const first = await cachedCoarseCodes(vectors, dir);
    expect(first).toMatchObject({ kept: false, coded: COUNT });
    const plain = trainCoarseCodes(vectors);
    expect([...first.coarse.codes]).toEqual([...plain.codes]);
    expect([...first.coarse.codebook]).toEqual([...plain.codebook]);
    const again = await cachedCoarseCodes(vectors, dir);
    expect(again).toMatchObject({ kept: true, coded: 0 });
    expect([...again.coarse.codes]).toEqual([...plain.codes]);
  });

  it('after one passage changed, keeps the codebook and the others\u2019 codes and codes that one against it', async () => {
    const dir = cacheDir();
    const before = vectorsFrom(2);
    const first = await cachedCoarseCodes(quantized(before), dir);
    const after = [...before];
    after[123] = vectorsFrom(99, 1)[0]!;
    const vectors = quantized(after);
    const second = await cachedCoarseCodes(vectors, dir);
    expect(second).toMatchObject({ kept: true, coded: 1 });
    expect([...second.coarse.codebook]).toEqual([...first.coarse.codebook]);
    const { subspaces } = second.coarse;
    for (let row = 0; row < COUNT; row++) {
      if (row === 123) continue;
      expect([...second.coarse.codes.subarray(row * subspaces, (row + 1) * subspaces)], `row ${row}`).toEqual([...first.coarse.codes.subarray(row * subspaces, (row + 1) * subspaces)]);
    }
    // The changed passage is coded against the kept codebook as coding from scratch against it would.
    const direct = codeVectors(first.coarse, vectors);
    expect([...second.coarse.codes.subarray(123 * subspaces, 124 * subspaces)]).toEqual([...direct.codes.subarray(123 * subspaces, 124 * subspaces)]);
  });

  it('trains anew when more than its share of the archive changed, and counts small changes up until they reach it', async () => {
    const dir = cacheDir();
    const base = vectorsFrom(3);
    await cachedCoarseCodes(quantized(base), dir);
    const many = [...base];
    const replaced = Math.ceil(COUNT * REUSE_SHARE) + 1;
    vectorsFrom(77, replaced).forEach((v, i) => (many[i] = v));
    expect(await cachedCoarseCodes(quantized(many), dir)).toMatchObject({ kept: false, coded: COUNT });

    // Small steps, each a quarter of the share in passages replaced (each counts as one new and one gone).
    let current = [...many];
    const step = Math.floor((COUNT * REUSE_SHARE) / 4);
    const outcomes: boolean[] = [];
    for (let s = 0; s < 4; s++) {
      current = [...current];
      vectorsFrom(1000 + s, step).forEach((v, i) => (current[COUNT - 1 - s * step - i] = v));
      outcomes.push((await cachedCoarseCodes(quantized(current), dir)).kept);
    }
    expect(outcomes).toEqual([true, true, false, true]);
  });

  it('trains when its file is damaged, and never leaves a temporary file behind', async () => {
    const dir = cacheDir();
    const vectors = quantized(vectorsFrom(4));
    await cachedCoarseCodes(vectors, dir);
    writeFileSync(path.join(dir, `${DIMS}d.bin`), '{"format":"verbatim-coarse-cache","version":2}\ngarbage');
    expect(await cachedCoarseCodes(vectors, dir)).toMatchObject({ kept: false, coded: COUNT });
    expect(readdirSync(dir)).toEqual([`${DIMS}d.bin`]);
  });
});
