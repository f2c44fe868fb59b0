/**
 * The files of a sharded answer index (shards.ts), as bytes with their pins: what the build writes
 * into `ask/` and the manifest records. Pure, so the build and its tests share it.
 */
import type { AskIndex } from './answer.ts';
import { encodeCoarse, trainCoarseCodes, type CoarseCodes } from './coarse.ts';
import { gzip } from './compression.ts';
import { ASK_FILES, pinFile } from './load.ts';
import type { AskManifest, PinnedFile } from './manifest.ts';
import { packPassages } from './passage-data.ts';
import { passageScopes, scopeFile, SCOPES_FILE, type ScopeSource, type ScopeTable } from './scope.ts';
import { encodePassageShard, encodePositions, encodeStructure, encodeTermShards, passageShardSize, shardCount, shardFile, termShardCount } from './shards.ts';
import { encodeVectors, type QuantizedVectors } from './vectors.ts';

/** The manifest's file entries of an index, and every file's bytes by its name inside ask/. */
export type AskIndexFiles = {
  entries: Pick<AskManifest, 'passages' | 'structure' | 'coarse' | 'terms' | 'scopes'>;
  files: Map<string, Uint8Array>;
  /** The coarse codes shipped, for what else the build computes from them. */
  coarse: CoarseCodes;
};

/**
 * Cuts an in-memory index into its files: structure, coarse codes, passage shards (texts and
 * vectors) and term shards,
 * and, given each passage's interview and topics (`scopes`, in index order), the scope table and
 * one postings file per topic, so that a question can be asked within either (scope.ts). The
 * coarse codes are trained here unless `codes` brings them (the build's cache, coarse-cache.ts).
 */
export async function askIndexFiles(index: AskIndex, scopes?: readonly ScopeSource[], codes?: CoarseCodes): Promise<AskIndexFiles> {
  const files = new Map<string, Uint8Array>();
  // What a first answer reads is stored compressed (compression.ts), a passage shard's texts within it; vectors and scopes as they are.
  const pinned = async (file: string, bytes: Uint8Array, compress = false): Promise<PinnedFile> => {
    const stored = compress ? await gzip(bytes) : bytes;
    files.set(file, stored);
    return { file, ...(await pinFile(stored)) };
  };
  const count = index.passages.length;
  const passagesPerShard = passageShardSize(count);
  const passageFiles = await Promise.all(
    Array.from({ length: shardCount(count, passagesPerShard) }, async (_, n) => {
      const slice = index.passages.slice(n * passagesPerShard, (n + 1) * passagesPerShard);
      const texts = await gzip(new TextEncoder().encode(JSON.stringify(packPassages(slice))));
      const pin = await pinned(shardFile('passages', n), encodePassageShard(texts, encodeVectors(vectorSlice(index.vectors, n * passagesPerShard, passagesPerShard))));
      return { ...pin, texts: await pinFile(texts) };
    }),
  );
  const termShards = termShardCount(count);
  const termFiles = await Promise.all(encodeTermShards(index.keyword, termShards).map((bytes, n) => pinned(shardFile('terms', n), bytes, true)));
  if (codes && codes.count !== count) throw new Error(`the coarse codes cover ${codes.count} passages, the index holds ${count}`);
  const coarse = codes ?? trainCoarseCodes(index.vectors);
  let scopeTable: PinnedFile | undefined;
  if (scopes) {
    if (scopes.length !== count) throw new Error(`the scopes name ${scopes.length} passages, the index holds ${count}`);
    const { interviews, topics } = passageScopes(scopes);
    const table: ScopeTable = {
      interviews,
      topics: await Promise.all(topics.map(async (t, n) => ({ id: t.id, title: t.title, count: t.positions.length, file: await pinned(scopeFile(n), encodePositions(t.positions)) }))),
    };
    scopeTable = await pinned(SCOPES_FILE, new TextEncoder().encode(JSON.stringify(table)));
  }
  return {
    entries: {
      passages: { count, shardSize: passagesPerShard, files: passageFiles },
      structure: await pinned(ASK_FILES.structure, encodeStructure({ count, passageShardSize: passagesPerShard, termShards }, index.structure), true),
      coarse: { ...(await pinned(ASK_FILES.coarse, encodeCoarse(coarse), true)), subspaces: coarse.subspaces, centroids: coarse.centroids },
      terms: { files: termFiles },
      ...(scopeTable ? { scopes: scopeTable } : {}),
    },
    files,
    coarse,
  };
}

function vectorSlice(vectors: QuantizedVectors, from: number, size: number): QuantizedVectors {
  const to = Math.min(vectors.count, from + size);
  return {
    count: to - from,
    dims: vectors.dims,
    scales: vectors.scales.slice(from, to),
    values: vectors.values.slice(from * vectors.dims, to * vectors.dims),
  };
}
