/**
 * Text to keywords: normalisation, tokenising, stopwords and stemming, used alike for passages and
 * questions so that both sides of a match are cut the same way.
 */
import { stem } from './stem.ts';
import { STOPWORDS } from './stopwords.ts';

/** Folds the variants of one text to one form: compatibility forms, case, curly quotes, dashes, runs of space. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

// A word: letters and digits, joined by inner hyphens, apostrophes or dots ("gpt-4", "don't", "u.s").
const WORD = /[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*/gu;
const JOINED = /['.-]/;

/**
 * The words of a text, normalised, before stopwords and stemming. Possessives and contractions lose
 * their apostrophe ("OpenAI's" -> "openai"); a hyphenated word gives its parts ("capped-profit" ->
 * "capped", "profit") except that a number stays glued to the name it versions ("GPT-4" -> "gpt4"),
 * so that "GPT-7" does not match every passage about "GPT-4".
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(WORD)) {
    // Most words are letters alone: only one joined by an apostrophe, a dot or a hyphen is taken apart.
    if (!JOINED.test(match[0])) {
      out.push(match[0]);
      continue;
    }
    const word = match[0].replace(/'s$/, '').replace(/'/g, '').replace(/\./g, '');
    const parts = word.split('-').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const next = parts[i + 1];
      if (next !== undefined && /^\d+$/.test(next) && /\D/.test(parts[i]!)) {
        out.push(parts[i]! + next);
        i++;
      } else {
        out.push(parts[i]!);
      }
    }
  }
  return out;
}

// Irregular forms of common verbs, which no suffix rule reaches: readers ask what someone "says"
// about a topic, reports write what he "said".
const IRREGULAR: Readonly<Record<string, string>> = {
  said: 'say', says: 'say', thought: 'think', got: 'get', gotten: 'get', went: 'go', gone: 'go', made: 'make',
  knew: 'know', known: 'know', told: 'tell', took: 'take', taken: 'take', saw: 'see', seen: 'see', built: 'build',
  gave: 'give', given: 'give', brought: 'bring', bought: 'buy', sold: 'sell', found: 'find', felt: 'feel',
  left: 'leave', meant: 'mean', ran: 'run', began: 'begin', begun: 'begin', grew: 'grow', grown: 'grow',
  wrote: 'write', written: 'write', spoke: 'speak', spoken: 'speak', led: 'lead', lost: 'lose', won: 'win',
  paid: 'pay', spent: 'spend', held: 'hold', kept: 'keep', chose: 'choose', chosen: 'choose', better: 'good',
  best: 'good', worse: 'bad', worst: 'bad', people: 'person', men: 'man', women: 'woman', children: 'child',
};

// Stemming is the costly part of cutting an archive into terms, and an archive repeats a vocabulary
// of some tens of thousands of words millions of times: each word is stemmed once, and looked up
// once a use (null: a stopword), the real archive's 7.5 million words being cut on every build.
const stems = new Map<string, string | null>();

/** The keywords of a text: its words without stopwords, irregular forms regularised, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    let stemmed = stems.get(word);
    if (stemmed === undefined) {
      // Own keys only: "constructor" is a word of real transcripts, and an object's inherited property.
      stemmed = STOPWORDS.has(word) ? null : stem(Object.hasOwn(IRREGULAR, word) ? IRREGULAR[word]! : word);
      stems.set(word, stemmed);
    }
    if (stemmed !== null) out.push(stemmed);
  }
  return out;
}

/** Whether two texts share a keyword (a word that is not a stopword, compared stemmed). */
export function sharesTerm(a: string, b: string): boolean {
  const mine = new Set(terms(a));
  return mine.size > 0 && terms(b).some((term) => mine.has(term));
}
