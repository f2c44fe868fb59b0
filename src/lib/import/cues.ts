import { isStageDirection, splitSpeakerPrefix } from './speaker-label.ts';
import { formatSeconds, type TranscriptTurn } from './transcript.ts';

/** One subtitle cue as its file has it: start time in seconds, raw text with its markup, line of its timing. */
export interface Cue {
  start: number;
  text: string;
  line: number;
}

/** A piece of a cue said by one voice (a cue can hold several `<v>` spans). */
interface CueSegment {
  speaker?: string;
  text: string;
  note: boolean;
}

const VTT_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', lrm: '\u200e', rlm: '\u200f', nbsp: '\u00a0' };

/**
 * The spoken text of a cue's markup: WebVTT's cue tags (`<i>`, `<b>`, `<u>`, `<c.x>`, `<lang>`,
 * `<ruby>`, `<rt>`, inline timestamps) and SRT's (`<i>`, `<font ...>`, `{\an8}`) are markup, not words;
 * WebVTT's character references (`&amp;`, `&lt;`, `&#39;`) stand for the characters they name.
 * Anything else, a lone `<` or `&` included, is kept as written.
 */
function cueWords(markup: string, format: 'webvtt' | 'srt'): string {
  let text = markup.replace(/<\/?(?:[ibu]|c|lang|ruby|rt|font)(?:[.\s][^>]*)?>|<\d[\d:.]*>/g, '');
  if (format === 'srt') text = text.replace(/\{\\[a-z][^}]*\}/g, '');
  else {
    text = text.replace(/&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/gi, (whole, name?: string, dec?: string, hex?: string) => {
      if (name) return VTT_ENTITIES[name] ?? whole;
      return String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16));
    });
  }
  return text.replace(/[ \t]*\n[ \t]*/g, ' ').trim();
}

/** A cue's text as the voices in it: `<v Speaker>` spans, else a `[Speaker]: ` or `Speaker: ` prefix, else no speaker. */
function readCue(markup: string, format: 'webvtt' | 'srt'): CueSegment[] {
  const segments: CueSegment[] = [];
  const voice = /<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>/g;
  const opens = [...markup.matchAll(voice)];
  const pieces: { speaker?: string; markup: string }[] = [];
  if (opens[0] === undefined || opens[0].index > 0) pieces.push({ markup: markup.slice(0, opens[0]?.index) });
  opens.forEach((m, i) => {
    const end = opens[i + 1]?.index ?? markup.length;
    pieces.push({ speaker: m[1]?.trim() || undefined, markup: markup.slice(m.index + m[0].length, end).replace(/<\/v>/g, '') });
  });
  for (const piece of pieces) {
    let text = cueWords(piece.markup, format);
    let speaker = piece.speaker;
    if (!speaker) {
      const prefixed = splitSpeakerPrefix(text);
      if (prefixed) ({ speaker, rest: text } = prefixed);
    }
    if (!text && !speaker) continue;
    segments.push({ ...(speaker ? { speaker } : {}), text, note: !speaker && isStageDirection(text) });
  }
  return segments;
}

const SENTENCE_END = /[.?!…]["'”’)\]]*$/;

/**
 * Merges cues into turns. Consecutive cues of one speaker are one turn, timed by its first cue
 * (every cue's start is kept in `cueTimes`). In a file that labels speakers, a cue without a label
 * continues the last speaker (subtitles often name a speaker only when the voice changes). In a
 * file that labels nobody, nothing says two cues are one turn, so a new turn starts wherever the
 * previous cue ended a sentence. A stage direction alone in a cue is a note of its own.
 */
export function cuesToTurns(cues: readonly Cue[], format: 'webvtt' | 'srt'): TranscriptTurn[] {
  const read = cues.map((cue) => ({ cue, segments: readCue(cue.text, format) }));
  const labelled = read.some((r) => r.segments.some((s) => s.speaker));
  const turns: TranscriptTurn[] = [];
  let current: string | undefined;
  for (const { cue, segments } of read) {
    const time = formatSeconds(cue.start);
    for (const segment of segments) {
      if (segment.note) {
        turns.push({ kind: 'note', paragraphs: [segment.text], time, cueTimes: [time], line: cue.line });
        continue;
      }
      const speaker = segment.speaker ?? (labelled ? current : undefined);
      current = speaker;
      if (!segment.text) continue;
      const last = turns.at(-1);
      const continues =
        last?.kind === 'speech' &&
        last.speaker === speaker &&
        (speaker !== undefined || !SENTENCE_END.test(last.paragraphs[0]!));
      if (continues) {
        last.paragraphs[0] += ` ${segment.text}`;
        if (last.cueTimes!.at(-1) !== time) last.cueTimes!.push(time);
      } else {
        turns.push({ kind: 'speech', ...(speaker ? { speaker } : {}), paragraphs: [segment.text], time, cueTimes: [time], line: cue.line });
      }
    }
  }
  return turns;
}
