/**
 * The passages as the answer index ships them (`ask/passages.json`) and what retrieval derives from
 * them: the context each passage carries for keyword scoring and for embedding.
 */
import type { PassageRecord } from '../passage-record.ts';
import type { KeywordDocument } from './keyword.ts';

/** The interview slug of a passage id, which is `<interview>#<anchor>`. */
export function interviewOfPassage(id: string): string {
  const hash = id.indexOf('#');
  return hash < 0 ? id : id.slice(0, hash);
}

/** One passage as the answer index holds it: what scoring reads and what an answer shows. */
export type AskPassage = {
  id: string;
  kind: PassageRecord['kind'];
  /** Site path with the base path: where the answer links to. */
  url: string;
  text: string;
  /** Name of who says it. */
  speaker: string;
  /** Names of the people whose words it gives. */
  voices: string[];
  /** Title of the interview. */
  interview: string;
  /** ISO date of the interview, or null when undated. */
  published: string | null;
  /** Titles of its topics. */
  topics: string[];
  /** Descriptions of its topics, in the order of `topics` (absent in indexes built before they were added). */
  about?: string[];
  label?: string;
  /** For an answer: position, in the same list, of the question it responds to. */
  question?: number;
  /** For a later part of a long element split into passages: position, in the same list, of the element's first part. */
  turn?: number;
  /** When it starts in the recording ("12:34"), and the media at that moment. */
  time?: { text: string; url?: string };
};

/**
 * The passages file as shipped: each topic's description once, by title, instead of on every
 * passage of the topic, so that descriptions cost the file one copy each however large the archive.
 */
export type AskPassagesFile = { passages: AskPassage[]; about?: Record<string, string> };

/** The shipped form of index passages: descriptions moved out of the passages into one table. */
export function packPassages(passages: readonly AskPassage[]): AskPassagesFile {
  const about: Record<string, string> = {};
  const packed = passages.map(({ about: descriptions, ...rest }) => {
    rest.topics.forEach((title, k) => {
      if (descriptions?.[k]) about[title] = descriptions[k];
    });
    return rest;
  });
  return Object.keys(about).length > 0 ? { passages: packed, about } : { passages: packed };
}

/** Index passages from the shipped file, each given its topics' descriptions back (files without them read as before). */
export function unpackPassages(file: AskPassagesFile): AskPassage[] {
  const table = file.about;
  if (!table) return file.passages;
  return file.passages.map((p) => {
    const about = p.topics.map((title) => table[title] ?? '');
    return about.some(Boolean) ? { ...p, about } : p;
  });
}

/** The published records the index holds, in its order: all but notes, which are nobody's words. */
export function indexedRecords<R extends Pick<PassageRecord, 'kind'>>(published: readonly R[]): R[] {
  return published.filter((record) => record.kind !== 'note');
}

/**
 * Turns published passage records into index passages, linking each answer to its question's
 * position and each later part of a long element to its first part. Notes are nobody's words: they
 * are never answers.
 */
export function toAskPassages(published: readonly PassageRecord[]): AskPassage[] {
  const records = indexedRecords(published);
  const quoted = quotedDescriptions(records);
  return records.map((record, i) => {
    const about = record.topicDescriptions?.map((d) => (quoted.has(d) ? '' : d));
    const question = record.kind === 'answer' && record.question !== undefined ? findQuestion(records, i, record.question) : undefined;
    const turn = record.turn !== undefined ? findTurn(records, i, record.turn) : undefined;
    return {
      id: record.id,
      kind: record.kind,
      url: record.url,
      text: record.text,
      speaker: record.speakerName,
      voices: record.voices,
      interview: record.interviewTitle,
      published: record.published,
      topics: record.topicTitles,
      ...(about?.some(Boolean) ? { about } : {}),
      ...(record.label ? { label: record.label } : {}),
      ...(question !== undefined ? { question } : {}),
      ...(turn !== undefined ? { turn } : {}),
      ...(record.time ? { time: record.time.url ? { text: record.time.text, url: record.time.url } : { text: record.time.text } } : {}),
    };
  });
}

/**
 * The topic descriptions that are some passage's own words, as `topics suggest` describes a topic (by
 * sentences of one of its passages). An editor's description says in other words what its passages
 * are about, and lets a reader's paraphrase reach them (the `about` keyword field); a quoted one would
 * give one passage's words to every passage of its topic. On the real archive, with 121 suggested
 * topics described by their keywords' sentences, it took recall@3 from 0.322 (no topics) to 0.311
 * and, held out, from 0.456 to 0.439; left out, the figures are those without topics.
 */
export function quotedDescriptions(records: readonly Pick<PassageRecord, 'text' | 'topicDescriptions'>[]): Set<string> {
  const quoted = new Set<string>();
  for (const record of records) {
    for (const description of record.topicDescriptions ?? []) {
      if (description && !quoted.has(description) && record.text.includes(description)) quoted.add(description);
    }
  }
  return quoted;
}

// The parts of an element are consecutive: the first part is the nearest preceding one with the turn's anchor.
function findTurn(records: readonly PassageRecord[], at: number, anchor: string): number | undefined {
  for (let i = at - 1; i >= 0 && records[i]!.interview === records[at]!.interview; i--) {
    if (records[i]!.anchor === anchor) return i;
  }
  return undefined;
}

// The record names the question by its text; the nearest preceding question with that text is it.
function findQuestion(records: readonly PassageRecord[], at: number, text: string): number | undefined {
  for (let i = at - 1; i >= 0 && records[i]!.interview === records[at]!.interview; i--) {
    if (records[i]!.kind === 'question' && records[i]!.text === text) return i;
  }
  return undefined;
}

/**
 * The label each passage falls under: its own, or the nearest earlier one in the same interview, since
 * an article's lead-in label ("Infrastructure") heads the paragraphs that follow it.
 */
export function sectionLabels(passages: readonly AskPassage[]): (string | undefined)[] {
  let current: string | undefined;
  return passages.map((p, i) => {
    if (i === 0 || passages[i - 1]!.interview !== p.interview) current = undefined;
    if (p.label) current = p.label;
    return current;
  });
}

/** The fields keyword scoring reads for each passage, an answer carrying the question it responds to. */
export function keywordDocuments(passages: readonly AskPassage[]): KeywordDocument[] {
  const sections = sectionLabels(passages);
  return passages.map((_, i) => keywordDocument(passages, i, sections));
}

/** One passage's keyword fields (keywordDocuments), given the archive's section labels. */
export function keywordDocument(passages: readonly AskPassage[], i: number, sections: readonly (string | undefined)[]): KeywordDocument {
  const p = passages[i]!;
  return {
    text: p.text,
    label: sections[i] ?? '',
    question: p.question !== undefined ? passages[p.question]!.text : '',
    topics: p.topics.join('. '),
    about: (p.about ?? []).join(' '),
    speaker: [p.speaker, ...p.voices].join('. '),
    interview: p.interview,
  };
}

/**
 * Which context goes before a passage's words when it is embedded: its section label, the question
 * it answers, its topics' titles, its topics' descriptions. Absent flags are off, so manifests
 * written before a flag existed read the same.
 */
export type EmbeddingContext = { section: boolean; question: boolean; topics?: boolean; about?: boolean };

/**
 * None: with USE lite, embedding the question and label with an answer cost recall on reader-style
 * questions (scripts/ask/experiments.ts); the question reaches its answers through its own vector
 * and the keyword fields instead.
 */
export const DEFAULT_EMBEDDING_CONTEXT: Readonly<EmbeddingContext> = Object.freeze({ section: false, question: false });

/**
 * The text embedded for a passage: its own words, after the context the flags ask for (first,
 * since a small model reads only its first 128 tokens).
 */
export function embeddingTexts(passages: readonly AskPassage[], context: EmbeddingContext = DEFAULT_EMBEDDING_CONTEXT): string[] {
  const sections = sectionLabels(passages);
  return passages.map((p, i) => {
    const before = [
      context.topics && p.topics.length > 0 ? p.topics.join('. ') : undefined,
      context.about && p.about ? p.about.join(' ') : undefined,
      context.section ? sections[i] : undefined,
      context.question && p.question !== undefined ? passages[p.question]!.text : undefined,
    ].filter(Boolean);
    return [...before, p.text].join('\n');
  });
}

/**
 * How many characters surely hold a model's first N tokens: N times this. A token of real text
 * spans a few characters; this bound is many times that, so a cut there loses nothing the model
 * reads, while the tokenizer, which slows down more than linearly on long texts, skips the rest.
 */
export const EMBEDDING_CHARS_PER_TOKEN = 32;

/**
 * The part of a text that is given to a model reading at most `maxTokens` tokens: all of it, or
 * its first `maxTokens * EMBEDDING_CHARS_PER_TOKEN` characters. Only what is embedded is cut; the
 * passage, its quote and its keyword fields keep every word.
 */
export function embeddingWindow(text: string, maxTokens: number): string {
  const budget = Math.max(1, Math.floor(maxTokens)) * EMBEDDING_CHARS_PER_TOKEN;
  if (text.length <= budget) return text;
  // Never end on half of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text[budget - 1]!) ? budget - 1 : budget;
  return text.slice(0, end);
}
