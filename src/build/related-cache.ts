/**
 * "Also said about this" kept between builds (the site build keeps it in
 * `.verbatim/cache/index/related/`): the last pass's buckets, floor and every passage's neighbours,
 * keyed by what each passage is (its interview, whether it may have neighbours, its vector), so
 * that a rebuild after a small change searches again only what the change touched
 * (src/lib/related.ts, updateRelated) rather than the whole archive (41 s on the 68,502 passages
 * of the real archive, on 2 cores). A larger change, or other settings, runs the whole pass.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoarseCodes } from '../lib/ask/coarse.ts';
import type { QuantizedVectors } from '../lib/ask/vectors.ts';
import { DEFAULT_RELATED_OPTIONS, relatedPassages, updateRelated, type RelatedPassages, type RelatedState } from '../lib/related.ts';

const KEY_BYTES = 20;

type Header = {
  format: 'verbatim-related-cache';
  version: 1;
  options: RelatedState['options'];
  changedSinceTraining: number;
  count: number;
  dims: number;
  buckets: number;
  probe: number;
  perPassage: number;
  floor: number;
};

/** What identifies passage `row` for the cache: its interview, whether it may have neighbours, and its vector. */
function passageKey(vectors: QuantizedVectors, row: number, interview: string, eligible: boolean): string {
  const { dims, values, scales } = vectors;
  const hash = createHash('sha1');
  hash.update(`${interview}\0${eligible ? 1 : 0}\0`);
  hash.update(new Uint8Array(values.buffer, values.byteOffset + row * dims, dims));
  hash.update(new Uint8Array(scales.buffer, scales.byteOffset + row * 4, 4));
  return hash.digest('latin1');
}

/** What the cache did: the neighbours, and whether they were updated from the last pass and how many passages that pass had to search again. */
export type CachedRelated = { related: RelatedPassages; updated: boolean };

/** The related passages (relatedPassages' arguments, with each passage's interview), through the cache in `cacheDir`. */
export async function cachedRelatedPassages(
  vectors: QuantizedVectors,
  coarse: CoarseCodes,
  interviews: readonly string[],
  group: Int32Array,
  eligible: Uint8Array,
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<CachedRelated> {
  const options = DEFAULT_RELATED_OPTIONS;
  const file = path.join(cacheDir, `${vectors.dims}d.bin`);
  const keys = interviews.map((interview, row) => passageKey(vectors, row, interview, eligible[row] === 1));
  const previous = await readState(file);
  const update = previous ? updateRelated(previous, keys, vectors, coarse, group, eligible, options) : undefined;
  const related = update?.related ?? relatedPassages(vectors, coarse, group, eligible, options, onProgress);
  await writeState(file, { options, changedSinceTraining: update?.changed ?? 0, keys, related }, vectors.dims);
  return { related, updated: update !== undefined };
}

async function readState(file: string): Promise<RelatedState | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    const end = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, end).toString('utf8')) as Header;
    if (header.format !== 'verbatim-related-cache' || header.version !== 1) return undefined;
    const { count, dims, buckets, probe, perPassage } = header;
    const sizes = [buckets * dims * 4, count * probe * 4, count * perPassage * 4, count * perPassage * 4, count * KEY_BYTES];
    if (bytes.length !== end + 1 + sizes.reduce((a, b) => a + b, 0)) return undefined;
    let at = end + 1;
    const take = (size: number) => {
      const slice = bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + size);
      at += size;
      return slice;
    };
    const centroids = new Float32Array(take(sizes[0]!));
    const nearest = new Int32Array(take(sizes[1]!));
    const neighbours = new Int32Array(take(sizes[2]!));
    const scores = new Float32Array(take(sizes[3]!));
    const keyBytes = Buffer.from(take(sizes[4]!));
    const keys = Array.from({ length: count }, (_, i) => keyBytes.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES).toString('latin1'));
    return {
      options: header.options,
      changedSinceTraining: header.changedSinceTraining,
      keys,
      related: { perPassage, neighbours, scores, floor: header.floor, buckets: { count: buckets, probe, centroids, nearest } },
    };
  } catch {
    // A damaged cache is only a slower build.
    return undefined;
  }
}

async function writeState(file: string, state: RelatedState, dims: number): Promise<void> {
  const { related, keys } = state;
  const header: Header = {
    format: 'verbatim-related-cache',
    version: 1,
    options: state.options,
    changedSinceTraining: state.changedSinceTraining,
    count: keys.length,
    dims,
    buckets: related.buckets.count,
    probe: related.buckets.probe,
    perPassage: related.perPassage,
    floor: related.floor,
  };
  const view = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const keyBytes = Buffer.alloc(keys.length * KEY_BYTES);
  keys.forEach((key, i) => keyBytes.write(key, i * KEY_BYTES, 'latin1'));
  await mkdir(path.dirname(file), { recursive: true });
  // Unique per writer: builds in worker threads of one process may write at once; the last rename wins whole.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), view(related.buckets.centroids), view(related.buckets.nearest), view(related.neighbours), view(related.scores), keyBytes]));
  await rename(temporary, file);
}
