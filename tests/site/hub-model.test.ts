/**
 * A hub model configured for a site, end to end: a real build downloads it from a local server in
 * the Hugging Face URL layout (HF_ENDPOINT), serves it from the site, indexes with it, and the CLI
 * answers with it; offline, the build stops and says what to do.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { DEFAULT_MODELS_DIR } from '../../src/build/model/paths.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';
import { buildSite, inheritedEnv, ROOT } from '../helpers/site.ts';

const ID = 'test-org/site-embedder';
const MODEL = JSON.stringify({ id: ID, pooling: 'cls' });
let hub: StaticHost;
let content: string;

beforeAll(async () => {
  const { dir } = await ensureDefaultModel();
  const root = mkdtempSync(path.join(tmpdir(), 'verbatim-hub-'));
  const files = path.join(root, ID, 'resolve', 'main');
  mkdirSync(files, { recursive: true });
  cpSync(dir, files, { recursive: true });
  hub = await serveStatic(root, '/');
  content = writeContent(GOOD_CONTENT);
  rmSync(path.join(DEFAULT_MODELS_DIR, ID), { recursive: true, force: true });
});

afterAll(async () => {
  await hub?.close();
  rmSync(path.join(DEFAULT_MODELS_DIR, ID), { recursive: true, force: true });
});

describe('a hub model named in the configuration', () => {
  it('is downloaded at build time, served from the site, and answers', async () => {
    const result = await buildSite({ content, env: { VERBATIM_MODEL: MODEL, HF_ENDPOINT: hub.origin } });
    expect(result.code, result.output).toBe(0);
    expect(hub.requests).toContain(`/${ID}/resolve/main/onnx/model_quantized.onnx`);
    for (const file of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']) {
      expect(existsSync(path.join(result.outDir, 'models', ID, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(path.join(result.outDir, 'ask/manifest.json'), 'utf8')) as { model: { id: string; pooling: string } };
    expect(manifest.model).toMatchObject({ id: ID, pooling: 'cls' });

    const ask = spawnSync('npm', ['run', 'ask', '--', '--json', '--dist', result.outDir, 'Why do cities keep their railways?'], {
      cwd: ROOT,
      env: inheritedEnv(),
      encoding: 'utf8',
    });
    expect(ask.status, ask.stderr).toBe(0);
    const answer = JSON.parse(ask.stdout.trim()) as { abstained: boolean; answers: { text: string }[] };
    expect(answer.answers[0]?.text).toBe('Because a railway is a promise that a city keeps for a century.');
  });

  it('stops the build offline, saying to connect or to point model.local at a folder', async () => {
    rmSync(path.join(DEFAULT_MODELS_DIR, ID), { recursive: true, force: true });
    const result = await buildSite({ content, env: { VERBATIM_MODEL: MODEL, HF_ENDPOINT: 'http://127.0.0.1:9' } });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Cannot download model test-org\/site-embedder: .* is unreachable/);
    expect(result.output).toMatch(/Connect to the internet and build again, or .* set model\.local/);
    expect(existsSync(path.join(result.outDir, 'index.html'))).toBe(false);
  });
});
