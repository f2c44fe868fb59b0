import type { APIRoute } from 'astro';
import { getArchive } from '../data/archive.ts';
import { llmsTxt } from '../lib/markdown.ts';
import { SITE } from '../site.ts';

/** llms.txt: an index of the site's Markdown for language models and agents. */
export const GET: APIRoute = async ({ site }) =>
  new Response(llmsTxt(await getArchive(), import.meta.env.BASE_URL, String(site), SITE), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
