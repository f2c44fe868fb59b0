import type { APIRoute, GetStaticPaths } from 'astro';
import { getArchive } from '../../data/archive.ts';
import { passageRecords } from '../../lib/passage-record.ts';
import { passagesByInterview, publishPassages } from '../../lib/published-passages.ts';

export const getStaticPaths: GetStaticPaths = async () =>
  [...passagesByInterview(passageRecords(await getArchive(), import.meta.env.BASE_URL))].map(([interview, passages]) => ({
    params: { interview },
    props: { passages },
  }));

/** One interview's passages with their place on the site, as listed by /passages.json. */
export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify({ count: props.passages.length, ...publishPassages(props.passages) }, null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
