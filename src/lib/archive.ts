import { ContentError, type ContentProblem } from './content-error.ts';
import { segmentInterview, type Passage } from './passages.ts';
import { ANCHOR_PATTERN } from './anchors.ts';

/** An interview's frontmatter, as the schema validated it. */
export interface InterviewMeta {
  title: string;
  slug?: string;
  publication: string;
  url?: string;
  published: Date | 'undated';
  format: 'qa' | 'article' | 'conversation';
  /** The recording: an audio or video file, or a YouTube page; passages' times point into it. */
  media?: string;
  event?: string;
  interviewers: string[];
  interviewees: string[];
  reporters: string[];
  summary: string;
  standfirst?: string;
}

/** One interview file as the content layer hands it over. */
export interface InterviewSource {
  file: string;
  /** File name without extension: the slug unless the frontmatter sets one. */
  name: string;
  meta: InterviewMeta;
  body: string;
  lineOffset?: number;
}

export interface Person {
  id: string;
  name: string;
  role: string;
  organisation?: string;
  bio?: string;
  url?: string;
}

export interface Topic {
  id: string;
  title: string;
  description: string;
  /** The passages its page leads with, best first (`<interview>#<anchor>`); unknown ones are passed over. */
  lead?: string[];
}

/** An interview with its passages, ready for pages. */
export interface Interview extends InterviewMeta {
  slug: string;
  file: string;
  passages: Passage[];
}

/** Everything the site shows, cross-checked: every reference resolves, every anchor is unique. */
export interface Archive {
  /** Newest first; undated ones last, by title. */
  interviews: Interview[];
  passages: Passage[];
  people: Map<string, Person>;
  topics: Map<string, Topic>;
  interview(slug: string): Interview;
}

/** Orders interviews newest first, with undated ones after every dated one. */
export function compareInterviews(a: InterviewMeta, b: InterviewMeta): number {
  const ta = a.published === 'undated' ? -Infinity : a.published.getTime();
  const tb = b.published === 'undated' ? -Infinity : b.published.getTime();
  return tb - ta || a.title.localeCompare(b.title);
}

/**
 * Builds the archive from validated sources and checks what no single-file schema can:
 * references to people and topics, unique slugs, and each body's passages. Every problem is
 * collected and thrown together, so one build names them all.
 */
export function buildArchive(sources: {
  interviews: InterviewSource[];
  people: Person[];
  topics: Topic[];
}): Archive {
  const problems: ContentProblem[] = [];
  const people = new Map(sources.people.map((p) => [p.id, p]));
  const topics = new Map(sources.topics.map((t) => [t.id, t]));
  const known = { people: new Set(people.keys()), topics: new Set(topics.keys()) };

  const bySlug = new Map<string, Interview>();
  for (const source of sources.interviews) {
    const { meta, file } = source;
    const slug = meta.slug ?? source.name;
    if (!ANCHOR_PATTERN.test(slug)) {
      problems.push({ file, field: 'slug', expected: `lower-case letters, digits and hyphens, found "${slug}"` });
    }
    const clash = bySlug.get(slug);
    if (clash) {
      problems.push({ file, field: 'slug', expected: `a slug no other interview has, found "${slug}", also used by ${clash.file}` });
      continue;
    }
    for (const field of ['interviewers', 'interviewees', 'reporters'] as const) {
      for (const id of meta[field]) {
        if (!people.has(id)) problems.push({ file, field, expected: `a person id from content/people, found "${id}"` });
      }
    }
    if (meta.format === 'article' && meta.reporters.length === 0) {
      problems.push({ file, field: 'reporters', expected: 'at least one reporter (person id) for an article, found none' });
    }
    const segmented = segmentInterview(source.body, {
      slug,
      file,
      interviewers: meta.interviewers,
      interviewees: meta.interviewees,
      reporters: meta.reporters,
      lineOffset: source.lineOffset,
    }, known);
    problems.push(...segmented.problems);
    bySlug.set(slug, { ...meta, slug, file, passages: segmented.passages });
  }
  if (problems.length) throw new ContentError(problems);

  const interviews = [...bySlug.values()].sort(compareInterviews);
  return {
    interviews,
    passages: interviews.flatMap((i) => i.passages),
    people,
    topics,
    interview(slug) {
      const found = bySlug.get(slug);
      if (!found) throw new Error(`No interview with slug "${slug}"`);
      return found;
    },
  };
}

/** Who a passage gives the words of: those it quotes, or else its speaker; nobody for a note. */
export function voicesOf(p: Passage): string[] {
  if (p.kind === 'note') return [];
  return p.quotes.length ? p.quotes : [p.speaker];
}

/** Passages grouped under their interviews, in archive order (newest interview first). */
export interface InterviewGroup {
  interview: Interview;
  passages: Passage[];
}

/** Groups passages that pass a test by interview, keeping interview and passage order. */
export function groupByInterview(archive: Archive, keep: (p: Passage) => boolean): InterviewGroup[] {
  return archive.interviews
    .map((interview) => ({ interview, passages: interview.passages.filter(keep) }))
    .filter((g) => g.passages.length > 0);
}

/** Every passage tagged with a topic, grouped by interview, newest first. */
export function passagesOnTopic(archive: Archive, topic: string): InterviewGroup[] {
  return topicIndex(archive).groups.get(topic) ?? [];
}

/** Topics that share passages with this one, the most shared first. */
export function relatedTopics(archive: Archive, topic: string): { topic: Topic; shared: number }[] {
  return topicIndex(archive).related.get(topic) ?? [];
}

/** What the topic pages, indexes and Markdown ask of an archive's topics, found in one pass over its passages. */
interface TopicIndex {
  groups: Map<string, InterviewGroup[]>;
  related: Map<string, { topic: Topic; shared: number }[]>;
}

const topicIndexes = new WeakMap<Archive, TopicIndex>();

// A page per topic asking for its passages or its related topics would otherwise pass over the
// whole archive each time: 121 topics over 68,000 passages took a second of every build.
function topicIndex(archive: Archive): TopicIndex {
  let index = topicIndexes.get(archive);
  if (index) return index;
  const shared = new Map<string, Map<string, number>>();
  for (const p of archive.passages) {
    if (p.topics.length < 2) continue;
    for (const topic of p.topics) {
      let counts = shared.get(topic);
      if (!counts) shared.set(topic, (counts = new Map()));
      for (const other of p.topics) if (other !== topic) counts.set(other, (counts.get(other) ?? 0) + 1);
    }
  }
  const related = new Map(
    [...shared].map(([topic, counts]) => [
      topic,
      [...counts]
        .map(([id, n]) => ({ topic: archive.topics.get(id)!, shared: n }))
        .sort((a, b) => b.shared - a.shared || a.topic.title.localeCompare(b.topic.title)),
    ]),
  );
  index = { groups: groupEvery(archive, (p) => new Set(p.topics)), related };
  topicIndexes.set(archive, index);
  return index;
}

/** What a person said (or asked, or reported), grouped by interview. */
export function passagesByPerson(archive: Archive, person: string): InterviewGroup[] {
  return groupByInterview(archive, (p) => p.speaker === person || p.quotes.includes(person));
}

/**
 * What every person said, grouped by interview, as passagesByPerson gives it for one person, in
 * one pass over the archive (so an archive's person pages cost no pass per person).
 */
export function passagesByEveryPerson(archive: Archive): Map<string, InterviewGroup[]> {
  return groupEvery(archive, (p) => new Set([p.speaker, ...p.quotes]));
}

/** Every topic's passages, grouped by interview, as passagesOnTopic gives them for one topic, in one pass. */
export function passagesOnEveryTopic(archive: Archive): Map<string, InterviewGroup[]> {
  return topicIndex(archive).groups;
}

function groupEvery(archive: Archive, keys: (p: Passage) => Iterable<string>): Map<string, InterviewGroup[]> {
  const groups = new Map<string, InterviewGroup[]>();
  for (const interview of archive.interviews) {
    for (const p of interview.passages) {
      for (const key of keys(p)) {
        const list = groups.get(key) ?? [];
        if (list.length === 0) groups.set(key, list);
        const last = list.at(-1);
        if (last?.interview === interview) last.passages.push(p);
        else list.push({ interview, passages: [p] });
      }
    }
  }
  return groups;
}

/** Topics with how many passages each has, for indexes; topics nobody has tagged yet count 0. */
export function topicCounts(archive: Archive): { topic: Topic; count: number }[] {
  return [...archive.topics.values()]
    .map((topic) => ({ topic, count: (topicIndex(archive).groups.get(topic.id) ?? []).reduce((n, g) => n + g.passages.length, 0) }))
    .sort((a, b) => b.count - a.count || a.topic.title.localeCompare(b.topic.title));
}

/** A topic of a person's passages: the passages best first (archive order), and how many interviews they span. */
export interface PersonTopic {
  topic: Topic;
  passages: Passage[];
  interviews: number;
}

/**
 * What a person said, gathered by topic from their passages (as passagesByPerson groups them): the
 * topics they spoke on most first, each with its passages in archive order. Passages without a
 * topic are left to the interview groups.
 */
export function topicsOfPerson(archive: Archive, groups: readonly InterviewGroup[]): PersonTopic[] {
  const byTopic = new Map<string, { passages: Passage[]; interviews: Set<string> }>();
  for (const group of groups) {
    for (const p of group.passages) {
      for (const id of p.topics) {
        let entry = byTopic.get(id);
        if (!entry) byTopic.set(id, (entry = { passages: [], interviews: new Set() }));
        entry.passages.push(p);
        entry.interviews.add(group.interview.slug);
      }
    }
  }
  return [...byTopic]
    .map(([id, { passages, interviews }]) => ({ topic: archive.topics.get(id)!, passages, interviews: interviews.size }))
    .sort((a, b) => b.passages.length - a.passages.length || a.topic.title.localeCompare(b.topic.title));
}
