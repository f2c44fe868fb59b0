/**
 * Hub models by configuration, for real: a local HTTP server on 127.0.0.1 serves a model folder in
 * the hub's URL layout, fetchModel downloads it, Transformers.js embeds with it from the cache.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { createEmbedder } from '../../src/build/embedder.ts';
import { fetchModel, ModelFetchError } from '../../src/build/model/fetch-model.ts';
import { DEFAULT_MODELS_DIR } from '../../src/build/model/paths.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { cosine } from './reference.ts';

const ID = 'test-org/tiny-embedder';
let scratch: string;
let server: Server;
let host: string;
const requests: string[] = [];

beforeAll(async () => {
  const { dir } = await ensureDefaultModel();
  scratch = await mkdtemp(path.join(tmpdir(), 'verbatim-fetch-'));
  const hub = path.join(scratch, 'hub');
  await cp(dir, path.join(hub, ID), { recursive: true });

  server = createServer(async (request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    if (url.startsWith('/test-org/html-host/')) {
      // What a static host or a captive portal answers for a missing file.
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title>');
      return;
    }
    if (url.startsWith('/test-org/disguised-html/')) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end('\n  <html><body>index</body></html>');
      return;
    }
    const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url);
    const file = match ? path.join(hub, match[1]!, ...match[2]!.split('/')) : '';
    if (!match || !existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

describe('fetchModel', () => {
  it('downloads a hub model into the cache, then Transformers.js embeds with it offline', async () => {
    const modelsDir = path.join(scratch, 'models');
    const config = resolveModelConfig({ id: ID, pooling: 'cls', dtype: 'q8' });
    const { dir, fetched } = await fetchModel(config, { modelsDir, remoteHost: host });
    expect(dir).toBe(path.join(modelsDir, 'test-org', 'tiny-embedder'));
    expect(fetched).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    expect(requests).toContain(`/${ID}/resolve/main/onnx/model_quantized.onnx`);

    const embedder = await createEmbedder(config, { modelsDir });
    const expected = await createEmbedder(resolveModelConfig({ dtype: 'q8' }), { modelsDir: DEFAULT_MODELS_DIR });
    const texts = ['Why release open models?', 'Un café à Tokyo 東京'];
    const [a, b] = [await embedder.embedQueries(texts), await expected.embedQueries(texts)];
    expect(cosine(a[0]!, b[0]!)).toBeGreaterThan(0.999999);
    expect(cosine(a[1]!, b[1]!)).toBeGreaterThan(0.999999);
    await Promise.all([embedder.dispose(), expected.dispose()]);

    // Cached: nothing is downloaded the second time.
    requests.length = 0;
    expect((await fetchModel(config, { modelsDir, remoteHost: host })).fetched).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);

  it('applies the query prefix of the configuration', async () => {
    const modelsDir = path.join(scratch, 'models');
    const prefix = 'Represent this sentence for searching relevant passages: ';
    const config = resolveModelConfig({ id: ID, pooling: 'cls', queryPrefix: prefix });
    await fetchModel(config, { modelsDir, remoteHost: host });
    const embedder = await createEmbedder(config, { modelsDir });
    const [query] = await embedder.embedQueries(['open models']);
    const [passage] = await embedder.embedPassages([`${prefix}open models`]);
    expect(cosine(query!, passage!)).toBeGreaterThan(0.999999);
    await embedder.dispose();
  }, 60_000);

  it('refuses an HTML page answered for a model file, and saves nothing', async () => {
    for (const id of ['test-org/html-host', 'test-org/disguised-html']) {
      const modelsDir = path.join(scratch, 'html');
      const attempt = fetchModel(resolveModelConfig({ id }), { modelsDir, remoteHost: host });
      await expect(attempt).rejects.toThrow(/config\.json is an HTML page.*nothing was saved/);
      await expect(attempt).rejects.toBeInstanceOf(ModelFetchError);
      expect(existsSync(path.join(modelsDir, ...id.split('/'), 'config.json'))).toBe(false);
    }
  });

  it('reports a missing file (HTTP 404) with the dtype that needs it', async () => {
    const config = resolveModelConfig({ id: ID, dtype: 'fp16' });
    await expect(fetchModel(config, { modelsDir: path.join(scratch, 'missing'), remoteHost: host })).rejects.toThrow(
      /onnx\/model_fp16\.onnx answered HTTP 404\. Check model\.id and that the model has onnx\/model_fp16\.onnx \(dtype "fp16"\)/,
    );
  });

  it('says what to do when the host is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const attempt = fetchModel(resolveModelConfig({ id: 'Snowflake/snowflake-arctic-embed-xs' }), {
      modelsDir: path.join(scratch, 'offline'),
      remoteHost: `http://127.0.0.1:${port}`,
    });
    await expect(attempt).rejects.toThrow(/is unreachable \(ECONNREFUSED.*Connect to the internet and build again, or .* set model\.local to it/);
  });

  it('takes the model from a local folder (model.local) instead of the network', async () => {
    const modelsDir = path.join(scratch, 'local');
    const local = path.join(scratch, 'hub', ID);
    const config = resolveModelConfig({ id: 'local-org/from-disk', pooling: 'cls', dtype: 'fp32', local });
    const { dir, fetched } = await fetchModel(config, { modelsDir, remoteHost: 'http://127.0.0.1:9' });
    expect(fetched).toContain('onnx/model.onnx');
    expect(existsSync(path.join(dir, 'LICENSE'))).toBe(true);
    const embedder = await createEmbedder(config, { modelsDir });
    expect(embedder.dims).toBe(512);
    await embedder.dispose();

    await expect(fetchModel({ ...config, dtype: 'q4' }, { modelsDir })).rejects.toThrow(/model\.local: .*onnx\/model_q4\.onnx is missing/);
  }, 60_000);
});
