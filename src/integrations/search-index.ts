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
  return withSearchIndex(records, async (index) => {
    const { files, errors } = await index.getFiles();
    if (errors.length) throw new Error(`Pagefind could not write its index: ${errors.join('; ')}`);
    return new Map(files.map((f) => [f.path.replace(/\\/g, '/'), f.content]));
  });
}

/**
 * Indexes passages with Pagefind, by section, and has Pagefind write the bundle into `outputPath`
 * itself: the build's way, since handing a large archive's files back through Node (tens of
 * thousands of fragments, as base64 over Pagefind's pipe) held them all in the build's memory at once.
 */
export async function writeSearchBundle(records: PassageRecord[], outputPath: string): Promise<void> {
  await withSearchIndex(records, async (index) => {
    const { errors } = await index.writeFiles({ outputPath });
    if (errors.length) throw new Error(`Pagefind could not write its index to ${outputPath}: ${errors.join('; ')}`);
  });
}

async function withSearchIndex<T>(records: PassageRecord[], use: (index: pagefind.PagefindIndex) => Promise<T>): Promise<T> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (const section of searchSections(records)) {
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
