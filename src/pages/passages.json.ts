import type { APIRoute } from 'astro';
import { getArchive } from '../data/archive.ts';
import { passageRecords } from '../lib/passage-record.ts';
import { passagesIndex } from '../lib/published-passages.ts';

/** The index of the published passages (src/lib/published-passages.ts): for programs and agents, and read back by the indexes. */
export const GET: APIRoute = async () => {
  const index = passagesIndex(passageRecords(await getArchive(), import.meta.env.BASE_URL), import.meta.env.BASE_URL);
  return new Response(JSON.stringify(index, null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
