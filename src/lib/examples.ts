/**
 * Example questions for the ask box, taken from the archive itself at build time, so that any
 * archive's box suggests what that archive can answer: its interviewers' own short questions,
 * one interview at a time, or, in an archive of articles, its topics.
 */
import type { Passage } from './passages.ts';

/** Longer questions do not fit a placeholder or read as an example. */
const MAX_EXAMPLE_LENGTH = 60;

/**
 * Up to `count` example questions: short interviewer questions (their last sentence, ending in "?"
 * and not put to "you"), taken in turn from
 * each interview in archive order so no one interview fills the list; topic titles asked about
 * ("What was said about Competition?") make up the rest.
 */
export function exampleQuestions(passages: readonly Passage[], topicTitles: readonly string[], count = 3): string[] {
  const byInterview = new Map<string, string[]>();
  for (const p of passages) {
    if (p.kind !== 'question') continue;
    // The question itself is its last sentence; one put to "you" reads wrongly when put to the archive.
    const text = p.text.trim().split(/(?<=[.!?])\s+/).pop()!;
    if (!text.endsWith('?') || text.length > MAX_EXAMPLE_LENGTH || /\byou(r|rs|rself)?\b/i.test(text)) continue;
    const list = byInterview.get(p.interview) ?? [];
    list.push(text);
    byInterview.set(p.interview, list);
  }
  const lists = [...byInterview.values()];
  const out: string[] = [];
  for (let round = 0; out.length < count && lists.some((l) => l.length > round); round++) {
    for (const list of lists) if (list[round] && out.length < count) out.push(list[round]!);
  }
  for (const title of topicTitles) {
    if (out.length >= count) break;
    out.push(`What was said about ${title}?`);
  }
  return out;
}
