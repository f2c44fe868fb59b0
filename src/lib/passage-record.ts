import type { Archive, Interview } from './archive.ts';
import { voicesOf } from './archive.ts';
import { mediaTimeUrl, type PassageTime } from './media.ts';
import type { Passage } from './passages.ts';

/** When a passage starts, and where the recording plays from that moment (when the interview names one). */
export interface RecordTime extends PassageTime {
  /** The interview's media at this moment (`#t=` or YouTube's `t=`). */
  url?: string;
}

/**
 * A passage as published for programs (`/passages.json`) and read back by the search and answer
 * indexes: self-contained, with names resolved and the URL of its place on the site.
 */
export interface PassageRecord {
  id: string;
  interview: string;
  interviewTitle: string;
  publication: string;
  /** ISO date, or null when the interview is undated. */
  published: string | null;
  anchor: string;
  /** Site path of the passage, base path included: `<base>interviews/<slug>/#<anchor>`. */
  url: string;
  kind: Passage['kind'];
  speaker: string;
  speakerName: string;
  /** Names of the people whose words it gives (quoted, reported, or its own speaker's). */
  voices: string[];
  topics: string[];
  topicTitles: string[];
  /** One-sentence descriptions of its topics, in the order of `topics`, as the topic pages give them. */
  topicDescriptions: string[];
  label?: string;
  /** For an answer: the text of the question it answers. */
  question?: string;
  /** For a later part of a long element (turn) split into passages: the anchor of the turn's first passage. */
  turn?: string;
  /** When it starts in the recording. */
  time?: RecordTime;
  text: string;
}

/** A passage's time, with the link that plays the interview's media from it. */
export function recordTime(p: Pick<Passage, 'time'>, media: string | undefined): RecordTime | undefined {
  if (!p.time) return undefined;
  return media ? { ...p.time, url: mediaTimeUrl(media, p.time.seconds) } : { ...p.time };
}

/** Joins a site path to the base path, which may or may not end in a slash. */
export function withBase(base: string, path: string): string {
  return `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
}

/** The site path of an interview page. */
export function interviewPath(base: string, slug: string): string {
  return withBase(base, `interviews/${slug}/`);
}

/** The site path of one passage. */
export function passagePath(base: string, p: Pick<Passage, 'interview' | 'anchor'>): string {
  return `${interviewPath(base, p.interview)}#${p.anchor}`;
}

/** ISO date of an interview, or null when undated. */
export function isoDate(interview: Pick<Interview, 'published'>): string | null {
  return interview.published === 'undated' ? null : interview.published.toISOString().slice(0, 10);
}

/** Every passage of the archive as a record, in archive order. */
export function passageRecords(archive: Archive, base: string): PassageRecord[] {
  const name = (id: string) => archive.people.get(id)?.name ?? id;
  return archive.interviews.flatMap((interview) => {
    const byAnchor = new Map(interview.passages.map((p) => [p.anchor, p]));
    return interview.passages.map((p) => ({
      id: p.id,
      interview: interview.slug,
      interviewTitle: interview.title,
      publication: interview.publication,
      published: isoDate(interview),
      anchor: p.anchor,
      url: passagePath(base, p),
      kind: p.kind,
      speaker: p.speaker,
      speakerName: name(p.speaker),
      voices: voicesOf(p).map(name),
      topics: p.topics,
      topicTitles: p.topics.map((t) => archive.topics.get(t)?.title ?? t),
      topicDescriptions: p.topics.map((t) => archive.topics.get(t)?.description ?? ''),
      ...(p.label ? { label: p.label } : {}),
      ...(p.question ? { question: byAnchor.get(p.question)?.text } : {}),
      ...(p.turn !== p.anchor ? { turn: p.turn } : {}),
      ...(p.time ? { time: recordTime(p, interview.media) } : {}),
      text: p.text,
    }));
  });
}
