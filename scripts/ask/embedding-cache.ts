/**
 * Embeddings cached on disk by model and exact text, so that a rebuild embeds only what changed.
 * One file per model setting in `.verbatim/cache/embeddings/`; delete the folder to start afresh.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelConfig } from '../../src/lib/model-config.ts';
import type { Embedder } from '../model/embedder.ts';
import { PROJECT_ROOT } from '../model/paths.ts';

/** Where embeddings are cached unless told otherwise; gitignored with the rest of `.verbatim/`. */
export const DEFAULT_EMBEDDINGS_CACHE = path.join(PROJECT_ROOT, '.verbatim', 'cache', 'embeddings');

/** Embeds texts through the cache; counts what it embedded and what it found. */
export type EmbeddingCache = {
  embedQueries(texts: string[]): Promise<Float32Array[]>;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Texts embedded by the model since the cache was opened. */
  readonly embedded: number;
  /** Texts answered from the cache since it was opened. */
  readonly cached: number;
  /** Writes new embeddings to disk and releases the model if it was loaded. */
  close(): Promise<void>;
};

type CacheFile = { model: Record<string, unknown>; vectors: Record<string, string> };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Everything about a model that changes the vector it gives a text, except the prefix, which is part of each text's key. */
function modelKey(config: ModelConfig): Record<string, unknown> {
  return { id: config.id, dtype: config.dtype, pooling: config.pooling, normalize: config.normalize };
}

/** Opens the cache of one model; `loadEmbedder` runs only if some text is not cached yet. */
export async function openEmbeddingCache(config: ModelConfig, loadEmbedder: () => Promise<Embedder>, cacheDir = DEFAULT_EMBEDDINGS_CACHE): Promise<EmbeddingCache> {
  const model = modelKey(config);
  const file = path.join(cacheDir, `${sha256(JSON.stringify(model)).slice(0, 16)}.json`);
  const stored = await readCacheFile(file);
  const vectors = new Map(Object.entries(stored?.vectors ?? {}));
  let embedder: Embedder | undefined;
  let embedded = 0;
  let cached = 0;

  const embed = async (prefix: string, texts: string[], role: 'embedQueries' | 'embedPassages'): Promise<Float32Array[]> => {
    const keys = texts.map((text) => sha256(prefix + text));
    const missing = [...new Set(keys.map((key, i) => (vectors.has(key) ? -1 : i)).filter((i) => i >= 0).map((i) => texts[i]!))];
    if (missing.length > 0) {
      embedder ??= await loadEmbedder();
      const fresh = await embedder[role](missing);
      missing.forEach((text, i) => vectors.set(sha256(prefix + text), toBase64(fresh[i]!)));
    }
    embedded += missing.length;
    cached += texts.length - missing.length;
    return keys.map((key) => fromBase64(vectors.get(key)!));
  };

  return {
    embedQueries: (texts) => embed(config.queryPrefix, texts, 'embedQueries'),
    embedPassages: (texts) => embed(config.passagePrefix, texts, 'embedPassages'),
    get embedded() {
      return embedded;
    },
    get cached() {
      return cached;
    },
    async close() {
      if (embedded > 0) {
        await mkdir(cacheDir, { recursive: true });
        // Written aside and renamed, so a build killed midway never leaves a torn cache file.
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, JSON.stringify({ model, vectors: Object.fromEntries(vectors) } satisfies CacheFile));
        await rename(temp, file);
      }
      await embedder?.dispose();
    },
  };
}

async function readCacheFile(file: string): Promise<CacheFile | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CacheFile;
  } catch {
    // A missing or unreadable cache only costs time: everything is embedded again.
    return undefined;
  }
}

function toBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
