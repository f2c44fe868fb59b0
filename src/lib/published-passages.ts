/**
 * The passages published for programs and agents. `/passages.json` is an index of per-interview
 * files `/passages/<slug>.json`, so no file grows with the archive; a small archive also keeps the
 * whole list in `/passages.json` itself, as one request.
 */
import type { PassageRecord } from './passage-record.ts';
import { withBase } from './passage-record.ts';

/** Up to this many passages, `/passages.json` also holds the list itself (about 2 MB). */
export const INLINE_PASSAGES = 1000;

/** A passage as published: its topics' descriptions are in its file's `topics` table, once each. */
export type PublishedPassage = Omit<PassageRecord, 'topicDescriptions'>;

/** A topic as a file of passages describes it. */
export type PublishedTopic = { title: string; description: string };

/**
 * A list of passages: `/passages/<slug>.json` for one interview. Each topic its passages are tagged
 * with is described once, in `topics`, by id: with every passage, the descriptions of the real
 * archive's suggested topics (a passage's opening sentences each) were a third of its 128 MB.
 */
export interface PassagesFile {
  count: number;
  passages: PublishedPassage[];
  topics: Record<string, PublishedTopic>;
}

/** The published form of a list of records (PassagesFile, without its count). */
export function publishPassages(records: readonly PassageRecord[]): Pick<PassagesFile, 'passages' | 'topics'> {
  const topics: Record<string, PublishedTopic> = {};
  const passages = records.map(({ topicDescriptions, ...rest }) => {
    rest.topics.forEach((id, i) => (topics[id] ??= { title: rest.topicTitles[i] ?? id, description: topicDescriptions[i] ?? '' }));
    return rest;
  });
  return { passages, topics };
}

/** The records of a published list, each with its topics' descriptions again. */
export function publishedRecords(file: Pick<PassagesFile, 'passages' | 'topics'>): PassageRecord[] {
  return file.passages.map((p) => ({ ...p, topicDescriptions: p.topics.map((id) => file.topics?.[id]?.description ?? '') }));
}

/** One interview's entry in the index: where its passages are. */
export interface PassagesEntry {
  interview: string;
  title: string;
  /** ISO date, or null when the interview is undated. */
  published: string | null;
  count: number;
  /** Site path of its file, base path included: `<base>passages/<slug>.json`. */
  url: string;
}

/** `/passages.json`: every interview's file, and for a small archive every passage too (with its topics, as in PassagesFile). */
export interface PassagesIndex {
  count: number;
  interviews: PassagesEntry[];
  passages?: PublishedPassage[];
  topics?: Record<string, PublishedTopic>;
}

/** The site path (without base) of an interview's passages. */
export function interviewPassagesPath(slug: string): string {
  return `passages/${slug}.json`;
}

/** Groups the records (in archive order) into one file per interview. */
export function passagesByInterview(records: readonly PassageRecord[]): Map<string, PassageRecord[]> {
  const files = new Map<string, PassageRecord[]>();
  for (const record of records) {
    const list = files.get(record.interview);
    if (list) list.push(record);
    else files.set(record.interview, [record]);
  }
  return files;
}

/** The index of the published passages, with the list inlined when the archive is small. */
export function passagesIndex(records: readonly PassageRecord[], base: string): PassagesIndex {
  const interviews = [...passagesByInterview(records)].map(([slug, list]) => ({
    interview: slug,
    title: list[0]!.interviewTitle,
    published: list[0]!.published,
    count: list.length,
    url: withBase(base, interviewPassagesPath(slug)),
  }));
  return { count: records.length, interviews, ...(records.length <= INLINE_PASSAGES ? publishPassages(records) : {}) };
}

/**
 * Every published passage, in archive order, read through `read` (a site path without base to
 * its text): the index, then each interview's file, a few at a time.
 */
export async function readPublishedPassages(read: (sitePath: string) => Promise<string>): Promise<PassageRecord[]> {
  const index = JSON.parse(await read('passages.json')) as PassagesIndex;
  const lists: PassageRecord[][] = [];
  for (let i = 0; i < index.interviews.length; i += 8) {
    const batch = index.interviews.slice(i, i + 8);
    lists.push(...(await Promise.all(batch.map(async (e) => publishedRecords(JSON.parse(await read(interviewPassagesPath(e.interview))) as PassagesFile)))));
  }
  const passages = lists.flat();
  if (passages.length !== index.count) throw new Error(`passages.json counts ${index.count} passages, its interviews' files hold ${passages.length}`);
  return passages;
}
