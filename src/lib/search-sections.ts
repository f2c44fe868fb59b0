/**
 * Keyword search indexes sections, not passages: Pagefind writes one file per record, and a
 * 1,000-episode archive has over 100,000 passages while static hosts take 20,000 files. A section
 * holds passages of one interview with the same voices, so the interview and speaker filters stay
 * exact; its record carries where each passage starts and its topics (by place in the record's list), so the search page still
 * shows one result per matching passage, linked to its anchor, its excerpt cut from its own text,
 * and keeps only the passages of a topic it is filtered by (the section is filed under every topic
 * of its passages). Cutting sections where topics change instead made the real archive, tagged
 * with 121 suggested topics, 11,485 sections where it has 3,046, and Pagefind 6 s slower.
 */
import type { PassageRecord } from './passage-record.ts';

/** About how many words a section holds, at least: 9 sections for a two-hour conversation. */
export const SECTION_WORDS = 3000;

/**
 * About how many sections an archive gets at most: past 15 million words (the real archive of 310
 * episodes has about 7.5 million) sections grow instead, so that Pagefind's one file per record
 * stays within a host's file limit however many episodes arrive.
 */
export const MAX_SECTIONS = 5000;

/** How many words a section of these passages' archive holds (SECTION_WORDS, or more past MAX_SECTIONS sections). */
export function sectionWordsFor(records: readonly PassageRecord[]): number {
  let total = 0;
  for (const record of records) if (record.kind !== 'note') total += wordCount(passageContent(record));
  return Math.max(SECTION_WORDS, Math.ceil(total / MAX_SECTIONS));
}

/** Where one passage sits in its section's content, and what its result shows beside the excerpt. */
export interface SectionPassage {
  /** The passage's anchor on its interview page. */
  anchor: string;
  /** Its first word's position in the section's content, in runs of non-space. */
  start: number;
  time?: string;
  timeUrl?: string;
  /** The passage's topics (titles), when it has any. */
  topics?: string[];
}

/** One matching passage of a section, as the search page shows it. */
export interface SectionHit extends SectionPassage {
  /** The passage's indexed text (its label, then its text). */
  content: string;
  /** Positions of the matched words in `content`, counted as Pagefind counts them. */
  locations: number[];
}

/** The text Pagefind indexes for a passage: its label, then its words. */
export function passageContent(p: Pick<PassageRecord, 'label' | 'text'>): string {
  return p.label ? `${p.label}: ${p.text}` : p.text;
}

const wordCount = (text: string) => text.match(/\S+/g)?.length ?? 0;

/**
 * The searchable passages (notes are nobody's words) cut into sections: passages of one interview
 * with the same voices, in archive order, a new section once one reaches `words` words.
 */
export function searchSections(records: readonly PassageRecord[], words = sectionWordsFor(records)): PassageRecord[][] {
  const open = new Map<string, { passages: PassageRecord[]; words: number }>();
  const sections: PassageRecord[][] = [];
  for (const record of records) {
    if (record.kind === 'note') continue;
    const key = JSON.stringify([record.interview, record.voices]);
    let section = open.get(key);
    if (!section || section.words >= words) {
      section = { passages: [], words: 0 };
      open.set(key, section);
      sections.push(section.passages);
    }
    section.passages.push(record);
    section.words += wordCount(passageContent(record));
  }
  return sections;
}

/** A passage as its section's record stores it: its topics by their place in the section's `topics`. */
export type StoredSectionPassage = Omit<SectionPassage, 'topics'> & { topics?: number[] };

/**
 * A section's indexed content (its passages, a line apart), where each passage starts in it, and
 * the topics of its passages, each title once (its topic filter), which a passage names by place:
 * titles repeated with every tagged passage made the real archive's section records, with 121
 * topics, 7.7 MB where they are 5.5 MB so, and came with every search result fetched.
 */
export function sectionContent(section: readonly PassageRecord[]): { content: string; passages: StoredSectionPassage[]; topics: string[] } {
  const topics: string[] = [];
  const place = new Map<string, number>();
  const placeOf = (title: string) => {
    let at = place.get(title);
    if (at === undefined) place.set(title, (at = topics.push(title) - 1));
    return at;
  };
  let start = 0;
  const passages = section.map((p) => {
    const at: StoredSectionPassage = {
      anchor: p.anchor,
      start,
      ...(p.time ? { time: p.time.text, ...(p.time.url ? { timeUrl: p.time.url } : {}) } : {}),
      ...(p.topicTitles.length ? { topics: p.topicTitles.map(placeOf) } : {}),
    };
    start += wordCount(passageContent(p));
    return at;
  });
  return { content: section.map(passageContent).join('\n'), passages, topics };
}

/** A section's passages as the search page reads them back from its record's meta (`passages`, `topics`), each with its topics' titles. */
export function readSectionPassages(passages: readonly StoredSectionPassage[], topics: readonly string[]): SectionPassage[] {
  return passages.map(({ topics: places, ...p }) => (places ? { ...p, topics: places.map((i) => topics[i]!) } : p));
}

/**
 * The passages of a section result that hold matched words, the most matched first (then in page
 * order), each with its own text and matches; every passage when nothing is matched (a search by
 * filters alone). With `topics`, only the passages of one of those topics.
 */
export function sectionHits(content: string, locations: readonly number[], passages: readonly SectionPassage[], topics: readonly string[] = []): SectionHit[] {
  const words = [...content.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const hits = passages.map((p, i) => {
    const last = words[(passages[i + 1]?.start ?? words.length) - 1];
    const text = words[p.start] && last ? content.slice(words[p.start]!.start, last.end) : '';
    return { ...p, content: text, locations: [] as number[] };
  });
  for (const location of locations) {
    let i = hits.length - 1;
    while (i > 0 && hits[i]!.start > location) i--;
    const hit = hits[i];
    if (hit) hit.locations.push(location - hit.start);
  }
  const kept = topics.length ? hits.filter((h) => h.topics?.some((t) => topics.includes(t))) : hits;
  if (locations.length === 0) return kept;
  return kept.filter((h) => h.locations.length > 0).sort((a, b) => b.locations.length - a.locations.length || a.start - b.start);
}

/** A matched word as compared across a passage: lower case, letters and digits only. */
const matchedWord = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Ranks the matching passages of sections given best first: the passages holding the most
 * different matched words first (all words of the question rather than one of them many times),
 * then the most matches, then in the sections' order.
 */
export function rankHits(sections: readonly SectionHit[][]): SectionHit[] {
  const scored = sections.flatMap((hits, section) =>
    hits.map((hit, i) => {
      const words = hit.content.match(/\S+/g) ?? [];
      const distinct = new Set(hit.locations.map((l) => matchedWord(words[l] ?? ''))).size;
      return { hit, distinct, section, i };
    }),
  );
  scored.sort((a, b) => b.distinct - a.distinct || b.hit.locations.length - a.hit.locations.length || a.section - b.section || a.i - b.i);
  return scored.map((s) => s.hit);
}
