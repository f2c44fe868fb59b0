import type { APIRoute, GetStaticPaths } from 'astro';
import { getArchive } from '../../data/archive.ts';
import { topicMarkdown } from '../../lib/markdown.ts';

export const getStaticPaths: GetStaticPaths = async () =>
  [...(await getArchive()).topics.keys()].map((topic) => ({ params: { topic } }));

/** The topic page as plain Markdown. */
export const GET: APIRoute = async ({ params, site }) => {
  const archive = await getArchive();
  const body = topicMarkdown(archive, archive.topics.get(params.topic!)!, import.meta.env.BASE_URL, String(site));
  return new Response(body, { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } });
};
