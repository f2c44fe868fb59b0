import { formatProblem, type ContentProblem } from '../content-error.ts';

/** The transcript formats the importer reads, detected from the content. */
export type TranscriptFormat = 'webvtt' | 'srt' | 'text' | 'json';

/** What a turn is: somebody's words, or a note in the transcript that is nobody's words. */
export type TurnKind = 'speech' | 'note';

/** One turn of a transcript: consecutive words of one speaker, or one note, exactly as the source has them. */
export interface TranscriptTurn {
  kind: TurnKind;
  /** The speaker's label as the source writes it ("Amit Varma", "Guest 2"); absent when the source names none. */
  speaker?: string;
  /**
   * The words, verbatim, one string per paragraph of the source. Within a paragraph, the source's
   * line breaks (and the joins between merged cues) are single spaces; every other character is the source's.
   */
  paragraphs: string[];
  /** When the turn starts in the recording, "HH:MM:SS.mmm" (or the source's own agreed form), if the source says. */
  time?: string;
  /** Start times of every cue merged into this turn, in order (subtitle formats only). */
  cueTimes?: string[];
  /** 1-based line in the source where the turn starts. */
  line: number;
}

/** A parsed transcript: its turns and what its own header says about it. */
export interface Transcript {
  format: TranscriptFormat;
  turns: TranscriptTurn[];
  /** From a plain-text header. */
  title?: string;
  /** From a plain-text header, as written ("16 Jan 2017", "2024-05-01"). */
  date?: string;
  /** From a plain-text header: the page the interview was published on. */
  url?: string;
  /** From a plain-text header: the recording. */
  media?: string;
}

/** A transcript that cannot be imported as it is: the file, the line, what was expected and what was found. */
export class ImportError extends Error {
  readonly problem: ContentProblem;

  constructor(problem: ContentProblem) {
    super(formatProblem(problem));
    this.name = 'ImportError';
    this.problem = problem;
  }
}

/** Throws an ImportError for `file:line  field: expected`. */
export function fail(file: string, line: number | undefined, field: string, expected: string): never {
  throw new ImportError({ file, ...(line ? { line } : {}), field, expected });
}

/** Shows a piece of source text in an error message: quoted, one line, at most 60 characters. */
export function shown(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 60 ? `${one.slice(0, 57)}...` : one);
}

/** Formats seconds as "HH:MM:SS.mmm", the form `time=` takes in an interview. */
export function formatSeconds(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** The time forms an interview's `time=` accepts: HH:MM:SS, H:MM:SS or MM:SS, with optional .mmm. */
export const TIME_PATTERN = /^(?:\d{1,2}:)?[0-5]?\d:[0-5]\d(?:\.\d{1,3})?$/;

/** 1-based line of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
