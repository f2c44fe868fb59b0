/**
 * The passages published for programs and agents. `/passages.json` is an index of per-interview
 * files `/passages/<slug>.json`, so no file grows with the archive; a small archive also keeps the
 * whole list in `/passages.json` itself, as one request.
 */
import type { PassageRecord } from './passage-record.ts';
import { withBase } from './passage-record.ts';

/** Up to this many passages, `/passages.json` also holds the list itself (about 2 MB). */
export const INLINE_PASSAGES = 1000;

/** A list of passages: `/passages/<slug>.json` for one interview. */
export interface PassagesFile {
  count: number;
  passages: PassageRecord[];
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

/** `/passages.json`: every interview's file, and for a small archive every passage too. */
export interface PassagesIndex {
  count: number;
  interviews: PassagesEntry[];
  passages?: PassageRecord[];
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
  return { count: records.length, interviews, ...(records.length <= INLINE_PASSAGES ? { passages: [...records] } : {}) };
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
    lists.push(...(await Promise.all(batch.map(async (e) => (JSON.parse(await read(interviewPassagesPath(e.interview))) as PassagesFile).passages))));
  }
  const passages = lists.flat();
  if (passages.length !== index.count) throw new Error(`passages.json counts ${index.count} passages, its interviews' files hold ${passages.length}`);
  return passages;
}
