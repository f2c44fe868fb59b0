/** What the build copies into the site: the model's run-time files and the matching onnxruntime-web pair. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { ensureDefaultModel } from '../../scripts/model/prepare.ts';
import { copyModelToSite, copyRuntimeToSite } from '../../scripts/model/site-files.ts';

let outDir: string;

beforeAll(async () => {
  await ensureDefaultModel();
  outDir = await mkdtemp(path.join(tmpdir(), 'verbatim-site-'));
}, 120_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('copyModelToSite', () => {
  it('copies the files Transformers.js requests for the dtype, with the licence, in its request layout', async () => {
    const files = await copyModelToSite(resolveModelConfig(), { outDir });
    expect(files.map((f) => f.path)).toEqual([
      'models/verbatim/use-lite/config.json',
      'models/verbatim/use-lite/tokenizer.json',
      'models/verbatim/use-lite/tokenizer_config.json',
      'models/verbatim/use-lite/onnx/model_quantized.onnx',
      'models/verbatim/use-lite/LICENSE',
      'models/verbatim/use-lite/PROVENANCE.md',
    ]);
    for (const file of files) expect((await stat(path.join(outDir, file.path))).size).toBe(file.bytes);
  });

  it('fails clearly for a model that was not prepared', async () => {
    await expect(copyModelToSite(resolveModelConfig({ id: 'nobody/nothing' }), { outDir })).rejects.toThrow(/Model nobody\/nothing is not prepared in .*missing config\.json/);
  });
});

describe('copyRuntimeToSite', () => {
  it('copies the onnxruntime-web .mjs/.wasm pair the installed Transformers.js loads', async () => {
    const files = await copyRuntimeToSite(outDir);
    expect(files.map((f) => f.path)).toEqual(['ort/ort-wasm-simd-threaded.jsep.mjs', 'ort/ort-wasm-simd-threaded.jsep.wasm']);
    const dist = path.dirname(createRequire(import.meta.url).resolve('@huggingface/transformers'));
    for (const file of files) {
      const [copied, shipped] = await Promise.all([readFile(path.join(outDir, file.path)), readFile(path.join(dist, path.basename(file.path)))]);
      expect(copied.equals(shipped)).toBe(true);
      expect(file.bytes).toBe(copied.length);
    }
  });
});
