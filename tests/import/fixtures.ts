import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/site.ts';

/** Three real episodes, with their metadata, licence and attribution. */
export const SEEN_UNSEEN = path.join(ROOT, 'tests/fixtures/seen-unseen');
/** Hand-written transcripts for the formats the corpus lacks: plain text, SRT, WebVTT with <v> voices. */
export const TRANSCRIPTS = path.join(ROOT, 'tests/fixtures/transcripts');
/** What each hand-written transcript says, written by hand: one JSON file per transcript, of the same name. */
const EXPECTED = path.join(ROOT, 'tests/fixtures/transcripts-expected');

/** What a hand-written transcript says, written by hand: each speaker's words and the notes. */
export interface Expected {
  speakers: Record<string, string[]>;
  notes: string[];
  elements: string[];
  times?: string[];
  title?: string;
  published?: string;
  media?: string;
}

/** A fixture file and the words each speaker says in it, read independently of the importer. */
export interface VerbatimCase {
  file: string;
  bytes: Buffer;
  /** Label → that speaker's words, in order. */
  speakers: Map<string, string[]>;
  notes: string[];
}

const REAL_JSON = ['chat/E05.json', 'chat/E22.json', 'chat/E32.json'];

/** The words of a real episode per speaker, straight from its JSON with JSON.parse. */
function realWords(rel: string): Map<string, string[]> {
  const turns = JSON.parse(readFileSync(path.join(SEEN_UNSEEN, rel), 'utf8')) as { speaker: string; message: string }[];
  const words = new Map<string, string[]>();
  for (const t of turns) words.set(t.speaker, [...(words.get(t.speaker) ?? []), t.message]);
  return words;
}

/** Every fixture of every format, with its words: the real JSON episodes, the real WebVTT (checked against its JSON twin) and the hand-written ones. */
export function verbatimCases(): VerbatimCase[] {
  const real = REAL_JSON.map((rel) => ({ file: rel, bytes: readFileSync(path.join(SEEN_UNSEEN, rel)), speakers: realWords(rel), notes: [] }));
  const vtt = { file: 'vtt/E05.vtt', bytes: readFileSync(path.join(SEEN_UNSEEN, 'vtt/E05.vtt')), speakers: realWords('chat/E05.json'), notes: [] };
  const own = ['workshop-talk.txt', 'night-shift.srt', 'harbour-voices.vtt'].map((name) => {
    const expected = ownExpected(name);
    return { file: name, bytes: readFileSync(path.join(TRANSCRIPTS, name)), speakers: new Map(Object.entries(expected.speakers)), notes: expected.notes };
  });
  return [...real, vtt, ...own];
}

/** The hand-written expectation of one of the hand-written transcripts. */
export function ownExpected(name: string): Expected {
  return JSON.parse(readFileSync(path.join(EXPECTED, name.replace(/\.[^.]+$/, '.json')), 'utf8')) as Expected;
}
