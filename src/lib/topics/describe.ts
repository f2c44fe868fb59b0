/**
 * A suggested topic's description: the run of whole sentences, from one of its most central
 * passages, that says most of what distinguishes the topic, word for word.
 *
 * The opening of the most central passage, which suggestion used before, reads on a machine
 * transcript as talk rather than as the topic: on the real archive, "So that's what I want to talk
 * about today. Yeah, Amit. So I think you started off identifying the problem correctly..." for
 * "Caste, society and culture", or "And it's a panchayat in which world is 55,000 people..." for a
 * topic on the state. The sentences that hold the topic's own keywords say what it is about:
 * "India started out as a highly fractionalized society at the birth of the republic along the
 * lines of religion, caste, language...".
 */
import { terms } from '../ask/text.ts';
import { wordCount } from '../related.ts';
import type { GroupTerm } from './naming.ts';

/** How a description is chosen. */
export interface DescribeOptions {
  /** A description is at least this many words, when a passage has so many. */
  minWords: number;
  /** ...and at most this many (one sentence longer than this is not taken). */
  maxWords: number;
  /** How many of the most central passages are read for it. */
  candidates: number;
}

export const DESCRIBE_DEFAULTS: DescribeOptions = { minWords: 25, maxWords: 70, candidates: 12 };

/** What a less central passage's sentences give up, per place in the order: a description should come from the heart of the topic. */
const RANK_DISCOUNT = 0.03;
/** What each question in a run costs it, as a share of all the keywords' weight: a description says, it does not ask. */
const QUESTION_COST = 0.15;
/** What a run costs that opens mid-talk ("And...", "But Shruti, ...", "Yeah, so..."): it reads as a reply, not as what the topic is. */
const REPLY_COST = 0.1;
const REPLY_OPENING = /^\s*(?:and|but|so|yeah|yes|yep|no|because|or|okay|ok|well|right|um|uh|like|i mean)\b/i;

interface Sentence {
  start: number;
  end: number;
  words: number;
  stems: Set<string>;
  question: boolean;
  reply: boolean;
}

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/** A segment ending in one of these is no sentence's end ("Mr. Modi", "Dr. Ambedkar"): the segmenter cuts after them. */
const ABBREVIATION = /(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Sh|Smt|Gen|Col|Lt|vs|etc|e\.g|i\.e)\.$/;

function sentencesOf(text: string): Sentence[] {
  const spans: { start: number; end: number }[] = [];
  let open: { start: number; end: number } | undefined;
  for (const { segment, index } of SENTENCES.segment(text)) {
    const end = index + segment.trimEnd().length;
    if (open) open.end = end;
    else open = { start: index, end };
    if (!ABBREVIATION.test(text.slice(open.start, end))) {
      spans.push(open);
      open = undefined;
    }
  }
  if (open) spans.push(open);
  return spans
    .map(({ start, end }) => ({ start, end, sentence: text.slice(start, end) }))
    .filter(({ sentence }) => sentence.trim() !== '')
    .map(({ start, end, sentence }) => ({ start, end, words: wordCount(sentence), stems: new Set(terms(sentence)), question: sentence.endsWith('?'), reply: REPLY_OPENING.test(sentence) }));
}

/**
 * The description of a topic from its passages' texts (most central first) and its keywords: of
 * every run of consecutive sentences in one of the first `candidates` texts, `minWords` to
 * `maxWords` words long, that starts and ends with a sentence holding a keyword, the one whose
 * distinct keywords weigh most, less for a passage further from the centre, for each question, and
 * for opening as a reply does.
 * `from` is the index of the text it was taken from. With no such run (no keyword in any sentence,
 * or only sentences too long), the leading sentences of the first text.
 */
export function describeTopic(texts: readonly string[], keywords: readonly GroupTerm[], options: Partial<DescribeOptions> = {}): { text: string; from: number } {
  const o = { ...DESCRIBE_DEFAULTS, ...options };
  const total = keywords.reduce((sum, k) => sum + k.weight, 0);
  const weight = new Map(keywords.map((k) => [k.stem, total > 0 ? k.weight / total : 0]));
  let best: { score: number; from: number; start: number; end: number } | undefined;
  texts.slice(0, o.candidates).forEach((text, rank) => {
    const sentences = sentencesOf(text);
    const holds = sentences.map((s) => [...s.stems].some((stem) => weight.has(stem)));
    for (let i = 0; i < sentences.length; i++) {
      if (!holds[i] || sentences[i]!.question) continue;
      let words = 0;
      let questions = 0;
      const seen = new Set<string>();
      let covered = 0;
      for (let j = i; j < sentences.length; j++) {
        const s = sentences[j]!;
        words += s.words;
        if (words > o.maxWords) break;
        if (s.question) questions++;
        for (const stem of s.stems) {
          if (!weight.has(stem) || seen.has(stem)) continue;
          seen.add(stem);
          covered += weight.get(stem)!;
        }
        if (!holds[j] || words < o.minWords) continue;
        const score = covered * (1 - RANK_DISCOUNT * rank) - QUESTION_COST * questions - (sentences[i]!.reply ? REPLY_COST : 0);
        if (!best || score > best.score) best = { score, from: rank, start: sentences[i]!.start, end: s.end };
      }
    }
  });
  if (!best) return { text: leadingSentences(texts[0] ?? ''), from: 0 };
  return { text: texts[best.from]!.slice(best.start, best.end).trim(), from: best.from };
}

/**
 * Whole sentences from near the start of a text, verbatim: the first sentence of four words or
 * more (a reply's "Yeah." or "Right, right." says nothing of the topic) and those after it, as many
 * as fit in about `maxWords` words (at least one).
 */
export function leadingSentences(text: string, maxWords = 70): string {
  let start = -1;
  let end = 0;
  let used = 0;
  for (const { segment, index } of SENTENCES.segment(text)) {
    const n = wordCount(segment);
    if (start < 0) {
      if (n < 4) continue;
      start = index;
    } else if (used + n > maxWords) break;
    end = index + segment.length;
    used += n;
  }
  return start < 0 ? text.trim() : text.slice(start, end).trim();
}
