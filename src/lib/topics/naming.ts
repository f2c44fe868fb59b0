/**
 * Naming a group of passages by the words that set it apart from the others: class-based TF-IDF
 * (as BERTopic does), each group's passages taken as one document. Keywords are cut by the answer
 * index's own `terms` (stopwords out, stemmed), and shown as the word most often written for them.
 */
import { terms, words } from '../ask/text.ts';

/**
 * Function words of Hindi and Urdu as English transcripts write them. Podcasts of South Asia switch
 * between English and Hindi mid-sentence, and a machine transcript writes the Hindi in Latin letters:
 * its "is", "was", "and", "not" are rare across an archive, so no share of passages rules them out
 * as the English stopwords are, but frequent in the passages that speak Hindi, and they named topics
 * of the real archive "Hai, hain and tha" and "Song, music and hai". They name no topic; they still
 * count in retrieval, where a question may be asked in Hindi.
 */
const SPOKEN_HINDI_FUNCTION_WORDS = [
  'hai', 'hain', 'ho', 'hoga', 'hogi', 'honge', 'hota', 'hoti', 'hote', 'hua', 'hui', 'hue', 'tha', 'thi', 'thay', 'raha', 'rahi', 'rahe',
  'gaya', 'gayi', 'gaye', 'diya', 'diye', 'liya', 'liye', 'kiya', 'kiye', 'kar', 'karo', 'karna', 'karte', 'karta', 'karti', 'ki', 'ka', 'ke', 'ko',
  'se', 'mein', 'mai', 'main', 'pe', 'par', 'tak', 'aur', 'ya', 'lekin', 'magar', 'toh', 'bhi', 'hi', 'nahi', 'nahin', 'na', 'mat', 'kya',
  'kyun', 'kyon', 'kaise', 'kab', 'kahan', 'jab', 'tab', 'jo', 'jis', 'jise', 'jaise', 'waise', 'yeh', 'ye', 'woh', 'wo', 'voh', 'vo', 'yahan',
  'wahan', 'ab', 'abhi', 'phir', 'fir', 'bas', 'sab', 'sabhi', 'kuch', 'koi', 'kisi', 'ek', 'bahut', 'bohot', 'matlab', 'ji', 'haan',
  'accha', 'acha', 'arre', 'yaar', 'hum', 'humne', 'hamare', 'hamara', 'mera', 'meri', 'mere', 'mujhe', 'tum', 'tumhe', 'aap',
  'aapka', 'aapke', 'aapko', 'apna', 'apni', 'apne', 'uska', 'uski', 'uske', 'usko', 'unka', 'unki', 'unke', 'unko', 'isko', 'isme', 'usme',
  'wala', 'wali', 'wale', 'waala', 'waali', 'waale', 'agar', 'kyunki', 'isliye', 'iska', 'iski', 'iske', 'inka', 'inki', 'inke', 'hoon', 'hun',
  'aise', 'aisa', 'aisi', 'jaisa', 'jaisi', 'theek', 'thik', 'baad', 'pehle', 'sirf', 'bilkul', 'maine', 'usne', 'unhone', 'wahi', 'yahi', 'vahi',
];
/**
 * English words too vague to name a subject, which no passage share rules out because they are
 * not in every conversation: pronouns, adverbs and a transcript's fillers ("everything" named the real archive's "Art,
 * everything and memory", "others" and "therefore" a topic on human nature), nouns of amount or
 * manner ("bit", "kind"), and judgments ("bad" named "Human, bad and individual"). They too still
 * count in retrieval.
 */
const VAGUE_ENGLISH_WORDS = [
  'everything', 'something', 'anything', 'nothing', 'everyone', 'everybody', 'someone', 'somebody', 'anyone', 'anybody', 'nobody',
  'other', 'others', 'therefore', 'however', 'perhaps', 'maybe', 'rather', 'else', 'anyway', 'indeed', 'somehow', 'sometimes', 'often',
  'always', 'never', 'instead', 'whatever', 'whether', 'either', 'neither', 'yes', 'yeah', 'okay', 'uh', 'um', 'umm', 'hmm', 'ah', 'oh',
  'bit', 'lot', 'lots', 'kind', 'sort', 'stuff', 'thing', 'things', 'way', 'ways', 'part', 'sense', 'fact', 'point', 'example',
  'good', 'bad', 'great', 'big', 'small', 'general', 'whole', 'different', 'certain', 'real', 'basically', 'actually', 'probably',
];
const UNNAMING = new Set([...SPOKEN_HINDI_FUNCTION_WORDS, ...VAGUE_ENGLISH_WORDS].flatMap((word) => terms(word)));

/** One distinguishing keyword of a group: its stem, the word readers see, and its weight. */
export interface GroupTerm {
  stem: string;
  word: string;
  weight: number;
  /** Whether the word can name a topic on its own (Tokenizer.nameable); taken as true when unknown. */
  nameable?: boolean;
}

/** The keywords of a text (stems, as `terms` gives them) and the words they were written as. */
export interface Tokenizer {
  /** The stems of a text's keywords, in order; every word form seen is counted for `word`. */
  stems(text: string): string[];
  /** As `stems`, with the word each stem was written as in this text (in lower case), one for one. */
  cut(text: string): { stems: string[]; words: string[] };
  /**
   * The form most often written for a stem ("farmers" for "farmer"), in the case it is written in
   * mid-sentence: "BJP", "Delhi", but "culture"; the stem itself if never seen.
   */
  word(stem: string): string;
  /**
   * Whether the word shown for a stem can name a topic by itself, as a noun or a name does: judged
   * from how the texts use it (see NOUN_CUES); a word seen too seldom to judge is taken as nameable.
   */
  nameable(stem: string): boolean;
}

/**
 * How the texts use a word tells a noun ("caste", "economy") from a verb ("keep", "remember") or an
 * adjective ("economic", "happy") without a dictionary: measured on the 311 episodes of the real
 * archive, a noun ends a phrase (before punctuation or a function word) at least 0.46 of the times
 * it is written, an adjective that qualifies a noun at most 0.11; a verb follows "to", "I", "can"...
 * 0.40-0.81 of the time, a noun at most 0.08; an adjective said of something follows "very", "so",
 * "is"... at least 0.15 of the time, a noun at most 0.07.
 */
const NOUN_CUES = { minUses: 20, minPhraseEnd: 0.3, maxAfterSubject: 0.35, maxAfterDegree: 0.12 };
const SUBJECT_OR_MODAL = new Set(['to', 'i', 'you', 'we', 'they', 'will', 'can', 'would', 'could', 'should', 'must', 'might', 'dont', 'didnt', 'cant', 'not']);
const DEGREE_OR_BE = new Set(['very', 'so', 'too', 'really', 'more', 'most', 'quite', 'pretty', 'less', 'is', 'was', 'are', 'be', 'been', 'were']);
const PHRASE_END = /^(?:\s*[.,?!;:)]|\s+(?:and|or|of|is|was|in|that|which|to|for|but|as|are|has|have)\b)/i;

/** How often a word was written, and how often where a noun would be (ends a phrase) or a verb or an adjective would be. */
type Uses = { uses: number; phraseEnd: number; afterSubject: number; afterDegree: number };

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
  const usage = new Map<string, Uses>();
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
  const tokenizer: Tokenizer = {
    stems(text) {
      return tokenizer.cut(text).stems;
    },
    cut(text) {
      const normal = text.normalize('NFKC');
      let previous = '';
      for (const match of normal.matchAll(CASED_WORD)) {
        const lower = match[0].toLowerCase().replace(/['’]/g, '');
        let uses = usage.get(lower);
        if (!uses) usage.set(lower, (uses = { uses: 0, phraseEnd: 0, afterSubject: 0, afterDegree: 0 }));
        uses.uses++;
        if (PHRASE_END.test(normal.slice(match.index + match[0].length, match.index + match[0].length + 8))) uses.phraseEnd++;
        if (SUBJECT_OR_MODAL.has(previous)) uses.afterSubject++;
        if (DEGREE_OR_BE.has(previous)) uses.afterDegree++;
        previous = lower;
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
      const written: string[] = [];
      for (const word of words(text)) {
        let stem = stemOf.get(word);
        if (stem === undefined) {
          stem = terms(word)[0] ?? null;
          stemOf.set(word, stem);
        }
        if (stem === null) continue;
        out.push(stem);
        written.push(word);
        let seen = forms.get(stem);
        if (!seen) forms.set(stem, (seen = new Map()));
        seen.set(word, (seen.get(word) ?? 0) + 1);
      }
      return { stems: out, words: written };
    },
    word(stem) {
      return display(written(stem));
    },
    nameable(stem) {
      const word = written(stem);
      if (display(word) !== word) return true; // a name or an acronym
      const u = usage.get(word);
      if (!u || u.uses < NOUN_CUES.minUses) return true;
      return u.phraseEnd >= NOUN_CUES.minPhraseEnd * u.uses && u.afterSubject <= NOUN_CUES.maxAfterSubject * u.uses && u.afterDegree <= NOUN_CUES.maxAfterDegree * u.uses;
    },
  };
  return tokenizer;

  /** The form most often written for a stem, in lower case. */
  function written(stem: string): string {
    let best = stem;
    let most = 0;
    for (const [word, n] of forms.get(stem) ?? []) {
      if (n > most || (n === most && word.length < best.length)) {
        best = word;
        most = n;
      }
    }
    return best;
  }
}

/**
 * A group to name: the stems of each of its passages, and the interview each comes from; with the
 * words they were written as (Tokenizer.cut), a phrase is shown as its passages write it.
 */
export interface TermGroup {
  passages: { stems: readonly string[]; words?: readonly string[]; interview: string }[];
}

/**
 * The `count` keywords that best distinguish each group: frequency in the group (relative to its
 * size) times log(1 + average group size / frequency in all groups). A keyword must be used in at
 * least `minInterviews` of the group's interviews (fewer if the group has fewer), so that one
 * guest's name or pet phrase does not name a topic that runs across the archive; and a word found in
 * more than `maxPassageShare` of all passages names none.
 */
export function distinctiveTerms(groups: readonly TermGroup[], tokenizer: Pick<Tokenizer, 'word' | 'nameable'>, count = 8, minInterviews = 3, maxPassageShare = 0.08): GroupTerm[][] {
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
        if (interviews.get(stem)!.size < needed || (!allowCommon && passagesWith.get(stem)! > common) || stem.length < 2 || /^\d+$/.test(stem) || UNNAMING.has(stem)) continue;
        scored.push({ stem, word: tokenizer.word(stem), weight: (n / total) * Math.log(1 + average / overall.get(stem)!), nameable: tokenizer.nameable(stem) });
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
 * and Modi". Given the group, two keywords that its passages mostly write side by side are one
 * phrase, in the order they are written: "Twitter and social media", not "Twitter, media and social".
 * A keyword that cannot name a topic alone (a verb, an adjective: `nameable`) is passed over unless
 * it opens such a phrase ("social media"), and so is one of the same root as a keyword already in
 * the title ("economy" after "economists"), so the title names things: not "Enjoy, learn and keep".
 */
export function titleFromTerms(terms: readonly GroupTerm[], group?: TermGroup, count = 3): string {
  return titleOf(titleWords(terms, group, count));
}

/** A title's text from its keywords (titleFromTerms). */
function titleOf(items: readonly GroupTerm[][]): string {
  const shown = items.map((item, i) => {
    const text = item.map((t) => t.word).join(' ');
    return i === 0 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  });
  if (shown.length === 0) return 'Untitled topic';
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** A topic id from a title's keywords (idFromTerms), unique against `taken`. */
function idOf(items: readonly GroupTerm[][], taken: ReadonlySet<string>): string {
  const base = items.flat().map((t) => t.word.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).filter(Boolean).join('-') || 'topic';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** What makes two titles the same to a reader: their words in any order ("Women, men and gender" and "Men, women and gender"). */
export function titleKey(title: string): string {
  return words(title).filter((w) => w !== 'and').sort().join(' ');
}

/** A topic's name: its title and the id made of the same keywords. */
export interface TopicName {
  id: string;
  title: string;
}

/**
 * Names for groups, each as titleFromTerms and idFromTerms give it, in the order given (the first
 * keeps its best title), except that two topics are never given the same title: a title with the
 * same words as one already given, to an earlier group or in `taken.titles`, is made again with its
 * last keyword passed over ("Women, men and gender" again becomes "Women, men and patriarchy"), and
 * failing that all its keywords but the first. What a new title is given is added to `taken`.
 */
export function nameTopics(named: readonly (readonly GroupTerm[])[], groups: readonly (TermGroup | undefined)[], taken: { ids: Set<string>; titles: Set<string> }): TopicName[] {
  return named.map((terms, i) => {
    let items = titleWords(terms, groups[i], 3);
    const avoid = new Set<string>();
    for (let tries = 0; tries < 3 && taken.titles.has(titleKey(titleOf(items))); tries++) {
      // First its last keyword is replaced by the next, then all but the first.
      const head = new Set(items[0]?.map((t) => t.stem));
      for (const stem of (tries === 0 ? items.slice(-1) : items.slice(1)).flat().map((t) => t.stem)) if (!head.has(stem)) avoid.add(stem);
      const again = titleWords(terms, groups[i], 3, avoid);
      if (again.length === 0) break;
      items = again;
    }
    const title = titleOf(items);
    const id = idOf(items, taken.ids);
    taken.ids.add(id);
    taken.titles.add(titleKey(title));
    return { id, title };
  });
}

/** The keywords a title is made of (titleFromTerms), each item a keyword or a phrase of two. */
function titleWords(terms: readonly GroupTerm[], group: TermGroup | undefined, count: number, avoid?: ReadonlySet<string>): GroupTerm[][] {
  const items: GroupTerm[][] = terms.filter((t) => !avoid?.has(t.stem)).map((t) => [t]);
  if (group) {
    for (const { pair: [a, b], written } of phrasePairs(items.map(([t]) => t!.stem), group)) {
      const at = items.findIndex((item) => item.length === 1 && item[0]!.stem === a);
      const to = items.findIndex((item) => item.length === 1 && item[0]!.stem === b);
      if (at < 0 || to < 0 || items[to]![0]!.nameable === false) continue;
      // "natural selection", not "nature selection": each word as the phrase is written, names in their case.
      const as = (t: GroupTerm, form: string | undefined): GroupTerm => (form && form !== t.word.toLowerCase() ? { ...t, word: form } : t);
      items[Math.min(at, to)] = [as(items[at]![0]!, written?.[0]), as(items[to]![0]!, written?.[1])];
      items.splice(Math.max(at, to), 1);
    }
  }
  const root = (t: GroupTerm) => t.word.toLowerCase().slice(0, 6);
  const roots = new Set<string>();
  const chosen: GroupTerm[][] = [];
  for (const item of items) {
    if (chosen.length === count) break;
    if ((item.length === 1 && item[0]!.nameable === false) || item.some((t) => roots.has(root(t)))) continue;
    for (const t of item) roots.add(root(t));
    chosen.push(item);
  }
  if (chosen.length >= Math.min(2, items.length)) return chosen;
  // Keywords that are mostly verbs and adjectives name the topic as they are ("Human, bad and
  // others"), rather than a lone word that reads as a catch-all ("Others").
  roots.clear();
  return items.filter((item) => !item.some((t) => roots.has(root(t))) && item.every((t) => roots.add(root(t)))).slice(0, count);
}

/**
 * Pairs of the given stems that the group's passages write side by side (keywords next to each
 * other, stopwords aside) at least 3 times and in at least 30% of the times the rarer of the two is
 * written: each pair in the order it is mostly written, the most frequent first, with the words it
 * is most often written as when the group has them.
 */
function phrasePairs(stems: readonly string[], group: TermGroup): { pair: [string, string]; written?: [string, string] }[] {
  const wanted = new Set(stems);
  const uses = new Map<string, number>();
  const adjacent = new Map<string, number>();
  const forms = new Map<string, Map<string, number>>();
  for (const { stems: cut, words } of group.passages) {
    for (let i = 0; i < cut.length; i++) {
      const stem = cut[i]!;
      if (!wanted.has(stem)) continue;
      uses.set(stem, (uses.get(stem) ?? 0) + 1);
      const next = cut[i + 1];
      if (next === undefined || next === stem || !wanted.has(next)) continue;
      const key = `${stem} ${next}`;
      adjacent.set(key, (adjacent.get(key) ?? 0) + 1);
      if (!words) continue;
      let seen = forms.get(key);
      if (!seen) forms.set(key, (seen = new Map()));
      const form = `${words[i]} ${words[i + 1]}`;
      seen.set(form, (seen.get(form) ?? 0) + 1);
    }
  }
  const pairs: { pair: [string, string]; n: number; written?: [string, string] }[] = [];
  for (const [key, n] of adjacent) {
    const [a, b] = key.split(' ') as [string, string];
    const reverse = adjacent.get(`${b} ${a}`) ?? 0;
    if (reverse > n || (reverse === n && a > b)) continue;
    const together = n + reverse;
    if (together < 3 || together < 0.3 * Math.min(uses.get(a)!, uses.get(b)!)) continue;
    const top = [...(forms.get(key) ?? [])].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0];
    pairs.push({ pair: [a, b], n: together, ...(top ? { written: top.split(' ') as [string, string] } : {}) });
  }
  return pairs.sort((x, y) => y.n - x.n || x.pair.join(' ').localeCompare(y.pair.join(' ')));
}

/**
 * A topic id from the keywords of its title (titleFromTerms, given the same group): "farmers-land-water",
 * "twitter-social-media"; made unique against `taken` with a number.
 */
export function idFromTerms(terms: readonly GroupTerm[], taken: ReadonlySet<string>, group?: TermGroup): string {
  return idOf(titleWords(terms, group, 3), taken);
}
