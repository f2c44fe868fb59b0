import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { contentDir } from './lib/content-dir.ts';

const root = contentDir();
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'a lower-case id such as "sam-altman"' });
const ids = z.array(id);

/** Frontmatter of an interview; its body is read by src/lib/mdx-turns.ts. */
const interviews = defineCollection({
  // The file path is the entry id, so two files claiming one slug are reported, not merged.
  loader: glob({ pattern: '**/*.mdx', base: `${root}/interviews`, generateId: ({ entry }) => entry }),
  schema: z.strictObject({
    title: z.string().min(1),
    slug: id.optional(),
    publication: z.string().min(1),
    url: z.url({ error: 'an absolute URL such as https://example.com/interview' }).optional(),
    published: z.union([z.literal('undated'), z.coerce.date()], {
      error: 'a date such as 2026-02-03, or "undated"',
    }),
    format: z.enum(['qa', 'article', 'conversation'], {
      error: '"qa" (a question-and-answer interview), "article" (an article reporting an interview) or "conversation" (a transcript of a recorded conversation)',
    }),
    media: z.url({ protocol: /^https?$/, error: 'an absolute http(s) URL of the recording, such as https://example.com/episode.mp3' }).optional(),
    event: z.string().min(1).optional(),
    interviewers: ids.min(1, { error: 'at least one interviewer (person id)' }),
    interviewees: ids.min(1, { error: 'at least one interviewee (person id)' }),
    reporters: ids.default([]),
    summary: z.string().min(1),
    standfirst: z.string().min(1).optional(),
  }),
});

const people = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml,json}', base: `${root}/people` }),
  schema: z.strictObject({
    name: z.string().min(1),
    role: z.string().min(1),
    organisation: z.string().min(1),
    bio: z.string().min(1).optional(),
    url: z.url().optional(),
  }),
});

const topics = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml,json}', base: `${root}/topics` }),
  schema: z.strictObject({
    title: z.string().min(1),
    description: z.string().min(20, { error: 'a one-paragraph description of the topic' }),
  }),
});

export const collections = { interviews, people, topics };
