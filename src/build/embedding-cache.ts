/**
 * Embeddings cached on disk by model and exact text, so that a rebuild embeds only what changed.
 * One append-only file per model setting in `.verbatim/cache/embeddings/`, written after every
 * chunk of texts, so that a build stopped midway keeps what it embedded and the next one resumes
 * there. Delete the folder to start afresh.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { ModelConfig } from '../lib/model-config.ts';
import { DEFAULT_BATCH_SIZE, type Embedder } from './embedder.ts';
import { modelFiles } from '../lib/model-config.ts';
import { DEFAULT_MODELS_DIR, modelDir, PROJECT_ROOT } from './model/paths.ts';

/** Where embeddings are cached unless told otherwise; gitignored with the rest of `.verbatim/`. */
export const DEFAULT_EMBEDDINGS_CACHE = path.join(PROJECT_ROOT, '.verbatim', 'cache', 'embeddings');

/** How many texts are embedded between two writes to the cache file (and two progress reports). */
export const EMBEDDING_CHUNK = 256;

/** How far an embedding run has got: texts embedded so far of those it has to embed, and the rest (cached, or repeating another text). */
export type EmbeddingProgress = { embedded: number; toEmbed: number; cached: number };

/** Embeds texts through the cache; counts what it embedded and what it found. */
export type EmbeddingCache = {
  embedQueries(texts: string[], onProgress?: (progress: EmbeddingProgress) => void): Promise<Float32Array[]>;
  embedPassages(texts: string[], onProgress?: (progress: EmbeddingProgress) => void): Promise<Float32Array[]>;
  /** Texts embedded by the model since the cache was opened. */
  readonly embedded: number;
  /** Texts answered from the cache since it was opened. */
  readonly cached: number;
  /** Closes the cache file and releases the model if it was loaded. */
  close(): Promise<void>;
};

/** A record is the SHA-256 of prefix and text, the vector's dimension count (uint32 LE), then the float32 values. */
const KEY_BYTES = 32;
const HEAD_BYTES = KEY_BYTES + 4;

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Everything about a model that changes the vector it gives a text, except the prefix, which is part
 * of each text's key: its settings and the bytes of its files, so that a model converted anew or
 * updated under the same id never answers from vectors of the old one.
 */
async function modelKey(config: ModelConfig, modelsDir: string): Promise<Record<string, unknown>> {
  const dir = modelDir(modelsDir, config.id);
  const files = await Promise.all(
    modelFiles(config).map(async (file) => {
      try {
        return createHash('sha256').update(await readFile(path.join(dir, file))).digest('hex');
      } catch {
        throw new Error(`Model ${config.id} (${config.dtype}) is not prepared in ${dir}: missing ${file}. Prepare it before embedding (the build does; \`npm run model:prepare\` does it for the embedded default).`);
      }
    }),
  );
  // Texts are embedded one at a time (DEFAULT_BATCH_SIZE): a model quantised per tensor gives a text
  // another vector inside a batch (MiniLM q: cosine 0.93 at worst), so vectors cached from batches
  // are not reused.
  return { id: config.id, dtype: config.dtype, pooling: config.pooling, normalize: config.normalize, files, batch: DEFAULT_BATCH_SIZE };
}

/** Opens the cache of one model (its files read from `modelsDir`); `loadEmbedder` runs only if some text is not cached yet. */
export async function openEmbeddingCache(config: ModelConfig, loadEmbedder: () => Promise<Embedder>, cacheDir = DEFAULT_EMBEDDINGS_CACHE, modelsDir = DEFAULT_MODELS_DIR): Promise<EmbeddingCache> {
  const name = createHash('sha256').update(JSON.stringify(await modelKey(config, modelsDir))).digest('hex').slice(0, 16);
  const file = path.join(cacheDir, `${name}.vectors`);
  const vectors = await readCacheFile(file);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let embedder: Embedder | undefined;
  let embedded = 0;
  let cached = 0;

  const append = async (keys: Buffer[], fresh: Float32Array[]) => {
    if (!handle) {
      await mkdir(cacheDir, { recursive: true });
      handle = await open(file, 'a');
    }
    const records = keys.map((key, i) => {
      const vector = fresh[i]!;
      const record = Buffer.alloc(HEAD_BYTES + vector.byteLength);
      key.copy(record, 0);
      record.writeUInt32LE(vector.length, KEY_BYTES);
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(record, HEAD_BYTES);
      return record;
    });
    // One write per chunk: a build killed during it leaves at most a torn last record, which the next open cuts off.
    await handle.write(Buffer.concat(records));
  };

  const embed = async (prefix: string, texts: string[], role: 'embedQueries' | 'embedPassages', onProgress?: (progress: EmbeddingProgress) => void): Promise<Float32Array[]> => {
    const keys = texts.map((text) => digest(prefix + text).toString('latin1'));
    const missing = new Map<string, string>();
    keys.forEach((key, i) => {
      if (!vectors.has(key)) missing.set(key, texts[i]!);
    });
    const todo = [...missing];
    const found = texts.length - todo.length;
    let done = 0;
    if (todo.length > 0) onProgress?.({ embedded: 0, toEmbed: todo.length, cached: found });
    const chunks: Array<Array<[string, string]>> = [];
    for (let start = 0; start < todo.length; start += EMBEDDING_CHUNK) chunks.push(todo.slice(start, start + EMBEDDING_CHUNK));
    if (chunks.length > 0) embedder ??= await loadEmbedder();
    // The next chunk is asked for before this one is written, so that an embedder with several
    // workers always has batches queued; a failure is reported when its chunk's turn comes.
    const start = (k: number) => {
      const running = embedder![role](chunks[k]!.map(([, text]) => text));
      running.catch(() => {});
      return running;
    };
    const inFlight = chunks.slice(0, 2).map((_, k) => start(k));
    for (let k = 0; k < chunks.length; k++) {
      const fresh = await inFlight[k]!;
      if (k + 2 < chunks.length) inFlight.push(start(k + 2));
      const chunk = chunks[k]!;
      await append(chunk.map(([key]) => Buffer.from(key, 'latin1')), fresh);
      chunk.forEach(([key], i) => vectors.set(key, fresh[i]!));
      done += chunk.length;
      onProgress?.({ embedded: done, toEmbed: todo.length, cached: found });
    }
    embedded += todo.length;
    cached += found;
    return keys.map((key) => vectors.get(key)!);
  };

  return {
    embedQueries: (texts, onProgress) => embed(config.queryPrefix, texts, 'embedQueries', onProgress),
    embedPassages: (texts, onProgress) => embed(config.passagePrefix, texts, 'embedPassages', onProgress),
    get embedded() {
      return embedded;
    },
    get cached() {
      return cached;
    },
    async close() {
      await handle?.close();
      await embedder?.dispose();
    },
  };
}

/**
 * The vectors of a cache file by key, as views into the file's bytes (no copy). A torn last record,
 * left by a build killed while writing, is cut off the file so that the next append starts clean.
 */
async function readCacheFile(file: string): Promise<Map<string, Float32Array>> {
  const vectors = new Map<string, Float32Array>();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    // A missing or unreadable cache only costs time: everything is embedded again.
    return vectors;
  }
  // Float32Array views need 4-byte alignment; a pooled Buffer may not start on it.
  const data = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  let at = 0;
  while (at + HEAD_BYTES <= data.length) {
    const dims = data.readUInt32LE(at + KEY_BYTES);
    const end = at + HEAD_BYTES + dims * 4;
    if (dims === 0 || end > data.length) break;
    vectors.set(data.toString('latin1', at, at + KEY_BYTES), new Float32Array(data.buffer, data.byteOffset + at + HEAD_BYTES, dims));
    at = end;
  }
  if (at < data.length) await truncate(file, at);
  return vectors;
}
