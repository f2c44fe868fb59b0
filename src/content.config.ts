import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { interviewSchema, personSchema, topicSchema } from './build/content-schema.ts';
import { interviewLoader } from './build/interview-loader.ts';
import { contentDir } from './lib/content-dir.ts';

// The schemas live in src/build/content-schema.ts: the integration checks every content file with
// them before Astro loads it, so a malformed file is reported in one line, with its line number.
const root = contentDir();

const interviews = defineCollection({
  // Read as data, never compiled as MDX (src/build/interview-loader.ts). The file path is the
  // entry id, so two files claiming one slug are reported, not merged.
  loader: interviewLoader(`${root}/interviews`),
  schema: interviewSchema,
});

const people = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml,json}', base: `${root}/people` }),
  schema: personSchema,
});

const topics = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml,json}', base: `${root}/topics` }),
  schema: topicSchema,
});

export const collections = { interviews, people, topics };
