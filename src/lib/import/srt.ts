import { cuesToTurns, type Cue } from './cues.ts';
import { fail, shown, type Transcript } from './transcript.ts';

const TIMING = /^(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})[ \t]+-->[ \t]+(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})(?:[ \t].*)?$/;

/** Seconds of one SRT timestamp's parts. */
function seconds(h: string, m: string, s: string, ms: string): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms.padEnd(3, '0')) / 1000;
}

/**
 * Reads an SRT file into turns. Written by hand: of npm's maintained parsers, media-captions
 * silently drops a cue whose end precedes its start and subtitle folds a broken timing line into
 * the previous cue's words, and webvtt-parser reads WebVTT only. Blocks are an optional index, a
 * timing and text lines; a text block with no timing of its own (a blank line inside a cue) is
 * kept as more text of the cue before it, never dropped.
 */
export function parseSrt(text: string, file: string): Transcript {
  const lines = text.split('\n');
  const cues: (Cue & { end: number })[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const blockLine = i + 1;
    let timingAt = i;
    if (/^\d+$/.test(lines[i]!.trim())) timingAt = i + 1;
    const timingText = lines[timingAt] ?? '';
    const timing = TIMING.exec(timingText.trim());
    const end = lines.findIndex((l, j) => j > timingAt && l.trim() === '');
    const bodyEnd = end < 0 ? lines.length : end;
    if (!timing) {
      if (timingAt > i || timingText.includes('-->')) {
        fail(file, timingAt + 1, 'timing', `an SRT cue timing "HH:MM:SS,mmm --> HH:MM:SS,mmm", found ${shown(timingText)}`);
      }
      const previous = cues.at(-1);
      if (!previous) fail(file, blockLine, 'cue', `a numbered SRT cue with its timing, found ${shown(lines[i]!)}`);
      const blockEnd = lines.findIndex((l, j) => j > i && l.trim() === '');
      previous.text += `\n${lines.slice(i, blockEnd < 0 ? undefined : blockEnd).join('\n')}`;
      i = blockEnd < 0 ? lines.length : blockEnd;
      continue;
    }
    const [, h1, m1, s1, ms1, h2, m2, s2, ms2] = timing as unknown as string[];
    const start = seconds(h1!, m1!, s1!, ms1!);
    const stop = seconds(h2!, m2!, s2!, ms2!);
    if (stop < start) fail(file, timingAt + 1, 'timing', `a cue that ends after it starts, found ${shown(timingText)}`);
    const before = cues.at(-1);
    if (before && start < before.start) {
      fail(file, timingAt + 1, 'timing', `cues in time order, found a cue starting before the one at line ${before.line}: ${shown(timingText)}`);
    }
    cues.push({ start, end: stop, text: lines.slice(timingAt + 1, bodyEnd).join('\n'), line: timingAt + 1 });
    i = bodyEnd;
  }
  return { format: 'srt', turns: cuesToTurns(cues, 'srt') };
}
