/// <reference lib="webworker" />
/**
 * The answer worker: loads the embedding model, its runtime and the answer index from the site's
 * own origin on first use, then embeds each question and answers it with the same pure retrieval
 * code as the CLI, fetching the index's shards as questions need them. Runs off the main thread,
 * so the page stays responsive while 7 MB of model load.
 */
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { model } from 'virtual:verbatim/config';
import { AskFileError } from '../../lib/ask/load.ts';
import { checkManifest } from '../../lib/ask/manifest.ts';
import { capQuestion } from '../../lib/ask/question.ts';
import { parseScope, ScopeError } from '../../lib/ask/scope.ts';
import type { ShardedIndex } from '../../lib/ask/sharded.ts';
import { checkModelFile } from '../../lib/model-file-check.ts';
import { loadAskIndex } from './load-index.ts';
import { toShownResult } from './shown.ts';
import runtimeGlueUrl from 'verbatim:ort-glue?url';
import runtimeWasmUrl from 'verbatim:ort-wasm?url';
import type { WorkerMessage, WorkerRequest } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage) => self.postMessage(message);

let extractor: FeatureExtractionPipeline | undefined;
let loaded: ShardedIndex | undefined;
let loading: Promise<void> | undefined;
const badFiles = new Set<string>();

/**
 * Bytes loaded per file, reported to the page against the whole download, which the manifest states
 * before the first model byte arrives (`expected`): the bar never fills and then jumps back.
 */
const progress = new Map<string, number>();
let expected = 0;
function report(file: string, loaded: number): void {
  if (extractor || !expected) return;
  progress.set(file, loaded);
  let done = 0;
  for (const bytes of progress.values()) done += bytes;
  post({ type: 'progress', loaded: Math.min(done, expected), total: expected });
}

/** Passes a response through unchanged while counting its bytes for the progress bar. */
function counted(url: string, response: Response): Response {
  let loaded = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.length;
      report(url, loaded);
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body!.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Every request of the worker passes through here: nothing may leave the site's origin; a model or
 * runtime file that is missing, or answered with an HTML page (a host's 404 or index.html), is
 * reported by name and never handed to Transformers.js or cached; the runtime binary streams on,
 * counted for the progress bar.
 */
function guardFetch(base: string): void {
  const plain = self.fetch.bind(self);
  const runtime = new URL(runtimeWasmUrl, self.location.href).pathname;
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
    if (url.origin !== self.location.origin) throw new Error(`refused to fetch ${url.href}: the site loads nothing from another origin`);
    const response = await plain(input, init);
    const isRuntime = url.pathname === runtime;
    if (!isRuntime && !url.pathname.startsWith(`${base}models/`)) return response;
    if (!response.ok) {
      // Named here in plain words: the runtime would report it as a bad binary, Transformers.js as `local_files_only`.
      badFiles.add(`${url.pathname} is missing from the site (the host answered ${response.status})`);
      return isRuntime ? new Response(null, { status: response.status, statusText: 'Missing runtime' }) : response;
    }
    if (isRuntime) {
      if (!(response.headers.get('content-type') ?? '').includes('text/html')) return counted(url.pathname, response);
      badFiles.add(`${url.pathname} is an HTML page (a host error page or index.html), not the runtime`);
      return new Response(null, { status: 404, statusText: 'Not the runtime' });
    }
    const problem = checkModelFile(url.pathname, new Uint8Array(await response.clone().arrayBuffer()));
    if (!problem) return response;
    badFiles.add(`${url.pathname} ${problem}`);
    return new Response(null, { status: 404, statusText: 'Not a model file' });
  };
}

/**
 * The runtime binary from Cache Storage, when an earlier visit kept it: then it needs no network.
 * The first visit lets onnxruntime-web stream and compile it while it downloads, which is faster
 * than downloading, then compiling, and keeps it afterwards (keepRuntime).
 */
async function cachedRuntime(cacheName: string): Promise<ArrayBuffer | undefined> {
  if (!('caches' in self)) return undefined;
  const hit = await caches.open(cacheName).then((c) => c.match(runtimeWasmUrl)).catch(() => undefined);
  return hit?.arrayBuffer();
}

async function keepRuntime(cacheName: string): Promise<void> {
  if (!('caches' in self)) return;
  const response = await fetch(runtimeWasmUrl);
  if (response.ok) await (await caches.open(cacheName)).put(runtimeWasmUrl, response);
}

async function load(base: string): Promise<void> {
  const started = performance.now();
  guardFetch(base);
  loaded = await loadAskIndex(base, model);
  const manifest = loaded.manifest!;
  const cacheName = `verbatim-${manifest.model.id}-${manifest.coarse.sha256.slice(0, 16)}`;

  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${base}models/`;
  env.useBrowserCache = false;
  env.useCustomCache = 'caches' in self;
  if (env.useCustomCache) env.customCache = await caches.open(cacheName);
  // The runtime's JS is bundled with Transformers.js but for the binary and its glue, files Vite
  // emitted under the base path. Naming both (never a folder) keeps onnxruntime-web off its CDN default.
  const wasm = env.backends.onnx.wasm!;
  wasm.wasmPaths = { wasm: runtimeWasmUrl, mjs: runtimeGlueUrl };
  const kept = await cachedRuntime(cacheName);
  if (kept) wasm.wasmBinary = kept;
  // The parts of the index every first question loads; its shards come with the answer, and are small.
  const { structure, coarse, download } = manifest;
  if (download) {
    expected = structure.bytes + coarse.bytes + download.model + (kept ? 0 : download.runtime);
    report('index', structure.bytes + coarse.bytes);
  }

  extractor = await pipeline('feature-extraction', model.id, {
    dtype: model.dtype,
    progress_callback: (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (p.status === 'progress' && p.file) report(p.file, p.loaded ?? 0);
    },
  }).catch((error: unknown) => {
    throw new Error(badFiles.size ? `the model could not load: ${[...badFiles].join('; ')}` : `the model could not load: ${(error as Error).message}`);
  });
  const [probe] = await embed(['dimensions']);
  checkManifest(manifest, model, probe!.length);
  post({ type: 'ready', ms: performance.now() - started });
  if (!kept) void keepRuntime(cacheName).catch(() => undefined);
}

async function embed(texts: string[]): Promise<Float32Array[]> {
  const output = await extractor!(texts.map((t) => model.queryPrefix + capQuestion(t)), { pooling: model.pooling, normalize: model.normalize });
  const width = output.dims[1]!;
  const data = output.data as Float32Array;
  return texts.map((_, row) => data.slice(row * width, (row + 1) * width));
}

// onnxruntime-web leaves a rejected promise of its own behind when its binary fails to compile. The
// failed load already reports why, so it must not surface again as an uncaught error of the page.
self.addEventListener('unhandledrejection', (event) => {
  if (!extractor) event.preventDefault();
});

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
    const question = capQuestion(data.question.trim());
    const written = parseScope(data.scope);
    const scope = written && (await loaded.resolveScope(written));
    const embedStarted = performance.now();
    const [vector] = await embed([question]);
    const embedMs = performance.now() - embedStarted;
    const { result, passages, phases } = await loaded.ask(question, vector!, scope);
    const shown = toShownResult(passages, result, 'semantic', performance.now() - started, scope);
    post({ type: 'answer', id: data.id, result: phases ? { ...shown, phases: { embed: embedMs, ...phases } } : shown });
  } catch (error) {
    // A shard the manifest does not pin, met while answering, ends answering by meaning: the page falls back to keywords.
    post({
      type: 'error',
      id: data.id,
      message: (error as Error).message,
      ...(error instanceof AskFileError ? { file: error.file } : {}),
      ...(error instanceof ScopeError ? { scope: true } : {}),
    });
  }
};
