import { parseDate } from './dates.ts';
import { isSpeakerLabel, isStageDirection, splitSpeakerPrefix } from './speaker-label.ts';
import { fail, shown, TIME_PATTERN, type Transcript, type TranscriptTurn } from './transcript.ts';

const HEADER_KEYS: Record<string, 'title' | 'date' | 'url' | 'media'> = {
  title: 'title',
  date: 'date',
  published: 'date',
  recorded: 'date',
  url: 'url',
  link: 'url',
  media: 'media',
  audio: 'media',
  video: 'media',
};

/** A turn's opening line: an optional time (`[00:12:34]`, `(12:34)`, `00:12:34`), then `Name: words` or `Name:` alone. */
export function readTurnLine(line: string): { speaker: string; rest: string; time?: string } | undefined {
  const timed = /^[[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,3})?)[\])]?[ \t]+/.exec(line);
  const time = timed && TIME_PATTERN.test(timed[1]!) ? timed[1] : undefined;
  const body = time ? line.slice(timed![0].length) : line;
  const prefixed = splitSpeakerPrefix(body);
  if (prefixed) return { ...prefixed, ...(time ? { time } : {}) };
  const alone = /^([^:\n[\]]{1,40}):[ \t]*$/.exec(body);
  if (alone && isSpeakerLabel(alone[1]!)) return { speaker: alone[1]!, rest: '', ...(time ? { time } : {}) };
  return undefined;
}

/**
 * Reads a transcriber's plain text: `Name: words` turns (optionally timed), continuation lines that
 * carry on the turn, blank lines between a turn's paragraphs, and stage directions on a line of their
 * own (`[laughs]`, `*Intro music*`) kept as notes, apart from anyone's words. A first block of
 * `Title:` / `Date:` / `URL:` / `Media:` lines, or a title line and a date line, is the header.
 */
export function parsePlainText(text: string, file: string): Transcript {
  const lines = text.split('\n');
  const transcript: Transcript = { format: 'text', turns: [] };
  let i = readHeader(lines, transcript);
  const turns: TranscriptTurn[] = transcript.turns;
  let open: TranscriptTurn | undefined;
  let paragraphEnded = false;
  let lastSpeaker: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') {
      paragraphEnded = true;
      continue;
    }
    if (isStageDirection(line)) {
      turns.push({ kind: 'note', paragraphs: [line], line: i + 1 });
      open = undefined;
      continue;
    }
    const turn = readTurnLine(line);
    if (turn) {
      open = { kind: 'speech', speaker: turn.speaker, paragraphs: turn.rest ? [turn.rest.trim()] : [], line: i + 1, ...(turn.time ? { time: turn.time } : {}) };
      turns.push(open);
      lastSpeaker = turn.speaker;
      paragraphEnded = false;
      continue;
    }
    if (!open) {
      open = { kind: 'speech', ...(lastSpeaker ? { speaker: lastSpeaker } : {}), paragraphs: [], line: i + 1 };
      turns.push(open);
    }
    if (paragraphEnded || open.paragraphs.length === 0) open.paragraphs.push(line);
    else open.paragraphs[open.paragraphs.length - 1] += ` ${line}`;
    paragraphEnded = false;
  }
  const empty = turns.find((t) => t.paragraphs.length === 0);
  if (empty) fail(file, empty.line, 'turn', `words after "${empty.speaker}:", found none before the next turn`);
  if (!turns.some((t) => t.kind === 'speech' && t.speaker)) {
    fail(file, i > 0 ? 1 : undefined, 'format', `a transcript with "Name: words" turns, found ${shown(lines.find((l) => l.trim()) ?? '')}`);
  }
  return transcript;
}

/** Reads the header block into the transcript and returns the index of the first body line. */
function readHeader(lines: readonly string[], transcript: Transcript): number {
  let start = 0;
  while (start < lines.length && lines[start]!.trim() === '') start++;
  let end = start;
  while (end < lines.length && lines[end]!.trim() !== '') end++;
  const block = lines.slice(start, end).map((l) => l.trim());
  if (block.length === 0 || block.length > 5 || end >= lines.length) return 0;
  const found: Partial<Record<'title' | 'date' | 'url' | 'media', string>> = {};
  for (const [n, line] of block.entries()) {
    const keyed = /^([A-Za-z]+):[ \t]*(.+)$/.exec(line);
    const key = keyed && HEADER_KEYS[keyed[1]!.toLowerCase()];
    if (key && !found[key]) found[key] = keyed![2]!.trim();
    else if (!found.date && parseDate(line)) found.date = line;
    else if (n === 0 && !readTurnLine(line) && !isStageDirection(line) && line.length <= 200) found.title = line;
    else return 0;
  }
  Object.assign(transcript, found);
  return end;
}
