/**
 * The build's embedder pool: the model in child processes, one per core, gives exactly the vectors
 * the in-thread embedder gives, in the order asked, and a failure in a child fails the build with
 * its reason instead of hanging it or leaving processes behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, type Embedder } from '../../src/build/embedder.ts';
import { createEmbedderPool, embedWorkerCount } from '../../src/build/embedder-pool.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { DEFAULT_MODEL, resolveModelConfig } from '../../src/lib/model-config.ts';
import { PARITY_CORPUS } from './fixtures/corpus.ts';

/** Process ids of this process's children that run the pool's child script. */
function poolChildren(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('embedder-process.ts')).map((line) => Number(line.trim().split(/\s+/)[0]));
}

let single: Embedder;
beforeAll(async () => {
  await ensureDefaultModel();
  single = await createEmbedder(DEFAULT_MODEL);
}, 120_000);
afterAll(() => single?.dispose());

describe('createEmbedderPool', () => {
  it('gives, in two processes, exactly the in-thread vectors of every text, in the order asked', async () => {
    // Texts of every length, short and long interleaved, so that batches and processes interleave too.
    const texts = PARITY_CORPUS.slice(0, 120).map((text, i) => (i % 3 === 0 ? text.repeat(4) : text));
    const pool = await createEmbedderPool(DEFAULT_MODEL, { workers: 2 });
    try {
      expect(poolChildren()).toHaveLength(2);
      // Two calls at once, as the embedding cache makes them: neither waits for the other to be asked.
      const [passages, queries] = await Promise.all([pool.embedPassages(texts), pool.embedQueries(texts.slice(0, 10))]);
      const expected = await single.embedPassages(texts);
      expect(passages).toHaveLength(texts.length);
      passages.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(expected[i]!)));
      expect(Array.from(queries[9]!)).toEqual(Array.from(expected[9]!));
      expect(pool.dims).toBe(512);
    } finally {
      await pool.dispose();
    }
    expect(poolChildren()).toEqual([]);
  }, 120_000);

  it('gives a text the same vector alone as among others', async () => {
    const texts = PARITY_CORPUS.slice(0, 40);
    const pool = await createEmbedderPool(DEFAULT_MODEL, { workers: 2 });
    try {
      const together = await pool.embedPassages(texts);
      const alone = await pool.embedPassages([texts[17]!]);
      expect(Array.from(alone[0]!)).toEqual(Array.from(together[17]!));
    } finally {
      await pool.dispose();
    }
  }, 120_000);

  it("fails with a child's reason: a NaN vector names its text, and the pool still embeds afterwards", async () => {
    const pool = await createEmbedderPool(resolveModelConfig({ pooling: 'mean' }), { workers: 2 });
    try {
      await expect(pool.embedPassages(['some text', '', 'more text'])).rejects.toThrow(/non-finite embedding for text 1 \(""\); is it empty\?/);
      expect(await pool.embedPassages(['some text'])).toHaveLength(1);
    } finally {
      await pool.dispose();
    }
  }, 120_000);

  it('fails to start with the reason, and leaves no process behind, when the model is not prepared', async () => {
    const modelsDir = mkdtempSync(path.join(tmpdir(), 'verbatim-no-model-'));
    await expect(createEmbedderPool(DEFAULT_MODEL, { workers: 2, modelsDir })).rejects.toThrow(/is not prepared in .*missing/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(poolChildren()).toEqual([]);
  }, 120_000);
});

describe('embedWorkerCount', () => {
  it('is one per core up to eight unless VERBATIM_EMBED_WORKERS says otherwise, and refuses nonsense', () => {
    expect(embedWorkerCount({}, 2)).toBe(2);
    expect(embedWorkerCount({}, 64)).toBe(8);
    expect(embedWorkerCount({ VERBATIM_EMBED_WORKERS: '1' }, 2)).toBe(1);
    expect(embedWorkerCount({ VERBATIM_EMBED_WORKERS: '3' }, 2)).toBe(3);
    expect(() => embedWorkerCount({ VERBATIM_EMBED_WORKERS: '0' }, 2)).toThrow(/VERBATIM_EMBED_WORKERS must be a whole number of at least 1.*got "0"/);
    expect(() => embedWorkerCount({ VERBATIM_EMBED_WORKERS: 'many' }, 2)).toThrow(/got "many"/);
  });
});
