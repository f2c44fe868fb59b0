import type { APIRoute, GetStaticPaths } from 'astro';
import { getArchive } from '../../data/archive.ts';
import { interviewMarkdown } from '../../lib/markdown.ts';

export const getStaticPaths: GetStaticPaths = async () =>
  (await getArchive()).interviews.map((i) => ({ params: { slug: i.slug } }));

/** The interview as plain Markdown, for agents and for reading without a browser. */
export const GET: APIRoute = async ({ params, site }) => {
  const archive = await getArchive();
  const body = interviewMarkdown(archive, archive.interview(params.slug!), import.meta.env.BASE_URL, String(site));
  return new Response(body, { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } });
};
