/**
 * A child process of the build's embedder pool (src/build/embedder-pool.ts): loads the model with a
 * single-threaded ONNX session and embeds the texts it is sent, one at a time. A process, not a
 * worker thread: onnxruntime-node 1.21 aborts when sessions run in two threads of one process.
 */
import { loadBatchEmbedder } from './embedder.ts';
import type { ModelConfig } from '../lib/model-config.ts';

/** What the pool sends: the model to load, texts to embed, or the request to release the model. */
export type ChildRequest =
  | { kind: 'load'; config: ModelConfig; modelsDir?: string }
  | { kind: 'embed'; id: number; prefix: string; texts: string[] }
  | { kind: 'close' };
/** What a child answers: it is ready, the texts' vectors (one array, rows of `width`), or why it failed. */
export type ChildReply =
  | { kind: 'ready' }
  | { kind: 'vectors'; id: number; width: number; data: Float32Array }
  | { kind: 'error'; id?: number; message: string };

const send = (reply: ChildReply) => process.send!(reply);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

// The pool's end is this process's end: it never outlives the build that started it.
process.on('disconnect', () => process.exit(0));

let embedder: Awaited<ReturnType<typeof loadBatchEmbedder>> | undefined;
process.on('message', async (request: ChildRequest) => {
  if (request.kind === 'load') {
    try {
      embedder = await loadBatchEmbedder(request.config, { modelsDir: request.modelsDir, threads: 1 });
      send({ kind: 'ready' });
    } catch (error) {
      send({ kind: 'error', message: message(error) });
    }
  } else if (request.kind === 'close') {
    await embedder?.dispose();
    process.disconnect?.();
  } else {
    try {
      // Each text alone, as the in-thread embedder embeds them (DEFAULT_BATCH_SIZE): a message only
      // carries several so that the build's process sends and receives fewer.
      const vectors: Float32Array[] = [];
      for (const text of request.texts) vectors.push(...(await embedder!.embedBatch(request.prefix, [text])));
      const width = vectors[0]?.length ?? 0;
      const data = new Float32Array(vectors.length * width);
      vectors.forEach((vector, row) => data.set(vector, row * width));
      send({ kind: 'vectors', id: request.id, width, data });
    } catch (error) {
      send({ kind: 'error', id: request.id, message: message(error) });
    }
  }
});
