import { parseJsonTurns } from './json-turns.ts';
import { parsePlainText, readTurnLine } from './plain-text.ts';
import { parseSrt } from './srt.ts';
import { fail, type Transcript, type TranscriptFormat } from './transcript.ts';
import { parseWebVtt } from './webvtt.ts';

/**
 * The text of a transcript file: UTF-8 (a byte-order mark dropped), line ends made "\n". Anything
 * else is refused with the line of the first byte that is not UTF-8, since guessing an encoding
 * could change a word.
 */
export function decodeTranscript(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) fail(file, 1, 'file', 'a transcript, found an empty file');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(file, 1, 'encoding', 'UTF-8 text, found UTF-16 (save the file as UTF-8)');
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 10) line++;
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    fail(file, line, 'encoding', `UTF-8 text, found the byte 0x${hex}, which is not UTF-8 (save the file as UTF-8)`);
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') fail(file, 1, 'file', 'a transcript, found only blank lines');
  return text;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    for (let i = 0; i < bytes.length; ) {
      const c = bytes[i]!;
      const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
      if (more < 0) return i;
      for (let k = 1; k <= more; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
      const next = bytes[i + 1] ?? 0;
      // Overlong forms, surrogates and code points past U+10FFFF.
      if ((c === 0xe0 && next < 0xa0) || (c === 0xed && next >= 0xa0) || (c === 0xf0 && next < 0x90) || (c === 0xf4 && next >= 0x90)) return i;
      i += more + 1;
    }
    return bytes.length;
  }
}

/** Which format a transcript's text is in, from its content alone. */
export function detectFormat(text: string): TranscriptFormat | undefined {
  const start = text.trimStart();
  if (/^WEBVTT(?:[ \t\n]|$)/.test(start)) return 'webvtt';
  // A JSON list or object; "[Amit Varma]: ..." or "[00:01:02] Ann: ..." opens plain text.
  if (/^(?:\[\s*[{\["\]]|\{\s*["}])/.test(start)) return 'json';
  const lines = start.split('\n', 3).map((l) => l.trim());
  if (/^\d+$/.test(lines[0] ?? '') && (lines[1] ?? '').includes('-->')) return 'srt';
  if (/^\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}[ \t]+-->/.test(lines[0] ?? '')) return 'srt';
  if (/[\x00-\x08\x0e-\x1f]/.test(text) || start.startsWith('<')) return undefined;
  if (text.split('\n').some((l) => readTurnLine(l.trim()))) return 'text';
  return undefined;
}

/** Reads a transcript of any supported format, detected from its content, into turns. */
export function parseTranscript(text: string, file: string): Transcript {
  const format = detectFormat(text);
  switch (format) {
    case 'webvtt':
      return parseWebVtt(text, file);
    case 'srt':
      return parseSrt(text, file);
    case 'json':
      return parseJsonTurns(text, file);
    case 'text':
      return parsePlainText(text, file);
    default:
      return fail(
        file,
        1,
        'format',
        'WebVTT (starts "WEBVTT"), SRT (numbered cues with "-->" timings), a JSON list of turns, or text with "Name: words" turns; found none of them',
      );
  }
}
