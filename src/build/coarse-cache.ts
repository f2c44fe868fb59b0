/**
 * The coarse codes' codebook and every vector's codes, kept between builds (the site build keeps
 * them in `.verbatim/cache/index/<slot>/coarse/`, a slot per content folder), so that a rebuild after a small change codes only the vectors that
 * changed rather than training k-means and coding the whole archive again (18 s on the 68,502
 * passages of the real archive, on 2 cores).
 *
 * The codebook is kept while the archive has changed by at most REUSE_SHARE since it was trained:
 * counted over every build since, so that many small additions cannot leave it describing a much
 * smaller archive. Beyond that, or for other dimensions or another centroid count, it is trained
 * anew, as a build without the cache would. A kept codebook also keeps every unchanged passage's
 * codes, so the first pass of an answer scores the passages it already had exactly as before.
 */
import path from 'node:path';
import { centroidsFor, codeVectors, subspacesFor, trainCodebook, type Codebook, type CoarseCodes } from '../lib/ask/coarse.ts';
import type { QuantizedVectors } from '../lib/ask/vectors.ts';
import { packKeys, readCacheFile, unpackKeys, vectorKey, writeCacheFile, KEY_BYTES } from './cache-file.ts';

/** The share of the archive that may be new since the codebook was trained before it is trained again. */
export const REUSE_SHARE = 0.05;

type Header = { format: 'verbatim-coarse-cache'; version: 2; dims: number; subspaces: number; centroids: number; count: number; changedSinceTraining: number };

/** What the cache did: codes for every vector, and whether the codebook was kept and how many vectors were coded anew. */
export type CachedCoarse = { coarse: CoarseCodes; kept: boolean; coded: number };

/** The coarse codes of `vectors`, through the cache in `cacheDir` (see the module comment). */
export async function cachedCoarseCodes(vectors: QuantizedVectors, cacheDir: string): Promise<CachedCoarse> {
  const subspaces = subspacesFor(vectors.dims);
  const centroids = centroidsFor(vectors.count);
  const file = path.join(cacheDir, `${vectors.dims}d.bin`);
  const keys = Array.from({ length: vectors.count }, (_, row) => vectorKey(vectors, row));
  const previous = await readCache(file);
  let result: CachedCoarse | undefined;
  if (previous && previous.header.subspaces === subspaces && previous.header.centroids === centroids) {
    const unique = new Set(keys);
    let fresh = 0;
    for (const key of unique) if (!previous.codes.has(key)) fresh++;
    const removed = previous.header.count - (unique.size - fresh);
    const changed = previous.header.changedSinceTraining + fresh + removed;
    if (changed <= REUSE_SHARE * vectors.count) {
      const coarse = codeVectors(previous.book, vectors, (row) => previous.codes.get(keys[row]!));
      result = { coarse, kept: true, coded: fresh };
      await writeCache(file, coarse, keys, changed);
    }
  }
  if (!result) {
    const coarse = codeVectors(trainCodebook(vectors, subspaces), vectors);
    result = { coarse, kept: false, coded: vectors.count };
    await writeCache(file, coarse, keys, 0);
  }
  return result;
}

async function readCache(file: string): Promise<{ header: Header; book: Codebook; codes: Map<string, Uint8Array> } | undefined> {
  const read = await readCacheFile<Header>(file, 'verbatim-coarse-cache', 2, ({ dims, subspaces, centroids, count }) => [centroids * dims * 4, count * KEY_BYTES, count * subspaces]);
  if (!read) return undefined;
  const { header, parts } = read;
  const { dims, subspaces, centroids } = header;
  const codebook = new Float32Array(parts[0]!);
  const all = new Uint8Array(parts[2]!);
  const codes = new Map(unpackKeys(parts[1]!).map((key, i) => [key, all.subarray(i * subspaces, (i + 1) * subspaces)]));
  return { header, book: { dims, subspaces, centroids, codebook }, codes };
}

async function writeCache(file: string, coarse: CoarseCodes, keys: readonly string[], changedSinceTraining: number): Promise<void> {
  const { dims, subspaces, centroids, codebook, codes } = coarse;
  const unique = new Map<string, number>();
  keys.forEach((key, row) => unique.set(key, row));
  const header: Header = { format: 'verbatim-coarse-cache', version: 2, dims, subspaces, centroids, count: unique.size, changedSinceTraining };
  const kept = new Uint8Array(unique.size * subspaces);
  [...unique.values()].forEach((row, i) => kept.set(codes.subarray(row * subspaces, (row + 1) * subspaces), i * subspaces));
  await writeCacheFile(file, header, [codebook, packKeys([...unique.keys()]), kept]);
}
