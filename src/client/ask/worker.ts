/// <reference lib="webworker" />
/**
 * The answer worker: loads the embedding model, its runtime and the answer index from the site's
 * own origin on first use, then embeds each question and answers it with the same pure retrieval
 * code as the CLI. Runs off the main thread, so the page stays responsive while 7 MB of model load.
 */
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { model } from 'virtual:verbatim/config';
import { ask } from '../../lib/ask/answer.ts';
import { checkManifest, type AskManifest } from '../../lib/ask/manifest.ts';
import type { AskIndex } from '../../lib/ask/answer.ts';
import { checkModelFile } from '../../lib/model-file-check.ts';
import { loadAskIndex } from './load-index.ts';
import { toShownResult } from './shown.ts';
import runtimeWasmUrl from 'verbatim:ort-wasm?url';
import type { WorkerMessage, WorkerRequest } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage) => self.postMessage(message);

/** Questions are cut here: the model reads 128 tokens at most, and nothing longer is a question. */
const MAX_QUESTION = 1000;

let extractor: FeatureExtractionPipeline | undefined;
let loaded: { manifest: AskManifest; index: AskIndex } | undefined;
let loading: Promise<void> | undefined;
const badFiles: string[] = [];

/**
 * Every model and runtime response passes through here: a host that answers a missing file with
 * an HTML page gets a clear report, and the page is never handed to Transformers.js or cached.
 */
function guardFetch(base: string): void {
  const plain = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
    if (url.origin !== self.location.origin) throw new Error(`refused to fetch ${url.href}: the site loads nothing from another origin`);
    const response = await plain(input, init);
    if (!url.pathname.startsWith(`${base}models/`) && url.pathname !== new URL(runtimeWasmUrl, self.location.href).pathname) return response;
    if (!response.ok) return response;
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    const problem = checkModelFile(url.pathname, bytes);
    if (!problem) return response;
    badFiles.push(`${url.pathname} ${problem}`);
    return new Response(null, { status: 404, statusText: 'Not a model file' });
  };
}

/** Bytes loaded per file, reported to the page as one total. */
const progress = new Map<string, { loaded: number; total: number }>();
function report(file: string, loaded: number, total: number): void {
  progress.set(file, { loaded, total });
  let done = 0;
  let all = 0;
  for (const p of progress.values()) {
    done += p.loaded;
    all += p.total;
  }
  post({ type: 'progress', loaded: done, total: all });
}

/** The runtime's 21 MB .wasm, kept in Cache Storage so a return visit neither fetches it again nor needs the network. */
async function runtimeBinary(cacheName: string): Promise<ArrayBuffer> {
  const url = new URL(runtimeWasmUrl, self.location.href).href;
  const cache = 'caches' in self ? await caches.open(cacheName).catch(() => undefined) : undefined;
  const hit = await cache?.match(url);
  if (hit) return hit.arrayBuffer();
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`the model runtime ${url} is missing from the site (${response.status})`);
  const total = Number(response.headers.get('content-length')) || 0;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (const reader = response.body.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    report(url, loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  await cache?.put(url, new Response(bytes.slice(), { headers: { 'Content-Type': 'application/wasm' } })).catch(() => undefined);
  return bytes.buffer;
}

async function load(base: string): Promise<void> {
  const started = performance.now();
  guardFetch(base);
  loaded = await loadAskIndex(base, model);
  const cacheName = `verbatim-${loaded.manifest.model.id}-${loaded.manifest.passages.contentHash.slice(0, 16)}`;

  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${base}models/`;
  env.useBrowserCache = false;
  env.useCustomCache = 'caches' in self;
  if (env.useCustomCache) env.customCache = await caches.open(cacheName);
  // The runtime's JS is bundled with Transformers.js; only its binary is a file, which Vite emitted
  // under the base path. Naming it (never a folder) keeps onnxruntime-web off its CDN default.
  const wasm = env.backends.onnx.wasm!;
  wasm.wasmPaths = { wasm: runtimeWasmUrl };
  wasm.wasmBinary = await runtimeBinary(cacheName);

  extractor = await pipeline('feature-extraction', model.id, {
    dtype: model.dtype,
    progress_callback: (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (p.status === 'progress' && p.file) report(p.file, p.loaded ?? 0, p.total ?? 0);
    },
  }).catch((error: unknown) => {
    throw new Error(badFiles.length ? `the model could not load: ${badFiles.join('; ')}` : `the model could not load: ${(error as Error).message}`);
  });
  const [probe] = await embed(['dimensions']);
  checkManifest(loaded.manifest, model, probe!.length);
  post({ type: 'ready', ms: performance.now() - started });
}

async function embed(texts: string[]): Promise<Float32Array[]> {
  const output = await extractor!(texts.map((t) => model.queryPrefix + t.slice(0, MAX_QUESTION)), { pooling: model.pooling, normalize: model.normalize });
  const width = output.dims[1]!;
  const data = output.data as Float32Array;
  return texts.map((_, row) => data.slice(row * width, (row + 1) * width));
}

self.onmessage = async ({ data }: MessageEvent<WorkerRequest>) => {
  if (data.type === 'load') {
    loading ??= load(data.base).catch((error: unknown) => post({ type: 'failed', message: (error as Error).message }));
    return;
  }
  try {
    await loading;
    if (!extractor || !loaded) throw new Error('the model is not loaded');
    if (data.type === 'embed') {
      post({ type: 'embedding', id: data.id, vectors: await embed(data.texts) });
      return;
    }
    const started = performance.now();
    const question = data.question.trim();
    const [vector] = await embed([question]);
    const result = ask(loaded.index, loaded.manifest.calibration, question.slice(0, MAX_QUESTION), vector!);
    post({ type: 'answer', id: data.id, result: toShownResult(loaded.index, result, 'semantic', performance.now() - started) });
  } catch (error) {
    post({ type: 'error', id: data.id, message: (error as Error).message });
  }
};
