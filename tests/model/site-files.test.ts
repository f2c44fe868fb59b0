/** What the build copies into the site: the model's run-time files and the matching onnxruntime-web pair. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { copyModelToSite, runtimeGluePath, runtimeModulePath, runtimeWasmPath } from '../../src/build/model/site-files.ts';

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

describe('runtimeWasmPath', () => {
  it('names the CPU-only .wasm beside the onnxruntime-web that Transformers.js resolves: the module the site bundles loads its glue, and the glue loads it', async () => {
    const file = runtimeWasmPath();
    const transformers = createRequire(import.meta.url).resolve('@huggingface/transformers');
    const ortEntry = createRequire(transformers).resolve('onnxruntime-web');
    for (const other of [file, runtimeModulePath(), runtimeGluePath()]) expect(path.dirname(other)).toBe(path.dirname(ortEntry));
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(await readFile(runtimeModulePath(), 'utf8')).toContain(path.basename(runtimeGluePath()));
    expect(await readFile(runtimeGluePath(), 'utf8')).toContain(path.basename(file));
    // Not the WebGPU-capable binary Transformers.js's default bundle loads, twice the size.
    expect(path.basename(file)).not.toContain('jsep');
  });
});
