/**
 * "Also said about this" kept between builds (the site build keeps it in
 * `.verbatim/cache/index/<slot>/related/`, a slot per content folder): the last pass's buckets, floor and every passage's neighbours,
 * keyed by what each passage is (its interview, whether it may have neighbours, its vector), so
 * that a rebuild after a small change searches again only what the change touched
 * (src/lib/related.ts, updateRelated) rather than the whole archive (41 s on the 68,502 passages
 * of the real archive, on 2 cores). A larger change, or other settings, runs the whole pass.
 */
import path from 'node:path';
import type { CoarseCodes } from '../lib/ask/coarse.ts';
import type { QuantizedVectors } from '../lib/ask/vectors.ts';
import { DEFAULT_RELATED_OPTIONS, relatedPassages, updateRelated, type RelatedPassages, type RelatedState } from '../lib/related.ts';
import { packKeys, readCacheFile, unpackKeys, vectorKey, writeCacheFile, KEY_BYTES } from './cache-file.ts';

type Header = {
  format: 'verbatim-related-cache';
  version: 2;
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
  return vectorKey(vectors, row, `${interview}\0${eligible ? 1 : 0}\0`);
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
  const read = await readCacheFile<Header>(file, 'verbatim-related-cache', 2, ({ count, dims, buckets, probe, perPassage }) => [
    buckets * dims * 4,
    count * probe * 4,
    count * perPassage * 4,
    count * perPassage * 4,
    count * KEY_BYTES,
  ]);
  if (!read) return undefined;
  const { header, parts } = read;
  const [centroids, nearest, neighbours, scores, keys] = parts as [ArrayBuffer, ArrayBuffer, ArrayBuffer, ArrayBuffer, ArrayBuffer];
  return {
    options: header.options,
    changedSinceTraining: header.changedSinceTraining,
    keys: unpackKeys(keys),
    related: {
      perPassage: header.perPassage,
      neighbours: new Int32Array(neighbours),
      scores: new Float32Array(scores),
      floor: header.floor,
      buckets: { count: header.buckets, probe: header.probe, centroids: new Float32Array(centroids), nearest: new Int32Array(nearest) },
    },
  };
}

async function writeState(file: string, state: RelatedState, dims: number): Promise<void> {
  const { related, keys } = state;
  const header: Header = {
    format: 'verbatim-related-cache',
    version: 2,
    options: state.options,
    changedSinceTraining: state.changedSinceTraining,
    count: keys.length,
    dims,
    buckets: related.buckets.count,
    probe: related.buckets.probe,
    perPassage: related.perPassage,
    floor: related.floor,
  };
  await writeCacheFile(file, header, [related.buckets.centroids, related.buckets.nearest, related.neighbours, related.scores, packKeys(keys)]);
}
