/**
 * Naming a group of passages by the words that set it apart from the others: class-based TF-IDF
 * (as BERTopic does), each group's passages taken as one document. Keywords are cut by the answer
 * index's own `terms` (stopwords out, stemmed), and shown as the word most often written for them.
 */
import { terms, words } from '../ask/text.ts';

/** One distinguishing keyword of a group: its stem, the word readers see, and its weight. */
export interface GroupTerm {
  stem: string;
  word: string;
  weight: number;
}

/** The keywords of a text (stems, as `terms` gives them) and the words they were written as. */
export interface Tokenizer {
  /** The stems of a text's keywords, in order; every word form seen is counted for `word`. */
  stems(text: string): string[];
  /**
   * The form most often written for a stem ("farmers" for "farmer"), in the case it is written in
   * mid-sentence: "BJP", "Delhi", but "culture"; the stem itself if never seen.
   */
  word(stem: string): string;
}

// A word as written, in its case: as `words` (src/lib/ask/text.ts) finds them, before lowercasing.
const CASED_WORD = /[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*/gu;

/** Whether a word at `at` of `text` starts a sentence (or the text), where every word is capitalised. */
function startsSentence(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at).trimEnd();
  return before === '' || /[.!?:"“]$/.test(before);
}

/** A tokenizer that remembers, across all the texts it cuts, which words each stem was written as. */
export function createTokenizer(): Tokenizer {
  const stemOf = new Map<string, string | null>();
  const forms = new Map<string, Map<string, number>>();
  // lower-case word -> how it was written in mid-sentence, and how often.
  const cased = new Map<string, Map<string, number>>();
  const display = (word: string): string => {
    let best = word;
    let most = 0;
    let total = 0;
    for (const [form, n] of cased.get(word) ?? []) {
      total += n;
      if (n > most) {
        best = form;
        most = n;
      }
    }
    // Capitalised most of the times it is written in mid-sentence: a name ("Modi") or an acronym ("BJP").
    return most > 0 && best !== word && most >= 0.6 * total ? best : word;
  };
  return {
    stems(text) {
      const normal = text.normalize('NFKC');
      for (const match of normal.matchAll(CASED_WORD)) {
        if (startsSentence(normal, match.index)) continue;
        for (const part of match[0].replace(/['’]s$/, '').replace(/['’.]/g, '').split('-')) {
          if (!part) continue;
          const lower = part.toLowerCase();
          let seen = cased.get(lower);
          if (!seen) cased.set(lower, (seen = new Map()));
          seen.set(part, (seen.get(part) ?? 0) + 1);
        }
      }
      const out: string[] = [];
      for (const word of words(text)) {
        let stem = stemOf.get(word);
        if (stem === undefined) {
          stem = terms(word)[0] ?? null;
          stemOf.set(word, stem);
        }
        if (stem === null) continue;
        out.push(stem);
        let seen = forms.get(stem);
        if (!seen) forms.set(stem, (seen = new Map()));
        seen.set(word, (seen.get(word) ?? 0) + 1);
      }
      return out;
    },
    word(stem) {
      let best = stem;
      let most = 0;
      for (const [word, n] of forms.get(stem) ?? []) {
        if (n > most || (n === most && word.length < best.length)) {
          best = word;
          most = n;
        }
      }
      return display(best);
    },
  };
}

/** A group to name: the stems of each of its passages, and the interview each comes from. */
export interface TermGroup {
  passages: { stems: readonly string[]; interview: string }[];
}

/**
 * The `count` keywords that best distinguish each group: frequency in the group (relative to its
 * size) times log(1 + average group size / frequency in all groups). A keyword must be used in at
 * least `minInterviews` of the group's interviews (fewer if the group has fewer), so that one
 * guest's name or pet phrase does not name a topic that runs across the archive; and a word found in
 * more than `maxPassageShare` of all passages names none.
 */
export function distinctiveTerms(groups: readonly TermGroup[], tokenizer: Pick<Tokenizer, 'word'>, count = 8, minInterviews = 3, maxPassageShare = 0.08): GroupTerm[][] {
  // A word in more than one passage in twelve ("know", "think", "people") says nothing about any topic.
  const passagesWith = new Map<string, number>();
  let passages = 0;
  for (const group of groups) {
    for (const passage of group.passages) {
      passages++;
      for (const stem of new Set(passage.stems)) passagesWith.set(stem, (passagesWith.get(stem) ?? 0) + 1);
    }
  }
  const common = maxPassageShare * passages;
  const perGroup = groups.map((group) => {
    const counts = new Map<string, number>();
    const interviews = new Map<string, Set<string>>();
    let total = 0;
    for (const passage of group.passages) {
      for (const stem of passage.stems) {
        counts.set(stem, (counts.get(stem) ?? 0) + 1);
        let where = interviews.get(stem);
        if (!where) interviews.set(stem, (where = new Set()));
        where.add(passage.interview);
        total++;
      }
    }
    const spread = new Set(group.passages.map((p) => p.interview)).size;
    return { counts, interviews, total, spread };
  });
  const overall = new Map<string, number>();
  let all = 0;
  for (const { counts, total } of perGroup) {
    for (const [stem, n] of counts) overall.set(stem, (overall.get(stem) ?? 0) + n);
    all += total;
  }
  const average = groups.length > 0 ? all / groups.length : 0;
  return perGroup.map(({ counts, interviews, total, spread }) => {
    const needed = Math.min(minInterviews, spread);
    const score = (allowCommon: boolean): GroupTerm[] => {
      const scored: GroupTerm[] = [];
      for (const [stem, n] of counts) {
        if (interviews.get(stem)!.size < needed || (!allowCommon && passagesWith.get(stem)! > common) || stem.length < 2 || /^\d+$/.test(stem)) continue;
        scored.push({ stem, word: tokenizer.word(stem), weight: (n / total) * Math.log(1 + average / overall.get(stem)!) });
      }
      return scored.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem)).slice(0, count);
    };
    // In a small archive of few subjects every subject's words are common; then they name it all the same.
    const named = score(false);
    return named.length > 0 ? named : score(true);
  });
}

/**
 * A title from a group's leading keywords, each in the case it is written in (names and acronyms
 * capitalised, other words not), the first capitalised: "Caste, society and culture", "BJP, Congress
 * and Modi". Given the group, two of them that its passages mostly write side by side are one
 * phrase, in the order they are written: "Twitter and social media", not "Twitter, media and social".
 */
export function titleFromTerms(terms: readonly GroupTerm[], group?: TermGroup, count = 3): string {
  const items: GroupTerm[][] = terms.slice(0, count).map((t) => [t]);
  if (group) {
    for (const [a, b] of phrasePairs(items.map(([t]) => t!.stem), group)) {
      const at = items.findIndex((item) => item.length === 1 && item[0]!.stem === a);
      const to = items.findIndex((item) => item.length === 1 && item[0]!.stem === b);
      if (at < 0 || to < 0) continue;
      items[Math.min(at, to)] = [items[at]![0]!, items[to]![0]!];
      items.splice(Math.max(at, to), 1);
    }
  }
  const shown = items.map((item, i) => {
    const text = item.map((t) => t.word).join(' ');
    return i === 0 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  });
  if (shown.length === 0) return 'Untitled topic';
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * Pairs of the given stems that the group's passages write side by side (keywords next to each
 * other, stopwords aside) at least 3 times and in at least 30% of the times the rarer of the two is
 * written: each pair in the order it is mostly written, the most frequent first.
 */
function phrasePairs(stems: readonly string[], group: TermGroup): [string, string][] {
  const wanted = new Set(stems);
  const uses = new Map<string, number>();
  const adjacent = new Map<string, number>();
  for (const { stems: written } of group.passages) {
    for (let i = 0; i < written.length; i++) {
      const stem = written[i]!;
      if (!wanted.has(stem)) continue;
      uses.set(stem, (uses.get(stem) ?? 0) + 1);
      const next = written[i + 1];
      if (next !== undefined && next !== stem && wanted.has(next)) adjacent.set(`${stem} ${next}`, (adjacent.get(`${stem} ${next}`) ?? 0) + 1);
    }
  }
  const pairs: { pair: [string, string]; n: number }[] = [];
  for (const [key, n] of adjacent) {
    const [a, b] = key.split(' ') as [string, string];
    const reverse = adjacent.get(`${b} ${a}`) ?? 0;
    if (reverse > n || (reverse === n && a > b)) continue;
    const together = n + reverse;
    if (together >= 3 && together >= 0.3 * Math.min(uses.get(a)!, uses.get(b)!)) pairs.push({ pair: [a, b], n: together });
  }
  return pairs.sort((x, y) => y.n - x.n || x.pair.join(' ').localeCompare(y.pair.join(' '))).map((p) => p.pair);
}

/** A topic id from its leading keywords ("farmers-land-water"), made unique against `taken` with a number. */
export function idFromTerms(terms: readonly GroupTerm[], taken: ReadonlySet<string>, count = 3): string {
  const base = terms.slice(0, count).map((t) => t.word.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).filter(Boolean).join('-') || 'topic';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
