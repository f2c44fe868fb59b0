import { jsonItemLines } from './json-lines.ts';
import { isStageDirection } from './speaker-label.ts';
import { fail, formatSeconds, lineAt, shown, TIME_PATTERN, type Transcript, type TranscriptTurn } from './transcript.ts';

/**
 * Reads a JSON list of turns as diarization pipelines write it: `[{speaker, time|start, message|text}]`
 * (or such a list under `turns` or `segments`). `time`/`start` is "HH:MM:SS(.mmm)" or seconds.
 * A turn with no speaker whose whole text is a stage direction is a note.
 */
export function parseJsonTurns(text: string, file: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    fail(file, at ? lineAt(text, Number(at[1])) : undefined, 'json', `valid JSON, found an error: ${message.replace(/ in JSON at position.*$/, '')}`);
  }
  const list = Array.isArray(data) ? data : listIn(data);
  if (!list) fail(file, 1, 'json', 'a list of turns [{speaker, time, message}], or one under "turns" or "segments"');
  const lines = jsonItemLines(text);
  const turns: TranscriptTurn[] = [];
  list.forEach((item: unknown, n) => {
    const line = lines[n] ?? 1;
    const where = `[${n}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(file, line, where, `a turn object {speaker, time, message}, found ${shown(JSON.stringify(item))}`);
    const record = item as Record<string, unknown>;
    const words = record.message ?? record.text;
    if (typeof words !== 'string') fail(file, line, `${where}.message`, `the turn's words as a string in "message" or "text", found ${shown(JSON.stringify(words) ?? 'nothing')}`);
    const speaker = record.speaker;
    if (speaker !== undefined && speaker !== null && typeof speaker !== 'string') {
      fail(file, line, `${where}.speaker`, `a speaker label (string), found ${shown(JSON.stringify(speaker))}`);
    }
    const time = readTime(record.time ?? record.start, file, line, where);
    const trimmed = words.trim();
    if (!trimmed) return;
    const label = typeof speaker === 'string' && speaker.trim() ? speaker.trim() : undefined;
    turns.push({
      kind: !label && isStageDirection(trimmed) ? 'note' : 'speech',
      ...(label ? { speaker: label } : {}),
      paragraphs: [trimmed.replace(/[ \t]*\n[ \t]*/g, ' ')],
      ...(time ? { time } : {}),
      line,
    });
  });
  return { format: 'json', turns };
}

/** The turn list inside a wrapping object, if it has one. */
function listIn(data: unknown): unknown[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const list = record.turns ?? record.segments;
  return Array.isArray(list) ? list : undefined;
}

/** A turn's start as the interview's `time=`: the source's own text when it is one of the agreed forms, or seconds formatted. */
function readTime(value: unknown, file: string, line: number, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return formatSeconds(value);
  if (typeof value === 'string' && TIME_PATTERN.test(value.trim())) return value.trim();
  return fail(file, line, `${where}.time`, `a time such as "00:12:34.500" or seconds, found ${shown(JSON.stringify(value))}`);
}
