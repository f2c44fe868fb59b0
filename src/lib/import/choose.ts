import type { Transcript } from './transcript.ts';

/** One source file of an episode. */
export interface SourceCandidate {
  file: string;
  transcript: Transcript;
}

/** What a source gives the imported interview, in the order the choice weighs it. */
interface SourceMerits {
  /** Share of the words whose speaker the source names. */
  labelled: number;
  /** Turn start times: the times that reach the interview (`time=` on each turn). */
  timedTurns: number;
  /** Whether the source holds each turn whole (JSON, text) rather than cut into cues and joined back with spaces. */
  wholeTurns: boolean;
}

function meritsOf(t: Transcript): SourceMerits {
  let words = 0;
  let labelled = 0;
  for (const turn of t.turns) {
    if (turn.kind !== 'speech') continue;
    const n = turn.paragraphs.join(' ').length;
    words += n;
    if (turn.speaker !== undefined) labelled += n;
  }
  return {
    labelled: words ? labelled / words : 0,
    timedTurns: t.turns.filter((turn) => turn.time !== undefined).length,
    wholeTurns: t.format === 'json' || t.format === 'text',
  };
}

/**
 * Picks the one source to import when an episode comes in several formats, and says why. First the
 * source that names the speaker of more of the words; then the one with more timed turns (a cue's
 * time inside a merged turn never reaches the interview, so finer cues weigh nothing by themselves);
 * then one that holds turns whole over one cut into cues, whose joins are guessed spaces; then the
 * first file by name, so the choice is the same on every run.
 */
export function chooseSource(candidates: readonly SourceCandidate[]): { kept: SourceCandidate; dropped: SourceCandidate[]; reason: string } {
  const scored = candidates
    .map((c) => ({ c, m: meritsOf(c.transcript) }))
    .sort((a, b) => b.m.labelled - a.m.labelled || b.m.timedTurns - a.m.timedTurns || Number(b.m.wholeTurns) - Number(a.m.wholeTurns) || (a.c.file < b.c.file ? -1 : 1));
  const [best, ...rest] = scored;
  const next = rest[0]!;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  let reason: string;
  if (best!.m.labelled !== next.m.labelled) reason = `it names the speaker of ${pct(best!.m.labelled)} of the words, the other ${pct(next.m.labelled)}`;
  else if (best!.m.timedTurns !== next.m.timedTurns) reason = `it times ${best!.m.timedTurns} turns, the other ${next.m.timedTurns}`;
  else if (best!.m.wholeTurns !== next.m.wholeTurns) {
    reason = `both name the speaker of ${pct(best!.m.labelled)} of the words and time the same ${best!.m.timedTurns} turns; it holds each turn whole, the other cuts them into cues joined back with spaces`;
  } else reason = 'both give the same speakers and times; the first by file name is kept';
  return { kept: best!.c, dropped: rest.map((r) => r.c), reason };
}
