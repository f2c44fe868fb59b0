/**
 * "Also said about this" kept between builds (src/build/related-cache.ts): the file holds what the
 * next build starts from, a second build of the same archive reads it back and updates rather than
 * searching it all again, and a damaged file only means a full pass.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedRelatedPassages } from '../../src/build/related-cache.ts';
import { trainCoarseCodes } from '../../src/lib/ask/coarse.ts';
import { quantizeVectors } from '../../src/lib/ask/vectors.ts';
import { relatedPassages } from '../../src/lib/related.ts';

function archive(count: number, dims: number) {
  let seed = 11;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
  const centres = Array.from({ length: 20 }, () => unit(Float32Array.from({ length: dims }, random)));
  const floats = Array.from({ length: count }, (_, i) => unit(centres[i % 20]!.map((x) => x + 0.08 * random())));
  const vectors = quantizeVectors(floats, dims);
  const group = Int32Array.from({ length: count }, (_, i) => Math.floor(i / 20));
  return { vectors, coarse: trainCoarseCodes(vectors), group, interviews: [...group].map((g) => `interview-${g}`), eligible: new Uint8Array(count).fill(1) };
}

describe('the related passages cache', () => {
  it('writes what the next build starts from, and the next build of the same archive updates from it to the same neighbours', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-related-cache-'));
    const { vectors, coarse, group, interviews, eligible } = archive(800, 64);
    const first = await cachedRelatedPassages(vectors, coarse, interviews, group, eligible, dir);
    expect(first.updated).toBe(false);
    const plain = relatedPassages(vectors, coarse, group, eligible);
    expect([...first.related.neighbours]).toEqual([...plain.neighbours]);
    const second = await cachedRelatedPassages(vectors, coarse, interviews, group, eligible, dir);
    expect(second.updated).toBe(true);
    expect([...second.related.neighbours]).toEqual([...plain.neighbours]);
    expect([...second.related.scores]).toEqual([...plain.scores]);
    expect(second.related.floor).toBe(plain.floor);
    expect(readdirSync(dir)).toEqual(['64d.bin']);
  });

  it('runs the whole pass when its file is damaged or the passages moved to other interviews', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-related-cache-'));
    const { vectors, coarse, group, interviews, eligible } = archive(400, 64);
    await cachedRelatedPassages(vectors, coarse, interviews, group, eligible, dir);
    // The same vectors in other interviews are other passages: their neighbours change with their interview.
    expect((await cachedRelatedPassages(vectors, coarse, interviews.map((i) => `${i}-renamed`), group, eligible, dir)).updated).toBe(false);
    writeFileSync(path.join(dir, '64d.bin'), '{"format":"verbatim-related-cache","version":2}\nshort');
    expect((await cachedRelatedPassages(vectors, coarse, interviews, group, eligible, dir)).updated).toBe(false);
  });
});
