import type { APIRoute } from 'astro';
import { getArchive } from '../data/archive.ts';
import { passageRecords } from '../lib/passage-record.ts';

/** Every passage with its place on the site: for programs and agents, and read back by the indexes. */
export const GET: APIRoute = async () => {
  const passages = passageRecords(await getArchive(), import.meta.env.BASE_URL);
  return new Response(JSON.stringify({ count: passages.length, passages }, null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
