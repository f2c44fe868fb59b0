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
const createFeatureExtractor = pipeline as (task: 'feature-extraction', model: string, options: { dtype: ModelConfig['dtype'] }) => Promise<FeatureExtractionPipeline>;

/** A loaded model that turns texts into unit-length (when configured) Float32Array vectors. */
export type Embedder = {
  embedQueries(texts: string[]): Promise<Float32Array[]>;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  dims: number;
  config: ModelConfig;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
};

/** Options of createEmbedder. */
export type EmbedderOptions = { modelsDir?: string; batchSize?: number };

/** Loads the configured model from `modelsDir` (prepared beforehand by prepareModel). */
export async function createEmbedder(config: ModelConfig, options: EmbedderOptions = {}): Promise<Embedder> {
  const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
  const batchSize = options.batchSize ?? 32;
  const dir = modelDir(modelsDir, config.id);
  const missing = modelFiles(config).filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`Model ${config.id} (${config.dtype}) is not prepared in ${dir}: missing ${missing.join(', ')}. Prepare it first with prepareModel() (the build does; \`npm run model:prepare\` does it for the embedded default).`);
  }

  // Transformers.js settings are process-wide; the build only ever reads models from its own cache.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${path.resolve(modelsDir)}${path.sep}`;
  const extractor = await createFeatureExtractor('feature-extraction', config.id, { dtype: config.dtype });
  const maxTokens = readableTokens(extractor);

  const embed = async (prefix: string, texts: string[]): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = new Array(texts.length);
    // A batch is padded to its longest text: batches of texts of like length waste no work on padding
    // (about half the time of real passages), and a text's vector does not depend on its batch.
    const order = texts.map((text, i) => [text.length, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
    for (let start = 0; start < texts.length; start += batchSize) {
      const positions = order.slice(start, start + batchSize);
      // Past its last token the model reads nothing; a 50,000-character passage would otherwise keep
      // the tokenizer busy for a minute over words that are then dropped.
      const batch = positions.map((i) => embeddingWindow(prefix + texts[i]!, maxTokens));
      // A tokenizer without special tokens (USE lite) gives an empty text no tokens at all; a batch
      // of only such texts would have zero positions to pool, so it borrows one text and drops it.
      const padded = batch.every((text) => text === '') ? [...batch, '.'] : batch;
      const output = await extractor(padded, { pooling: config.pooling, normalize: config.normalize });
      const width = output.dims[1]!;
      const data = output.data as Float32Array;
      for (let row = 0; row < batch.length; row++) {
        const vector = data.slice(row * width, (row + 1) * width);
        // Mean pooling over zero tokens divides by zero; a NaN vector would poison every score.
        if (!vector.every(Number.isFinite)) {
          throw new Error(`Model ${config.id} gave a non-finite embedding for text ${positions[row]} (${JSON.stringify(batch[row]!.slice(0, 60))}); is it empty?`);
        }
        vectors[positions[row]!] = vector;
      }
    }
    return vectors;
  };

  const [probe] = await embed('', ['dimensions']);
  return {
    embedQueries: (texts) => embed(config.queryPrefix, texts),
    embedPassages: (texts) => embed(config.passagePrefix, texts),
    dims: probe!.length,
    config,
    dispose: () => extractor.dispose(),
  };
}

/** How many tokens the model reads: the tokenizer's limit, else the model's positions, else 512. */
function readableTokens(extractor: FeatureExtractionPipeline): number {
  const fromTokenizer = (extractor.tokenizer as { model_max_length?: number }).model_max_length;
  if (typeof fromTokenizer === 'number' && Number.isFinite(fromTokenizer) && fromTokenizer > 0 && fromTokenizer < 1e6) return fromTokenizer;
  const positions = (extractor.model.config as { max_position_embeddings?: number }).max_position_embeddings;
  return typeof positions === 'number' && positions > 0 ? positions : 512;
}
