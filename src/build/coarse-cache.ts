/**
 * The coarse codes' codebook and every vector's codes, kept between builds (the site build keeps
 * them in `.verbatim/cache/index/coarse/`), so that a rebuild after a small change codes only the vectors that
 * changed rather than training k-means and coding the whole archive again (18 s on the 68,502
 * passages of the real archive, on 2 cores).
 *
 * The codebook is kept while the archive has changed by at most REUSE_SHARE since it was trained:
 * counted over every build since, so that many small additions cannot leave it describing a much
 * smaller archive. Beyond that, or for other dimensions or another centroid count, it is trained
 * anew, as a build without the cache would. A kept codebook also keeps every unchanged passage's
 * codes, so the first pass of an answer scores the passages it already had exactly as before.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { centroidsFor, codeVectors, subspacesFor, trainCodebook, type Codebook, type CoarseCodes } from '../lib/ask/coarse.ts';
import type { QuantizedVectors } from '../lib/ask/vectors.ts';

/** The share of the archive that may be new since the codebook was trained before it is trained again. */
export const REUSE_SHARE = 0.05;

const KEY_BYTES = 20;

type Header = { format: 'verbatim-coarse-cache'; version: 1; dims: number; subspaces: number; centroids: number; count: number; changedSinceTraining: number };

/** What the cache did: codes for every vector, and whether the codebook was kept and how many vectors were coded anew. */
export type CachedCoarse = { coarse: CoarseCodes; kept: boolean; coded: number };

/** A vector's key: its int8 values and scale, hashed. */
function vectorKey(vectors: QuantizedVectors, row: number): string {
  const { dims, values, scales } = vectors;
  const hash = createHash('sha1');
  hash.update(new Uint8Array(values.buffer, values.byteOffset + row * dims, dims));
  hash.update(new Uint8Array(scales.buffer, scales.byteOffset + row * 4, 4));
  return hash.digest('latin1');
}

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
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    const end = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as Header;
    if (header.format !== 'verbatim-coarse-cache' || header.version !== 1) return undefined;
    const { dims, subspaces, centroids, count } = header;
    const bookBytes = subspaces * centroids * (dims / subspaces) * 4;
    const expected = end + 1 + bookBytes + count * (KEY_BYTES + subspaces);
    if (bytes.length !== expected) return undefined;
    const codebook = new Float32Array(bytes.buffer.slice(bytes.byteOffset + end + 1, bytes.byteOffset + end + 1 + bookBytes));
    const codes = new Map<string, Uint8Array>();
    let at = end + 1 + bookBytes;
    for (let i = 0; i < count; i++, at += KEY_BYTES + subspaces) {
      codes.set(bytes.subarray(at, at + KEY_BYTES).toString('latin1'), bytes.subarray(at + KEY_BYTES, at + KEY_BYTES + subspaces));
    }
    return { header, book: { dims, subspaces, centroids, codebook }, codes };
  } catch {
    // A damaged cache is only a slower build.
    return undefined;
  }
}

async function writeCache(file: string, coarse: CoarseCodes, keys: readonly string[], changedSinceTraining: number): Promise<void> {
  const { dims, subspaces, centroids, codebook, codes } = coarse;
  const unique = new Map<string, number>();
  keys.forEach((key, row) => unique.set(key, row));
  const header: Header = { format: 'verbatim-coarse-cache', version: 1, dims, subspaces, centroids, count: unique.size, changedSinceTraining };
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  const body = Buffer.alloc(unique.size * (KEY_BYTES + subspaces));
  let at = 0;
  for (const [key, row] of unique) {
    body.write(key, at, 'latin1');
    body.set(codes.subarray(row * subspaces, (row + 1) * subspaces), at + KEY_BYTES);
    at += KEY_BYTES + subspaces;
  }
  await mkdir(path.dirname(file), { recursive: true });
  // Unique per writer: builds in worker threads of one process may write at once; the last rename wins whole.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, Buffer.concat([head, Buffer.from(codebook.buffer, codebook.byteOffset, codebook.byteLength), body]));
  await rename(temporary, file);
}
