/**
 * What a site build does once Astro has written the pages: the Pagefind bundle, the social preview
 * images, the model's files and the answer index, all from the published passages.
 *
 * The integration runs it in Astro's own process (astro:build:done). `npm run build` runs it in a
 * process of its own once Astro has exited (scripts/finish-build.ts, with VERBATIM_FINISH_LATER
 * set for the Astro step): on the 311-episode archive Astro still holds about 2.5 GB when it has
 * written its pages, and Pagefind's indexer takes 2.2 GB more, so in one process the build peaked
 * at 4.8 GB; apart, at the larger of the two.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path, { join } from 'node:path';
import { readPublishedPassages } from '../lib/published-passages.ts';
import { throttledProgress } from '../lib/progress.ts';
import { socialCards } from '../lib/social-card.ts';
import { SITE } from '../site.ts';
import type { ModelConfig } from '../lib/model-config.ts';
import { closeSearch, SEARCH_PART_PASSAGES, writeSearchBundle } from '../integrations/search-index.ts';
import { buildAskIndex } from './ask-index.ts';
import type { EmbeddingProgress } from './embedding-cache.ts';
import { writeSocialCards } from './social-cards.ts';
import { copyModelToSite, type SiteFile } from './model/site-files.ts';
import { PROJECT_ROOT } from './model/paths.ts';
import { indexCacheSlot } from './index-cache-slots.ts';
import { contentDir } from '../lib/content-dir.ts';

/** Where a finished step reports: Astro's logger, or the finishing script's stand-in for it. */
export type FinishLog = { info(line: string): void; warn(line: string): void };

/** Builds everything after the pages into `outDir` (see the module comment). */
export async function finishSite(outDir: string, model: ModelConfig, logger: FinishLog): Promise<void> {
  const passages = await readPublishedPassages((sitePath) => readFile(join(outDir, sitePath), 'utf8'));
  const started = performance.now();
  try {
    let parts = 1;
    await writeSearchBundle(passages, join(outDir, 'pagefind'), searchPartPassages(), (done, total) => {
      parts = total;
      if (done < total) logger.info(`Pagefind: ${done} of ${total} parts of the search index written`);
    });
    logger.info(`Pagefind indexed ${passages.length} passages${parts > 1 ? ` in ${parts} parts` : ''} in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await closeSearch();
  }
  const cards = await writeSocialCards(socialCards(passages, SITE.title), { outDir, cacheDir: buildCache('social-cards'), log: (line) => logger.info(line) });
  logger.info(`Social preview images: ${cards.drawn} drawn, ${cards.cached} from cache, in ${Math.round(cards.ms)} ms`);
  const copyStarted = performance.now();
  const copied = await copyModelToSite(model, { outDir });
  logger.info(`Model served from the site: ${describeFiles(copied)}, in ${Math.round(performance.now() - copyStarted)} ms`);
  const index = await buildAskIndex({
    passages,
    outDir,
    model,
    cacheDir: buildCache('embeddings'),
    indexCacheDir: buildCache('index') ?? (await indexCacheSlot(DEFAULT_INDEX_CACHE, path.resolve(PROJECT_ROOT, contentDir()))),
    onProgress: embeddingProgress(logger),
    log: logger,
  });
  logger.info(`Answer index: ${index.manifest.passages.count} passages, ${index.embedded} embedded, ${index.cached} from cache, in ${Math.round(index.ms)} ms`);
}

/**
 * The most passages a part of the search index holds: SEARCH_PART_PASSAGES, unless
 * VERBATIM_SEARCH_PART_PASSAGES sets another (a build machine with less memory; the tests, which
 * index their small sites in parts).
 */
function searchPartPassages(): number {
  const set = process.env.VERBATIM_SEARCH_PART_PASSAGES;
  if (set === undefined || set === '') return SEARCH_PART_PASSAGES;
  const value = Number(set);
  if (!Number.isInteger(value) || value < 1) throw new Error(`VERBATIM_SEARCH_PART_PASSAGES: a whole number of passages, at least 1, found "${set}"`);
  return value;
}

/** What the Astro step leaves for the finishing step: where the pages are, and the model the site was configured with. */
export type FinishHandoff = { format: 'verbatim-finish'; version: 1; outDir: string; model: ModelConfig };

/** Where the Astro step leaves its handoff for a site built into `outDir`: under `.verbatim/`, never in the site. */
export function handoffFile(outDir: string): string {
  const key = createHash('sha1').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return join(PROJECT_ROOT, '.verbatim', 'finish', `${key}.json`);
}

export async function writeHandoff(outDir: string, model: ModelConfig): Promise<string> {
  const file = handoffFile(outDir);
  await mkdir(path.dirname(file), { recursive: true });
  const handoff: FinishHandoff = { format: 'verbatim-finish', version: 1, outDir: path.resolve(outDir), model };
  await writeFile(file, `${JSON.stringify(handoff, null, 2)}\n`);
  return file;
}

/** Reads the handoff for `outDir`; undefined when the Astro step left none (it finished the site itself). */
export async function readHandoff(outDir: string): Promise<FinishHandoff | undefined> {
  const file = handoffFile(outDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const handoff = JSON.parse(text) as FinishHandoff;
  if (handoff.format !== 'verbatim-finish' || handoff.version !== 1) throw new Error(`${file} is not a handoff of this version of the build; run npm run build again`);
  return handoff;
}

/** Removes the handoff once the site is finished; until then, running the finishing step again resumes it. */
export async function removeHandoff(outDir: string): Promise<void> {
  await rm(handoffFile(outDir), { force: true });
}

/**
 * Where the answer index keeps its work between builds (coarse-cache.ts, related-cache.ts), a slot
 * per content folder (index-cache-slots.ts), unless VERBATIM_BUILD_CACHE says otherwise.
 */
const DEFAULT_INDEX_CACHE = join(PROJECT_ROOT, '.verbatim', 'cache', 'index');

/**
 * Where the build keeps what it can reuse (embeddings, social preview images, the index's work):
 * `.verbatim/cache/` unless VERBATIM_BUILD_CACHE names another folder; the benchmark's cold builds
 * start from an empty one.
 */
function buildCache(kind: 'embeddings' | 'social-cards' | 'index'): string | undefined {
  const root = process.env.VERBATIM_BUILD_CACHE;
  return root ? join(root, kind) : undefined;
}

/** Reports embedding through the logger: what is left to embed at the start, then a line every few seconds. */
function embeddingProgress(logger: FinishLog): (progress: EmbeddingProgress) => void {
  let report: ((done: number, total: number) => void) | undefined;
  return ({ embedded, toEmbed, cached }) => {
    if (embedded === 0) {
      logger.info(`Embedding ${toEmbed.toLocaleString('en')} passages (${cached.toLocaleString('en')} already cached or repeated)`);
      report = throttledProgress('Embedded', (line) => logger.info(line), () => performance.now());
      return;
    }
    report?.(embedded, toEmbed);
  };
}

function describeFiles(files: SiteFile[]): string {
  const mb = files.reduce((n, f) => n + f.bytes, 0) / 1e6;
  return `${files.length} files, ${mb.toFixed(1)} MB`;
}
