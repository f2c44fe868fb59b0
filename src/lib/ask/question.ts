/**
 * What is read of a question before any scoring: its length, and whether it is something the
 * archive can answer at all. Markup or punctuation alone is not a question, and a model that
 * reads only some languages cannot match a question written in another script: both are declined
 * with a sentence saying why, instead of being answered with whatever passage scores highest.
 */
import { terms } from './text.ts';

/** The longest question read, in UTF-16 code units as an input's maxlength counts: the model reads 128 tokens at most. */
export const MAX_QUESTION_LENGTH = 500;

/** A question cut to MAX_QUESTION_LENGTH, never in the middle of a surrogate pair. */
export function capQuestion(question: string): string {
  if (question.length <= MAX_QUESTION_LENGTH) return question;
  const end = /[\uD800-\uDBFF]/.test(question[MAX_QUESTION_LENGTH - 1]!) ? MAX_QUESTION_LENGTH - 1 : MAX_QUESTION_LENGTH;
  return question.slice(0, end);
}

/** Why a question is declined before scoring: it holds no words, or it is written in a script the model does not read. */
export type Unreadable = { reason: 'no-words' } | { reason: 'language'; languages: readonly string[] };

/** Scripts (Unicode script names) each language is written in, for the languages a model can declare. */
const SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries('en fr de es it pt nl sv da nb no fi is pl cs sk sl hr ro hu tr id ms vi ca eu gl et lv lt sq af sw tl'.split(' ').map((l) => [l, ['Latin']])),
  ...Object.fromEntries('ru uk be bg sr mk kk ky mn'.split(' ').map((l) => [l, ['Cyrillic']])),
  ...Object.fromEntries('ar fa ur ps'.split(' ').map((l) => [l, ['Arabic']])),
  ...Object.fromEntries('hi mr ne'.split(' ').map((l) => [l, ['Devanagari']])),
  el: ['Greek'],
  he: ['Hebrew'],
  zh: ['Han'],
  ja: ['Han', 'Hiragana', 'Katakana'],
  ko: ['Hangul', 'Han'],
  th: ['Thai'],
  ka: ['Georgian'],
  hy: ['Armenian'],
  bn: ['Bengali'],
  ta: ['Tamil'],
};

// Tags and character references are markup, not words the reader asked.
const MARKUP = /<\/?[A-Za-z!?][^<>]*>?|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi;

/**
 * Why the archive cannot answer `question` whatever it holds, or undefined when it can try. A
 * question is read in `languages` (ISO 639-1 codes, from the model's configuration) when most of
 * its letters are in their scripts; without languages, or with one this table does not know, any
 * script is read.
 */
export function unreadableQuestion(question: string, languages?: readonly string[]): Unreadable | undefined {
  const text = question.replace(MARKUP, ' ');
  if (terms(text).length === 0) return { reason: 'no-words' };
  const scripts = languages?.map((language) => SCRIPTS[language]);
  if (!languages?.length || !scripts || scripts.some((s) => s === undefined)) return undefined;
  const letters = [...text.matchAll(/\p{L}/gu)].map((m) => m[0]);
  const readable = new RegExp(`[${[...new Set(scripts.flat())].map((s) => `\\p{Script=${s}}`).join('')}]`, 'u');
  const read = letters.filter((letter) => readable.test(letter)).length;
  return read * 2 >= letters.length ? undefined : { reason: 'language', languages };
}

/** The sentence that says why a question was declined before scoring, the same in the browser and the CLI. */
export function unreadableSentence(unreadable: Unreadable): string {
  if (unreadable.reason === 'no-words') return 'There is nothing to look for in this question: ask it in words, about a person, a topic or something said.';
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  const list = unreadable.languages.map((code) => names.of(code) ?? code);
  return `The archive answers questions asked in ${list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : list[0]}.`;
}
