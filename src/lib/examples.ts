/**
 * Example questions for the ask box, taken from the archive itself at build time, so that any
 * archive's box suggests what that archive can answer: its interviewers' own short questions,
 * one interview at a time, or, in an archive of articles, its topics.
 */
import type { Passage } from './passages.ts';

/** Longer questions do not fit a placeholder or read as an example. */
const MAX_EXAMPLE_LENGTH = 60;

/** Fewer words than this and a question is a fragment of talk ("gaya?", "Really?"), not one a reader would ask. */
const MIN_EXAMPLE_WORDS = 4;

/**
 * Whether an interviewer's question reads as a question to the archive: a sentence of its own
 * (capitalised, not carrying on the talk with "But", "And", "So"), put neither to "you" nor by
 * the speaker about themselves ("Can I answer this for Roshan?"), pointing back at nothing said
 * before it ("What does that mean?", "Was it captured on camera?"), and not a tag on what was just
 * said ("He is a historian, right?").
 */
function readsAsExample(text: string): boolean {
  return (
    text.endsWith('?') &&
    text.length <= MAX_EXAMPLE_LENGTH &&
    text.split(/\s+/).length >= MIN_EXAMPLE_WORDS &&
    /^\p{Lu}/u.test(text) &&
    !/^(and|but|so|or|because|then)\b/i.test(text) &&
    !/\b(you|your|yours|yourself|i|me|my|mine|myself|we|us|our|ours)\b/i.test(text) &&
    !/\b(it|its|this|that|these|those|he|him|his|she|her|they|them|their)\b/i.test(text) &&
    !/,\s*(right|no|yes|na|yeah)\?$/i.test(text)
  );
}

/**
 * Up to `count` example questions: short interviewer questions (their last sentence, when it reads
 * as a question to the archive: readsAsExample), taken in turn from
 * each interview in archive order so no one interview fills the list; topic titles asked about
 * ("What was said about Competition?") make up the rest.
 */
export function exampleQuestions(passages: readonly Passage[], topicTitles: readonly string[], count = 3): string[] {
  const byInterview = new Map<string, string[]>();
  for (const p of passages) {
    if (p.kind !== 'question') continue;
    // The question itself is its last sentence.
    const text = p.text.trim().split(/(?<=[.!?])\s+/).pop()!;
    if (!readsAsExample(text)) continue;
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
