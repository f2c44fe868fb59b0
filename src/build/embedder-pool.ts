/**
 * The build's embedder: the model loaded once per core in child processes, each with a
 * single-threaded ONNX session, the texts of a call shared out as each process comes free. On 2
 * cores, two single-threaded sessions embed real passages faster than one session using both (each
 * process tokenizes its own texts, and no thread waits for another inside an operator): with one
 * text at a time, 474 a second against 231 for one session with batches of 32. The vectors are the
 * ones the in-thread embedder gives: each text embedded alone, by the same model.
 */
import { availableParallelism } from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelConfig } from '../lib/model-config.ts';
import { createEmbedder, embedderOver, type BatchEmbedder, type Embedder, type EmbedderOptions } from './embedder.ts';
import type { ChildReply, ChildRequest } from './embedder-process.ts';

/**
 * Texts sent to a process in one message, each embedded alone: a message a text cost the build's own
 * process 7.5% of a core on real passages and the pool 5% of its rate (449 against 474 a second).
 */
export const TEXTS_PER_MESSAGE = 8;

/** At most this many processes unless told otherwise: each holds a model and a runtime (about 150 MB for the default). */
export const MAX_DEFAULT_WORKERS = 8;

/**
 * How many workers embed: VERBATIM_EMBED_WORKERS when set (1 embeds in this thread, with a session
 * using every core), else one per core up to MAX_DEFAULT_WORKERS.
 */
export function embedWorkerCount(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const setting = env.VERBATIM_EMBED_WORKERS;
  if (setting !== undefined && setting !== '') {
    const count = Number(setting);
    if (!Number.isInteger(count) || count < 1) throw new Error(`VERBATIM_EMBED_WORKERS must be a whole number of at least 1 (1 embeds in the build's own thread); got ${JSON.stringify(setting)}.`);
    return count;
  }
  return Math.max(1, Math.min(cores, MAX_DEFAULT_WORKERS));
}

/** One child process holding the model, as a BatchEmbedder. */
function startChild(config: ModelConfig, modelsDir: string | undefined): Promise<BatchEmbedder> {
  const child = fork(fileURLToPath(new URL('./embedder-process.ts', import.meta.url)), [], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolveReady, rejectReady) => {
    const fail = (error: Error) => {
      failure ??= error;
      rejectReady(failure);
      for (const { reject } of pending.values()) reject(failure);
      pending.clear();
    };
    child.on('message', (reply: ChildReply) => {
      if (reply.kind === 'ready') {
        resolveReady({
          config,
          embedBatch: (prefix, texts) =>
            new Promise((resolve, reject) => {
              if (failure) return reject(failure);
              const id = next++;
              pending.set(id, { resolve, reject });
              child.send({ kind: 'embed', id, prefix, texts } satisfies ChildRequest);
            }),
          dispose: async () => {
            failure ??= new Error('The embedder was released.');
            if (child.connected) child.send({ kind: 'close' } satisfies ChildRequest);
            await exited;
          },
        });
      } else if (reply.kind === 'vectors') {
        const rows = reply.width === 0 ? 0 : reply.data.length / reply.width;
        pending.get(reply.id)?.resolve(Array.from({ length: rows }, (_, row) => reply.data.subarray(row * reply.width, (row + 1) * reply.width)));
        pending.delete(reply.id);
      } else if (reply.id === undefined) {
        fail(new Error(reply.message));
        child.kill();
      } else {
        pending.get(reply.id)?.reject(new Error(reply.message));
        pending.delete(reply.id);
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`An embedding process stopped (${signal ?? `exit code ${code}`}) before it had embedded every text it was sent.`)));
    child.send({ kind: 'load', config, modelsDir } satisfies ChildRequest);
  });
}

/** Loads the configured model in `workers` processes (embedWorkerCount() unless given); one embeds in this thread. */
export async function createEmbedderPool(config: ModelConfig, options: EmbedderOptions & { workers?: number } = {}): Promise<Embedder> {
  const workers = options.workers ?? embedWorkerCount();
  if (workers <= 1) return createEmbedder(config, options);
  const started = await Promise.allSettled(Array.from({ length: workers }, () => startChild(config, options.modelsDir)));
  const ready = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(ready.map((embedder) => embedder.dispose()));
    throw failed.reason;
  }
  return embedderOver(config, ready, TEXTS_PER_MESSAGE);
}
