import { z } from 'astro/zod';
import { parseCalendarDate } from '../lib/dates.ts';
import { checkUrl, urlExpectation, type UrlRule } from '../lib/urls.ts';

// Every message is the "expected" half of a content problem; src/build/content-check.ts adds what
// was found, the file and the line. Astro validates with the same schemas after that check.

const text = (what: string) => z.string({ error: what }).min(1, { error: what });
const id = z.string({ error: 'a lower-case id such as "sam-altman"' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'a lower-case id such as "sam-altman"' });
const ids = (what: string) => z.array(id, { error: `a list of ${what} such as [sam-altman]` });
const url = (rule: UrlRule = {}) => z.string({ error: urlExpectation(rule) })
  .refine((value) => checkUrl(value, rule) === undefined, { error: urlExpectation(rule) });
const DATE_EXPECTED = 'a date such as 2026-02-03, or "undated"';
/** A publication date; YAML parsers that read dates hand over a Date, the content check a string. */
const published = z.union([
  z.literal('undated'),
  z.date(),
  z.string().refine((value) => parseCalendarDate(value) !== undefined).transform((value) => parseCalendarDate(value)!),
], { error: DATE_EXPECTED });

/** Frontmatter of an interview; its body is read by src/lib/mdx-turns.ts. */
export const interviewSchema = z.strictObject({
  title: text('a title'),
  slug: id.optional(),
  publication: text('the name of the publication'),
  url: url().optional(),
  /** The recording: an audio or video file, or a YouTube page. */
  media: url().optional(),
  published,
  format: z.enum(['qa', 'article', 'conversation'], {
    error: '"qa" (a question-and-answer interview), "article" (an article reporting an interview) or "conversation" (a transcript of a recorded conversation)',
  }),
  event: text('the event, or no "event" field').optional(),
  interviewers: ids('person ids').min(1, { error: 'at least one interviewer (person id)' }),
  interviewees: ids('person ids').min(1, { error: 'at least one interviewee (person id)' }),
  reporters: ids('person ids').default([]),
  summary: text('a one- or two-sentence summary'),
  standfirst: text('the standfirst, or no "standfirst" field').optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'only the fields the README lists' : undefined) });

/** A person: `content/people/<id>.yaml`. */
export const personSchema = z.strictObject({
  name: text('the person’s name'),
  role: text('a role such as "Host" or "CEO"'),
  organisation: text('an organisation, or no "organisation" field').optional(),
  bio: text('a short bio, or no "bio" field').optional(),
  url: url({ mailto: true }).optional(),
});

/** A topic: `content/topics/<id>.yaml`. */
export const topicSchema = z.strictObject({
  title: text('a title'),
  description: z.string({ error: 'a one-paragraph description of the topic' }).min(20, { error: 'a one-paragraph description of the topic' }),
  /** The passages its page leads with, best first (`<interview>#<anchor>`), as `npm run topics -- apply` ranks them. */
  lead: z.array(z.string({ error: 'a passage as <interview>#<anchor>' }), { error: 'a list of passages as <interview>#<anchor>' }).optional(),
});
