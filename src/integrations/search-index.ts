import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { PassageRecord } from '../lib/passage-record.ts';
import { searchSections, sectionContent } from '../lib/search-sections.ts';

/**
 * A Pagefind record for one section (src/lib/search-sections.ts): its passages' text, the interview
 * and speaker filters they share, every topic any of them has (also `meta.topics`), and in
 * `meta.passages` where each passage starts and its topics (by place in that list), so the search
 * page gives one result per matching passage.
 */
export function searchRecord(section: readonly PassageRecord[]): pagefind.CustomRecord {
  const first = section[0]!;
  const { content, passages, topics } = sectionContent(section);
  return {
    url: first.url,
    content,
    language: 'en',
    meta: {
      title: first.interviewTitle,
      speaker: first.voices.join(', '),
      ...(first.published ? { date: first.published } : {}),
      passages: JSON.stringify(passages),
      ...(topics.length ? { topics: JSON.stringify(topics) } : {}),
    },
    filters: { interview: [first.interviewTitle], speaker: first.voices, topic: topics },
  };
}

/** Indexes passages with Pagefind, by section, and hands back the bundle's files, keyed by their path in the bundle (the dev server serves them from memory). */
export async function buildSearchBundle(records: PassageRecord[]): Promise<Map<string, Uint8Array>> {
  // In one part: the dev server's archive is a working copy, and its files stay in memory anyway.
  const bundle = await withSearchIndex(searchSections(records), async (index) => {
    const { files, errors } = await index.getFiles();
    if (errors.length) throw new Error(`Pagefind could not write its index: ${errors.join('; ')}`);
    return new Map(files.map((f) => [f.path.replace(/\\/g, '/'), f.content]));
  });
  bundle.set(SEARCH_PARTS_FILE, new TextEncoder().encode('[]'));
  return bundle;
}

/**
 * The most passages one Pagefind index holds. Pagefind's indexer keeps about 26 kB a passage
 * while it indexes (5.65 GB for the 216,511 passages of the 1,000-episode benchmark archive), so a
 * larger archive is indexed in parts, one at a time, and the search page merges them (Pagefind's
 * mergeIndex): three parts there peak at 2.65 GB instead of 6.43 GB, in 47 s instead of 42 s. The
 * 311-episode archive (68,502 passages) stays one index.
 */
export const SEARCH_PART_PASSAGES = 80_000;

/** The list of the bundle's further parts, beside pagefind.js: the folders, relative to the bundle, that the search page merges. */
export const SEARCH_PARTS_FILE = 'parts.json';

/** The sections of the archive in parts of at most about `perPart` passages, whole sections each, in archive order. */
export function searchParts(records: readonly PassageRecord[], perPart = SEARCH_PART_PASSAGES): PassageRecord[][][] {
  const sections = searchSections(records);
  const total = sections.reduce((n, section) => n + section.length, 0);
  const count = Math.max(1, Math.ceil(total / perPart));
  // Parts of even size: a part closes once it holds its share.
  const parts: PassageRecord[][][] = [[]];
  let held = 0;
  for (const section of sections) {
    if (held >= (total * parts.length) / count && parts.length < count) parts.push([]);
    parts.at(-1)!.push(section);
    held += section.length;
  }
  return parts;
}

/** The files of a part's folder that the search page never reads: Pagefind's scripts, styles and WebAssembly, which the first part's serve all parts. */
const PART_LEAVES_OUT = /^(pagefind[\w-]*\.(js|css)|wasm\.[\w-]+\.pagefind)$/;

/** Where part `k` of the bundle is, relative to the bundle's folder (part 0 is the bundle itself). */
export function searchPartFolder(k: number): string {
  return k === 0 ? '' : `part-${k}/`;
}

/**
 * Indexes passages with Pagefind, by section, and has Pagefind write the bundle into `outputPath`
 * itself: the build's way, since handing a large archive's files back through Node (tens of
 * thousands of fragments, as base64 over Pagefind's pipe) held them all in the build's memory at once.
 * An archive of more than `perPart` passages is indexed in parts (SEARCH_PART_PASSAGES), each in a
 * folder of the bundle, listed in its parts.json; `onPart` is told as each is written.
 */
export async function writeSearchBundle(
  records: PassageRecord[],
  outputPath: string,
  perPart = SEARCH_PART_PASSAGES,
  onPart?: (done: number, total: number) => void,
): Promise<void> {
  const parts = searchParts(records, perPart);
  // Parts an earlier build of a larger archive left would be published, though never read.
  const left = await readdir(outputPath).catch(() => [] as string[]);
  for (const name of left) if (/^part-\d+$/.test(name)) await rm(path.join(outputPath, name), { recursive: true, force: true });
  for (const [k, sections] of parts.entries()) {
    const folder = path.join(outputPath, searchPartFolder(k));
    await withSearchIndex(sections, async (index) => {
      const { errors } = await index.writeFiles({ outputPath: folder });
      if (errors.length) throw new Error(`Pagefind could not write its index to ${folder}: ${errors.join('; ')}`);
    });
    // A merged part is read for its index alone, by the first part's scripts and WebAssembly.
    if (k > 0) for (const name of await readdir(folder)) if (PART_LEAVES_OUT.test(name)) await rm(path.join(folder, name));
    if (parts.length > 1) onPart?.(k + 1, parts.length);
  }
  await writeFile(path.join(outputPath, SEARCH_PARTS_FILE), JSON.stringify(parts.slice(1).map((_, k) => searchPartFolder(k + 1))));
}

async function withSearchIndex<T>(sections: readonly PassageRecord[][], use: (index: pagefind.PagefindIndex) => Promise<T>): Promise<T> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (const section of sections) {
      const added = await index.addCustomRecord(searchRecord(section));
      if (added.errors.length) throw new Error(`Pagefind refused the section of passage ${section[0]!.id}: ${added.errors.join('; ')}`);
    }
    return await use(index);
  } finally {
    await index.deleteIndex();
  }
}

/** Stops the Pagefind service so the build process can exit. */
export function closeSearch(): Promise<unknown> {
  return pagefind.close();
}
