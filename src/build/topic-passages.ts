/**
 * The passages topics are suggested from, read from a content folder, and their embeddings from
 * the build's own embedding cache (what the build embedded is not embedded again; what it has not,
 * is embedded now, through the cache, so the next build finds it there).
 */
import path from 'node:path';
import type { Archive } from '../lib/archive.ts';
import { resolveModelConfig, type ModelConfig } from '../lib/model-config.ts';
import type { VectorMatrix } from '../lib/topics/kmeans.ts';
import type { TopicPassage } from '../lib/topics/suggest.ts';
import { readContent, type ReadContent } from './content-check.ts';
import { createEmbedderPool } from './embedder-pool.ts';
import { DEFAULT_EMBEDDINGS_CACHE, openEmbeddingCache, type EmbeddingProgress } from './embedding-cache.ts';

/**
 * Passages shorter than this many words ("Yes.", "Right, right.") say too little to belong to a
 * topic, and a transcript has thousands of them; they are left out of suggestions.
 */
export const MIN_TOPIC_WORDS = 25;

/** The passages of an archive that may belong to a topic: every passage but notes and the shortest. */
export function topicPassages(archive: Archive): TopicPassage[] {
  return archive.interviews.flatMap((interview) =>
    interview.passages
      .filter((p) => p.kind !== 'note' && (p.text.match(/\S+/g)?.length ?? 0) >= MIN_TOPIC_WORDS)
      .map((p) => ({
        id: p.id,
        interview: p.interview,
        element: `${p.interview}#${p.turn}`,
        speaker: p.speaker,
        position: interview.passages.length > 1 ? p.index / (interview.passages.length - 1) : 0,
        text: p.text,
      })),
  );
}

/** Options of loadTopicPassages. */
export interface LoadTopicPassagesOptions {
  contentDir: string;
  /** Paths in problems are relative to it. */
  root?: string;
  model?: ModelConfig;
  cacheDir?: string;
  modelsDir?: string;
  onProgress?: (progress: EmbeddingProgress) => void;
}

/** A content folder's archive, the passages topics may gather, and their unit embeddings (row i is passage i). */
export interface LoadedTopicPassages {
  content: ReadContent;
  passages: TopicPassage[];
  vectors: VectorMatrix;
  /** How many passages had to be embedded now (not found in the cache). */
  embedded: number;
}

/** Reads and checks a content folder, and embeds its topic passages through the build's embedding cache. */
export async function loadTopicPassages(options: LoadTopicPassagesOptions): Promise<LoadedTopicPassages> {
  const content = await readContent(options.contentDir, options.root ?? path.resolve(options.contentDir, '..'));
  const passages = topicPassages(content.archive);
  const model = options.model ?? resolveModelConfig(process.env.VERBATIM_MODEL ? JSON.parse(process.env.VERBATIM_MODEL) : {});
  const cache = await openEmbeddingCache(model, () => createEmbedderPool(model, { modelsDir: options.modelsDir }), options.cacheDir ?? DEFAULT_EMBEDDINGS_CACHE);
  try {
    const floats = await cache.embedPassages(passages.map((p) => p.text), options.onProgress);
    const dims = floats[0]?.length ?? 0;
    const data = new Float32Array(floats.length * dims);
    floats.forEach((v, i) => data.set(v, i * dims));
    return { content, passages, vectors: { data, rows: floats.length, dims }, embedded: cache.embedded };
  } finally {
    await cache.close();
  }
}
