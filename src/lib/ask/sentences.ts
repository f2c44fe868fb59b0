/**
 * Sentences of a passage as character spans, and the one to mark as the answer. Spans point into
 * the passage text as published, which is never altered.
 */
import { inverseDocumentFrequency, type KeywordIndex } from './keyword.ts';
import { terms } from './text.ts';

/** A range of characters [start, end) in a passage's text. */
export type Span = { start: number; end: number };

// A full stop after these is not the end of a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'vs', 'etc', 'e.g', 'i.e', 'inc', 'jr', 'sr', 'no']);

/** Splits a text into sentences at . ! ? (and any closing quotes or brackets) followed by space. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?]+["'\u201d\u2019)\]]*(\s+)/g)) {
    const end = match.index + match[0].length - match[1]!.length;
    const before = /([\p{L}.]+)[.!?]+["'\u201d\u2019)\]]*$/u.exec(text.slice(start, end))?.[1] ?? '';
    // "U.S." or a single initial ("J. Smith") is not a sentence end either.
    if (ABBREVIATIONS.has(before.toLowerCase()) || /^\p{Lu}$/u.test(before) || /^(\p{L}\.)+\p{L}$/u.test(before)) continue;
    pushTrimmed(text, start, end, spans);
    start = end;
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, spans: Span[]): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) spans.push({ start, end });
}

// A sentence opening with one of these points back to the one before it ("That lasted two hours"):
// it does not stand alone, so it is marked together with the sentence it completes.
const BACK_REFERENCE = /^["'\u201c\u2018(]*(that|this|it|it's|it\u2019s|these|those|which)\b/iu;

/** A passage's first sentence that says something when no sentence shares a keyword: "Several things." does not. */
const STANDALONE_TERMS = 4;

/**
 * The sentence of a passage that answers a question best: the one holding the most of the
 * question's keywords, weighted by rarity, together with the next sentence when that one refers
 * back to it ("...never to give it full control. That lasted two hours...") and so completes it;
 * when no sentence holds a keyword, the first that stands on its own, since a passage found through
 * the question it follows opens with its answer, often after a short lead-in.
 */
export function bestSentence(text: string, question: string, index: KeywordIndex): Span {
  const spans = splitSentences(text);
  if (spans.length === 0) return { start: 0, end: text.length };
  const wanted = new Map([...new Set(terms(question))].map((term) => [term, inverseDocumentFrequency(index, term)]));
  const said = spans.map((span) => terms(text.slice(span.start, span.end)));
  let best = said.findIndex((t) => t.length >= STANDALONE_TERMS);
  if (best < 0) best = 0;
  let bestScore = 0;
  said.forEach((sentence, i) => {
    let score = 0;
    for (const term of new Set(sentence)) score += wanted.get(term) ?? 0;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const next = spans[best + 1];
  const end = next && BACK_REFERENCE.test(text.slice(next.start, next.end)) ? next.end : spans[best]!.end;
  return { start: spans[best]!.start, end };
}

/**
 * What a question asks, to show above its answer: its last sentences that fit in `maxChars`
 * characters (the question an interviewer asks comes at the end of what they say), or, when its
 * last sentence alone is longer, that sentence's last words; "… " stands for what is left out
 * before, or before the whole text when it `continues` a longer turn or opens mid-sentence. The
 * words kept are the question's own.
 */
export function questionGist(text: string, maxChars = 240, continues = false): string {
  const spans = splitSentences(text);
  if (spans.length === 0) return '';
  const end = spans.at(-1)!.end;
  let start = spans.at(-1)!.start;
  for (let k = spans.length - 2; k >= 0 && end - spans[k]!.start <= maxChars; k--) start = spans[k]!.start;
  if (end - start > maxChars) {
    // The last sentence is too long on its own: keep its last words, from a word's start.
    const cut = text.slice(end - maxChars, end);
    const space = cut.search(/\s\S/);
    start = space < 0 ? end - maxChars : end - maxChars + space + 1;
  }
  // A text opening in lower case starts mid-sentence (a transcript's cue cut it there).
  const cutBefore = continues || start > spans[0]!.start || /^\p{Ll}/u.test(text.slice(start));
  return `${cutBefore ? '… ' : ''}${text.slice(start, end)}`;
}
