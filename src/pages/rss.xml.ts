import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getArchive } from '../data/archive.ts';
import { interviewPath } from '../lib/passage-record.ts';
import { SITE } from '../site.ts';

/** A feed of interviews; undated ones carry no date rather than an invented one. */
export const GET: APIRoute = async (context) => {
  const archive = await getArchive();
  return rss({
    title: SITE.title,
    description: SITE.description,
    site: context.site ?? 'https://verbatim.example',
    trailingSlash: true,
    items: archive.interviews.map((interview) => ({
      title: interview.title,
      link: interviewPath(import.meta.env.BASE_URL, interview.slug),
      description: interview.summary,
      ...(interview.published === 'undated' ? {} : { pubDate: interview.published }),
    })),
  });
};
