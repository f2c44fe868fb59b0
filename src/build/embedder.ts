/**
 * Embeds questions and passages in Node with Transformers.js, from the local models cache only,
 * with the same pooling, normalisation and prefixes the browser worker uses.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { embeddingWindow } from '../lib/ask/passage-data.ts';
import { modelFiles, type ModelConfig } from '../lib/model-config.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './model/paths.ts';

// pipeline()'s generic signature is too large a union for the type checker; this is its overload for the task.
const createFeatureExtractor = pipeline as (task: 'feature-extraction', model: string, options: { dtype: ModelConfig['dtype']; session_options?: { intraOpNumThreads?: number } }) => Promise<FeatureExtractionPipeline>;

/** A loaded model that turns texts into unit-length (when configured) Float32Array vectors. */
export type Embedder = {
  embedQueries(texts: string[]): Promise<Float32Array[]>;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  dims: number;
  config: ModelConfig;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
};

/**
 * Options of createEmbedder. `threads` caps the ONNX session's threads (its default is one per core);
 * a pool of single-threaded embedders (src/build/embedder-pool.ts) gets more from the same cores.
 */
export type EmbedderOptions = { modelsDir?: string; threads?: number };

/**
 * Texts are embedded this many at a time unless told otherwise. One: on real passages a session
 * embeds one text at a time faster than batches of 32 (239 against 231 a second in one thread, 396
 * against 300 in two processes), as its working set stays in the CPU's caches and nothing is padded;
 * and a text's vector then never depends on what else is embedded with it, for any model (a model
 * quantised per tensor scales a batch as a whole).
 */
export const DEFAULT_BATCH_SIZE = 1;

/**
 * The batches a list of texts is embedded in, as positions into the list. A batch is padded to its
 * longest text, so a batch of several holds texts of like length: no work is wasted on padding.
 */
export function embeddingBatches(texts: readonly string[], batchSize: number): number[][] {
  const order = texts.map((text, i) => [text.length, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}

/** A loaded model that embeds one batch of texts at a time, with a prefix, into unit-length (when configured) vectors. */
export type BatchEmbedder = {
  embedBatch(prefix: string, texts: string[]): Promise<Float32Array[]>;
  config: ModelConfig;
  dispose(): Promise<void>;
};

/** Loads the configured model from `modelsDir` (prepared beforehand by prepareModel) to embed batches. */
export async function loadBatchEmbedder(config: ModelConfig, options: EmbedderOptions = {}): Promise<BatchEmbedder> {
  const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
  const dir = modelDir(modelsDir, config.id);
  const missing = modelFiles(config).filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`Model ${config.id} (${config.dtype}) is not prepared in ${dir}: missing ${missing.join(', ')}. Prepare it first with prepareModel() (the build does; \`npm run model:prepare\` does it for the embedded default).`);
  }

  // Transformers.js settings are process-wide; the build only ever reads models from its own cache.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${path.resolve(modelsDir)}${path.sep}`;
  const extractor = await createFeatureExtractor('feature-extraction', config.id, {
    dtype: config.dtype,
    ...(options.threads ? { session_options: { intraOpNumThreads: options.threads } } : {}),
  });
  const maxTokens = readableTokens(extractor);

  const embedBatch = async (prefix: string, texts: string[]): Promise<Float32Array[]> => {
    // Past its last token the model reads nothing; a 50,000-character passage would otherwise keep
    // the tokenizer busy for a minute over words that are then dropped.
    const batch = texts.map((text) => embeddingWindow(prefix + text, maxTokens));
    // A tokenizer without special tokens (USE lite) gives an empty text no tokens at all; a batch
    // of only such texts would have zero positions to pool, so it borrows one text and drops it.
    const padded = batch.every((text) => text === '') ? [...batch, '.'] : batch;
    const output = await extractor(padded, { pooling: config.pooling, normalize: config.normalize });
    const width = output.dims[1]!;
    const data = output.data as Float32Array;
    return batch.map((_, row) => data.slice(row * width, (row + 1) * width));
  };
  return { embedBatch, config, dispose: () => extractor.dispose() };
}

/**
 * An Embedder over batch embedders: texts are cut into batches of like length and each batch goes
 * to the next embedder that is free. Calls may overlap; their batches queue in the order asked.
 */
export async function embedderOver(config: ModelConfig, embedders: readonly BatchEmbedder[], batchSize = DEFAULT_BATCH_SIZE): Promise<Embedder> {
  const queue: Array<{ run: (embedder: BatchEmbedder) => Promise<void> }> = [];
  const idle = [...embedders];
  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const embedder = idle.shift()!;
      const job = queue.shift()!;
      void job.run(embedder).finally(() => {
        idle.push(embedder);
        pump();
      });
    }
  };
  const onEmbedder = (prefix: string, texts: string[]) =>
    new Promise<Float32Array[]>((resolve, reject) => {
      queue.push({ run: (embedder) => embedder.embedBatch(prefix, texts).then(resolve, reject) });
      pump();
    });

  const embed = async (prefix: string, texts: string[]): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = new Array(texts.length);
    // Every batch is settled before the call fails: no work of it is left running when it returns.
    const settled = await Promise.allSettled(
      embeddingBatches(texts, batchSize).map(async (positions) => {
        const batch = await onEmbedder(prefix, positions.map((i) => texts[i]!));
        positions.forEach((i, row) => {
          // Mean pooling over zero tokens divides by zero; a NaN vector would poison every score.
          if (!batch[row]!.every(Number.isFinite)) {
            throw new Error(`Model ${config.id} gave a non-finite embedding for text ${i} (${JSON.stringify(texts[i]!.slice(0, 60))}); is it empty?`);
          }
          vectors[i] = batch[row]!;
        });
      }),
    );
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return vectors;
  };

  const [probe] = await embed('', ['dimensions']);
  return {
    embedQueries: (texts) => embed(config.queryPrefix, texts),
    embedPassages: (texts) => embed(config.passagePrefix, texts),
    dims: probe!.length,
    config,
    dispose: async () => {
      await Promise.all(embedders.map((embedder) => embedder.dispose()));
    },
  };
}

/** Loads the configured model from `modelsDir` (prepared beforehand by prepareModel), in this thread. */
export async function createEmbedder(config: ModelConfig, options: EmbedderOptions = {}): Promise<Embedder> {
  return embedderOver(config, [await loadBatchEmbedder(config, options)]);
}

/** How many tokens the model reads: the tokenizer's limit, else the model's positions, else 512. */
function readableTokens(extractor: FeatureExtractionPipeline): number {
  const fromTokenizer = (extractor.tokenizer as { model_max_length?: number }).model_max_length;
  if (typeof fromTokenizer === 'number' && Number.isFinite(fromTokenizer) && fromTokenizer > 0 && fromTokenizer < 1e6) return fromTokenizer;
  const positions = (extractor.model.config as { max_position_embeddings?: number }).max_position_embeddings;
  return typeof positions === 'number' && positions > 0 ? positions : 512;
}
