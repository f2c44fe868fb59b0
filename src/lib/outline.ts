/**
 * The "on this page" outline of an interview: where a reader can jump to on a long page. A Q&A
 * interview is outlined by its questions, an article by its own lead-in labels, a recorded
 * conversation by time (one entry every few minutes, as chapters would be) or, without times, by
 * the interviewer's questions. Labels are the speakers' own opening words, cut at a word.
 */
import type { Passage } from './passages.ts';

/**
 * One entry: the passage it jumps to, its opening words, and in a conversation's time outline who
 * speaks there and when (a question's or a label's entry needs neither).
 */
export type OutlineEntry = { anchor: string; text: string; speaker?: string; time?: string };

/** An outline shorter than this is no help: the page is short enough to scroll. */
export const OUTLINE_MIN_ENTRIES = 3;

/** How many entries a time outline aims at most: the interval grows until it fits. */
export const OUTLINE_MAX_TIME_ENTRIES = 24;

/** The intervals a time outline may use, in minutes. */
const INTERVALS = [5, 10, 15, 20, 30, 60];

/** Words of a label: enough to recognise the moment, short enough for a sidebar line. */
const LABEL_WORDS = 10;

/**
 * The outline of an interview's passages, empty when it would have fewer than OUTLINE_MIN_ENTRIES.
 * Linear in the passages, so a 60,000-word transcript costs the build nothing to speak of.
 */
export function pageOutline(format: string, passages: readonly Passage[]): OutlineEntry[] {
  const firsts = passages.filter((p) => p.anchor === p.turn && p.kind !== 'note');
  const questions = firsts.filter((p) => p.kind === 'question');
  const labelled = passages.filter((p) => p.label);
  const timed = firsts.filter((p) => p.time);
  let entries: OutlineEntry[];
  if (format === 'conversation' && timed.length > 0) entries = byTime(timed);
  else if (questions.length > 0) entries = questions.map((p) => entry(p, p.text));
  else entries = labelled.map((p) => entry(p, p.label!));
  return entries.length >= OUTLINE_MIN_ENTRIES ? entries : [];
}

function entry(p: Passage, text: string): OutlineEntry {
  return { anchor: p.anchor, text: openingWords(text, LABEL_WORDS) };
}

// One entry at the first turn that starts at or after each multiple of the interval.
function byTime(timed: readonly Passage[]): OutlineEntry[] {
  const end = timed.at(-1)!.time!.seconds;
  const minutes = INTERVALS.find((m) => end / (m * 60) < OUTLINE_MAX_TIME_ENTRIES) ?? INTERVALS.at(-1)!;
  const step = minutes * 60;
  const entries: OutlineEntry[] = [];
  let next = 0;
  for (const p of timed) {
    if (p.time!.seconds < next) continue;
    entries.push({ ...entry(p, fromSentenceStart(p.text)), speaker: p.speaker, time: p.time!.text });
    next = (Math.floor(p.time!.seconds / step) + 1) * step;
  }
  return entries;
}

/**
 * A transcript's turn often begins mid-sentence (the recogniser cut where the voice changed): the
 * label starts at the turn's first full sentence when one begins early, so it reads as a beginning.
 */
export function fromSentenceStart(text: string): string {
  if (/^["'\u201c\u2018(]?\p{Lu}/u.test(text)) return text;
  const m = /[.!?]["'\u201d\u2019)]*\s+(?=["'\u201c\u2018(]?\p{Lu})/u.exec(text.slice(0, 300));
  return m ? text.slice(m.index + m[0].length) : text;
}

/** The first `count` words of a text, exactly as written, with an ellipsis when words were left out. */
export function openingWords(text: string, count: number): string {
  const words = [...text.matchAll(/\S+/g)];
  if (words.length <= count) return text.trim();
  const last = words[count - 1]!;
  return `${text.slice(words[0]!.index, last.index + last[0].length).replace(/[,;:\u2014-]+$/, '')}…`;
}
