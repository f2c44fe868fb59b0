import { getCollection } from 'astro:content';
import { readFileSync } from 'node:fs';
import { buildArchive, type Archive, type InterviewMeta } from '../lib/archive.ts';

let cached: Promise<Archive> | undefined;

/** Counts the lines before the body, so body errors point at the right line of the file. */
function frontmatterLines(filePath: string | undefined, body: string): number {
  if (!filePath) return 0;
  const raw = readFileSync(filePath, 'utf8');
  const at = raw.lastIndexOf(body);
  return at < 0 ? 0 : raw.slice(0, at).split('\n').length - 1;
}

async function load(): Promise<Archive> {
  const [interviews, people, topics] = await Promise.all([
    getCollection('interviews'),
    getCollection('people'),
    getCollection('topics'),
  ]);
  return buildArchive({
    interviews: interviews.map((entry) => {
      const body = entry.body ?? '';
      const file = entry.filePath ?? entry.id;
      return {
        file,
        name: entry.id.replace(/\.mdx$/, '').split('/').pop() ?? entry.id,
        meta: entry.data as InterviewMeta,
        body,
        lineOffset: frontmatterLines(entry.filePath, body),
      };
    }),
    people: people.map((e) => ({ id: e.id, ...e.data })),
    topics: topics.map((e) => ({ id: e.id, ...e.data })),
  });
}

/** The whole archive, built once per build (or per content change in dev) and shared by every page. */
export function getArchive(): Promise<Archive> {
  if (import.meta.env.DEV) return load();
  cached ??= load();
  return cached;
}
