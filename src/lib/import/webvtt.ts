import webvtt from 'webvtt-parser';
import { cuesToTurns, type Cue } from './cues.ts';
import { fail, shown, type Transcript } from './transcript.ts';

/**
 * Reads a WebVTT file into turns. The cue structure and timings come from webvtt-parser, the W3C's
 * reference parser, in "metadata" mode, which hands over each cue's text exactly as written and
 * reports every malformed line with its number (media-captions drops a cue whose end precedes its
 * start without a word; subtitle merges a broken timing line into the text of the cue before it).
 * Its cue-text parser is not used: it turns "&amp;" into "&;" and drops the words after a lone "<".
 * Voices, tags and character references are read by cuesToTurns.
 */
export function parseWebVtt(text: string, file: string): Transcript {
  const { cues, errors } = new webvtt.WebVTTParser().parse(text, 'metadata');
  const lines = text.split('\n');
  for (const error of errors) {
    // "Kind: captions" and "Language: en" under the signature (YouTube writes them) are header, not words.
    if (error.message.startsWith('No blank line after the signature') && headerIsMetadata(lines)) continue;
    const at = lines[error.line - 1] ?? '';
    const field = at.includes('-->') ? 'timing' : 'cue';
    // The parser reports a stray block at the line after it; name the block's first line.
    const line = field === 'timing' ? error.line : blockStart(lines, error.line);
    const found = lines[line - 1] ?? '';
    const expected =
      field === 'timing'
        ? `a cue timing "HH:MM:SS.mmm --> HH:MM:SS.mmm", later than the cue before (${error.message})`
        : `a WebVTT cue: a timing line, then its text (${error.message})`;
    fail(file, line, field, `${expected}, found ${shown(found)}`);
  }
  const timingLines = cueTimingLines(lines);
  const read: Cue[] = cues.map((cue, i) => ({ start: cue.startTime, text: cue.text, line: timingLines[i] ?? 1 }));
  return { format: 'webvtt', turns: cuesToTurns(read, 'webvtt') };
}

/** The 1-based first line of the block of non-blank lines at or just before a line. */
function blockStart(lines: readonly string[], line: number): number {
  let i = Math.min(line, lines.length) - 1;
  while (i > 0 && lines[i]!.trim() === '') i--;
  while (i > 0 && lines[i - 1]!.trim() !== '') i--;
  return i + 1;
}

/** Whether every line between the signature and the first blank line is a "Key: value" header. */
function headerIsMetadata(lines: readonly string[]): boolean {
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '');
  const header = lines.slice(1, end < 0 ? undefined : end);
  return header.length > 0 && header.every((l) => /^[\w-]+:/.test(l) && !l.includes('-->'));
}

/** The 1-based line of each cue's timing, in file order, skipping NOTE, STYLE and REGION blocks. */
function cueTimingLines(lines: readonly string[]): number[] {
  const found: number[] = [];
  let blockStart = true;
  let skipping = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      blockStart = true;
      skipping = false;
      return;
    }
    if (blockStart && /^(?:NOTE|STYLE|REGION)(?:\s|$)/.test(line)) skipping = true;
    blockStart = false;
    if (!skipping && line.includes('-->')) found.push(i + 1);
  });
  return found;
}
