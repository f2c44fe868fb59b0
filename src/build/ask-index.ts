/**
 * Builds the answer index of a built site into `<outDir>/ask/`: embeds every passage (through the
 * embedding cache), quantises the vectors, calibrates the decline threshold on this archive, and
 * writes manifest.json and the sharded files it pins by size and SHA-256 (src/lib/ask/index-files.ts).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAskIndex, DEFAULT_RETRIEVAL_PARAMS } from '../lib/ask/answer.ts';
import { calibrateIndex, calibrationWarning, sampleQuestions } from '../lib/ask/calibrate-index.ts';
import { askIndexFiles } from '../lib/ask/index-files.ts';
import { ASK_FILES } from '../lib/ask/load.ts';
import { ASK_FORMAT_VERSION, storeManifest, type AskManifest } from '../lib/ask/manifest.ts';
import { DEFAULT_EMBEDDING_CONTEXT, embeddingTexts, indexedRecords, toAskPassages } from '../lib/ask/passage-data.ts';
import { quantizeVectors } from '../lib/ask/vectors.ts';
import { modelFiles, type ModelConfig } from '../lib/model-config.ts';
import type { PassageRecord } from '../lib/passage-record.ts';
import { cachedCoarseCodes } from './coarse-cache.ts';
import { cachedRelatedPassages } from './related-cache.ts';
import { createEmbedderPool } from './embedder-pool.ts';
import { openEmbeddingCache, type EmbeddingProgress } from './embedding-cache.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './model/paths.ts';
import { runtimeGluePath, runtimeWasmPath } from './model/site-files.ts';
import { OFF_TOPIC_QUESTIONS } from './off-topic-questions.ts';
import { relatedEligible, relatedFiles, relatedPassages } from '../lib/related.ts';
import { RELATED_DIR, relatedFile } from '../lib/ask/load.ts';

/** What buildAskIndex needs: the site's passages, where the site is, and the model to embed with. */
export type BuildAskIndexOptions = {
  passages: PassageRecord[];
  /** The built site (dist/); the index goes to its `ask/` folder. */
  outDir: string;
  model: ModelConfig;
  /** Where prepared models live; defaults to `.verbatim/models`. */
  modelsDir?: string;
  /** Where embeddings are cached; defaults to `.verbatim/cache/embeddings`. */
  cacheDir?: string;
  /**
   * Where the index's own work is kept between builds (coarse codes, coarse-cache.ts; "also said
   * about this", related-cache.ts), so that a
   * rebuild after a small change redoes little of it; without it, everything is computed afresh.
   */
  indexCacheDir?: string;
  /** Told after each chunk of passages embedded (and once before the first), to show how far the build has got. */
  onProgress?: (progress: EmbeddingProgress) => void;
  /** Prints what calibration found and any warning about it; silent when absent. */
  log?: { info(line: string): void; warn(line: string): void };
};

/** What a build did: the manifest it wrote, and how many texts it embedded or took from the cache. */
export type BuildAskIndexResult = { manifest: AskManifest; embedded: number; cached: number; files: string[]; ms: number };

/** File names inside `<outDir>/ask/`, defined with the code that reads them (src/lib/ask/load.ts). */
export { ASK_FILES };

/** Builds and writes the answer index; see the module comment. */
export async function buildAskIndex(options: BuildAskIndexOptions): Promise<BuildAskIndexResult> {
  const started = performance.now();
  const { model } = options;
  if (options.passages.length === 0) throw new Error('buildAskIndex: the site has no passages to index');
  const passages = toAskPassages(options.passages);
  const cache = await openEmbeddingCache(model, () => createEmbedderPool(model, { modelsDir: options.modelsDir }), options.cacheDir, options.modelsDir);
  try {
    const context = DEFAULT_EMBEDDING_CONTEXT;
    const embeddingStarted = performance.now();
    const floats = await cache.embedPassages(embeddingTexts(passages, context), options.onProgress);
    const embeddingMs = performance.now() - embeddingStarted;
    options.log?.info(
      `Embedding done: ${cache.embedded.toLocaleString('en')} embedded, ${cache.cached.toLocaleString('en')} from cache, in ${Math.round(embeddingMs)} ms${cache.embedded > 0 ? ` (${(cache.embedded / (embeddingMs / 1000)).toFixed(1)} per second)` : ''}`,
    );
    const dims = floats[0]!.length;
    const vectors = quantizeVectors(floats, dims);
    const retrieval = DEFAULT_RETRIEVAL_PARAMS;
    const index = createAskIndex(passages, vectors, retrieval);

    const offTopicVectors = await cache.embedQueries([...OFF_TOPIC_QUESTIONS]);
    // Replaying every interviewer's question would cost questions x passages; a spread sample is as telling.
    const askedAt = sampleQuestions(passages.flatMap((p, i) => (p.kind === 'question' ? [i] : [])));
    const askedVectors = await cache.embedQueries(askedAt.map((i) => passages[i]!.text));
    const calibrationStarted = performance.now();
    const calibration = calibrateIndex(
      index,
      OFF_TOPIC_QUESTIONS.map((text, i) => ({ text, vector: offTopicVectors[i]! })),
      new Map(askedAt.map((position, i) => [position, askedVectors[i]!])),
    );
    const { offTopic, onTopic, threshold } = calibration;
    options.log?.info(
      `Calibrated in ${Math.round(performance.now() - calibrationStarted)} ms: threshold ${threshold.toFixed(2)}; ${offTopic.count} off-topic questions, best ${offTopic.max.toFixed(2)}; ${onTopic.count} interviewers' questions replayed, p10 ${onTopic.p10.toFixed(2)}, median ${onTopic.median.toFixed(2)}`,
    );
    const warning = calibrationWarning(calibration);
    if (warning) options.log?.warn(`Calibration: ${warning}.`);

    const records = indexedRecords(options.passages);
    const filesStarted = performance.now();
    const cachedCodes = options.indexCacheDir ? await cachedCoarseCodes(index.vectors, path.join(options.indexCacheDir, 'coarse')) : undefined;
    const { entries, files, coarse } = await askIndexFiles(index, records, cachedCodes?.coarse);
    const codes = !cachedCodes ? 'codebook trained' : cachedCodes.kept ? `codebook kept, ${cachedCodes.coded.toLocaleString('en')} passages coded` : 'codebook trained anew';
    options.log?.info(`Index files: ${files.size.toLocaleString('en')} shards and codes (${codes}) in ${Math.round(performance.now() - filesStarted)} ms`);
    const relatedStarted = performance.now();
    const slugs = new Map<string, number>();
    const group = Int32Array.from(records, (r) => slugs.get(r.interview) ?? slugs.set(r.interview, slugs.size).get(r.interview)!);
    const eligible = Uint8Array.from(records, (r) => (relatedEligible(r.kind, r.text) ? 1 : 0));
    const progress = (done: number, total: number) => {
      if (done < total) options.log?.info(`Also said about this: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} passages`);
    };
    const cachedRelated = options.indexCacheDir
      ? await cachedRelatedPassages(vectors, coarse, records.map((r) => r.interview), group, eligible, path.join(options.indexCacheDir, 'related'), progress)
      : undefined;
    const related = cachedRelated?.related ?? relatedPassages(vectors, coarse, group, eligible, undefined, progress);
    const relatedByInterview = relatedFiles(records, related);
    for (const [slug, file] of relatedByInterview) files.set(relatedFile(slug), new TextEncoder().encode(JSON.stringify(file)));
    const linked = [...relatedByInterview.values()].reduce((n, file) => n + Object.keys(file.passages).length, 0);
    options.log?.info(
      `Also said about this: ${linked.toLocaleString('en')} of ${eligible.reduce((n, e) => n + e, 0).toLocaleString('en')} passages linked to other interviews (cosine floor ${related.floor.toFixed(2)}${cachedRelated?.updated ? '; updated from the last build' : ''}), in ${Math.round(performance.now() - relatedStarted)} ms`,
    );
    const manifest: AskManifest = {
      format: 'verbatim-ask',
      version: ASK_FORMAT_VERSION,
      model: {
        id: model.id,
        dims,
        pooling: model.pooling,
        normalize: model.normalize,
        queryPrefix: model.queryPrefix,
        passagePrefix: model.passagePrefix,
        dtype: model.dtype,
        ...(model.languages ? { languages: model.languages } : {}),
      },
      ...entries,
      vectors: { quantization: 'int8-per-vector-scale', context },
      retrieval,
      calibration,
      download: await downloadSizes(model, options.modelsDir ?? DEFAULT_MODELS_DIR),
    };
    const dir = path.join(options.outDir, 'ask');
    for (const sub of ['', 'passages', 'terms', 'scopes', RELATED_DIR]) await mkdir(path.join(dir, sub), { recursive: true });
    for (const [file, bytes] of files) await writeFile(path.join(dir, file), bytes);
    await writeFile(path.join(dir, ASK_FILES.manifest), `${JSON.stringify(storeManifest(manifest), null, 2)}\n`);
    return {
      manifest,
      embedded: cache.embedded,
      cached: cache.cached,
      files: [ASK_FILES.manifest, ...files.keys()].map((file) => path.join(dir, file)),
      ms: performance.now() - started,
    };
  } finally {
    await cache.close();
  }
}

/** The bytes of the model files the browser loads and of the runtime (binary and glue), as the manifest states them. */
async function downloadSizes(model: ModelConfig, modelsDir: string): Promise<{ model: number; runtime: number }> {
  const dir = modelDir(modelsDir, model.id);
  const sizes = await Promise.all(modelFiles(model).map(async (file) => (await stat(path.join(dir, file))).size));
  const runtime = (await stat(runtimeWasmPath())).size + (await stat(runtimeGluePath())).size;
  return { model: sizes.reduce((a, b) => a + b, 0), runtime };
}
