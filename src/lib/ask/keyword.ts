/**
 * Passage-level keyword relevance: BM25F (Robertson and Zaragoza, "The Probabilistic Relevance
 * Framework", 2009), one score per passage over weighted fields, so that a word in the question an
 * answer responds to, or in its topic's title, counts for the answer.
 */
import { terms } from './text.ts';

/** The parts of a passage that keyword scoring reads. */
export type KeywordField = 'text' | 'label' | 'question' | 'topics' | 'about' | 'speaker' | 'interview';

/** A passage as keyword scoring sees it: a text per field, any of which may be empty. */
export type KeywordDocument = Partial<Record<KeywordField, string>>;

/** BM25F parameters: how much one occurrence in each field counts, length normalisation and saturation. */
export type KeywordParams = { weights: Record<KeywordField, number>; b: number; k1: number };

/**
 * Field weights measured on the evaluation questions (see scripts/ask/experiments.ts). `about`, the
 * descriptions of a passage's topics, lets a reader's paraphrase reach a passage through the
 * editor's words for its subject ("what threatens the business" for a passage on headwinds).
 */
export const DEFAULT_KEYWORD_PARAMS: Readonly<KeywordParams> = Object.freeze({
  weights: { text: 1, label: 1, question: 0.5, topics: 0.5, about: 1, speaker: 0.5, interview: 0.25 },
  b: 0.75,
  k1: 1.2,
});

const FIELDS: readonly KeywordField[] = ['text', 'label', 'question', 'topics', 'about', 'speaker', 'interview'];

/** The passages holding one term: positions ascending, and the term's weighted, length-normalised frequency in each. */
export type Postings = { passages: Uint32Array; frequencies: Float32Array };

/**
 * Term counts of the archive as postings, ready to score questions against. An index may hold only
 * some terms (those of the questions asked, fetched from term shards): scoring a question needs
 * exactly its own terms, and a term absent here is one no passage holds.
 */
export type KeywordIndex = {
  params: KeywordParams;
  /** How many passages the archive holds. */
  count: number;
  /** Term -> its postings; the number of passages containing it is their length. */
  postings: Map<string, Postings>;
  /**
   * Mean length in terms of each field (in the order of FIELDS), which BM25F normalises by: known
   * where the index was built from the passages (at build time), not where it was read from shards.
   */
  averageLength?: number[];
};

/**
 * Counts the terms of every passage, field by field. Frequencies are kept at float32 precision, as
 * the term shards ship them, so that an index built here and one read back score alike.
 */
export function buildKeywordIndex(documents: readonly KeywordDocument[], params: KeywordParams = DEFAULT_KEYWORD_PARAMS): KeywordIndex {
  const tokenized = documents.map((doc) => FIELDS.map((field) => terms(doc[field] ?? '')));
  const averageLength = FIELDS.map((_, f) => {
    const total = tokenized.reduce((sum, fields) => sum + fields[f]!.length, 0);
    return Math.max(total / Math.max(documents.length, 1), 1);
  });
  const lists = new Map<string, { passages: number[]; frequencies: number[] }>();
  tokenized.forEach((fields, d) => {
    for (const [term, tf] of weighFields(fields, params, averageLength)) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = { passages: [], frequencies: [] }));
      list.passages.push(d);
      list.frequencies.push(tf);
    }
  });
  const postings = new Map<string, Postings>();
  for (const [term, list] of lists) postings.set(term, { passages: Uint32Array.from(list.passages), frequencies: Float32Array.from(list.frequencies) });
  return { params, count: documents.length, postings, averageLength };
}

function weighFields(fields: readonly string[][], params: KeywordParams, averageLength: readonly number[]): Map<string, number> {
  const weighted = new Map<string, number>();
  fields.forEach((fieldTerms, f) => {
    // A field missing from the weights (settings saved before it existed) counts for nothing.
    const weight = params.weights[FIELDS[f]!] ?? 0;
    if (weight === 0 || fieldTerms.length === 0) return;
    // BM25F normalises each field by its own length before the fields are added up.
    const norm = 1 - params.b + (params.b * fieldTerms.length) / averageLength[f]!;
    for (const term of fieldTerms) weighted.set(term, (weighted.get(term) ?? 0) + weight / norm);
  });
  return weighted;
}

/**
 * The index without one passage, and with some others' fields replaced (keys in the numbering
 * before the removal; the result renumbers passages after it down by one). One pass over the
 * postings, with no new tokenising but of the replaced passages, so a replay in calibration costs
 * far less than indexing the archive again. Field lengths keep the archive's averages, which one
 * passage less moves by a fraction of its share.
 */
export function withoutDocument(index: KeywordIndex, position: number, replaced: ReadonlyMap<number, KeywordDocument>): KeywordIndex {
  const { averageLength } = index;
  if (!averageLength) throw new Error('withoutDocument needs an index built from its passages, with their field lengths');
  const renumber = (d: number) => (d > position ? d - 1 : d);
  const fresh = new Map<number, Map<string, number>>();
  for (const [d, doc] of replaced) {
    if (d !== position) fresh.set(d, weighFields(FIELDS.map((field) => terms(doc[field] ?? '')), index.params, averageLength));
  }
  const added = new Map<string, [number, number][]>();
  for (const [d, weighted] of fresh) {
    for (const [term, tf] of weighted) {
      const list = added.get(term) ?? [];
      list.push([renumber(d), Math.fround(tf)]);
      added.set(term, list);
    }
  }
  const postings = new Map<string, Postings>();
  const keep = (term: string, pairs: [number, number][]) => {
    if (pairs.length === 0) return;
    pairs.sort((a, b) => a[0] - b[0]);
    postings.set(term, { passages: Uint32Array.from(pairs, (p) => p[0]), frequencies: Float32Array.from(pairs, (p) => p[1]) });
  };
  for (const [term, list] of index.postings) {
    const extra = added.get(term);
    if (!extra && !list.passages.includes(position) && ![...fresh.keys()].some((d) => list.passages.includes(d))) {
      // Untouched but for the renumbering after the removed passage.
      const passages = list.passages.map(renumber);
      postings.set(term, { passages, frequencies: list.frequencies });
      continue;
    }
    const pairs: [number, number][] = [];
    for (let k = 0; k < list.passages.length; k++) {
      const d = list.passages[k]!;
      if (d !== position && !fresh.has(d)) pairs.push([renumber(d), list.frequencies[k]!]);
    }
    keep(term, pairs.concat(extra ?? []));
    added.delete(term);
  }
  for (const [term, pairs] of added) keep(term, pairs);
  return { params: index.params, count: index.count - 1, postings, averageLength };
}

/** How many passages hold a term in any field. */
export function documentFrequency(index: KeywordIndex, term: string): number {
  return index.postings.get(term)?.passages.length ?? 0;
}

/** Robertson-Sparck Jones inverse document frequency, never negative; a term no passage has gets the most. */
export function inverseDocumentFrequency(index: KeywordIndex, term: string): number {
  const n = index.count;
  const df = documentFrequency(index, term);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Keyword relevance of every passage to a question, in [0, 1): the share of the question's
 * keywords, weighted by rarity, that the passage holds, each saturated as in BM25. Dividing by the
 * question's total weight makes scores comparable across questions, which a threshold needs.
 */
export function keywordScores(index: KeywordIndex, question: string): Float64Array {
  const scores = new Float64Array(index.count);
  const unique = [...new Set(terms(question))];
  if (unique.length === 0) return scores;
  const idf = unique.map((term) => inverseDocumentFrequency(index, term));
  const total = idf.reduce((a, b) => a + b, 0);
  unique.forEach((term, t) => {
    const list = index.postings.get(term);
    if (!list) return;
    for (let k = 0; k < list.passages.length; k++) {
      const tf = list.frequencies[k]!;
      scores[list.passages[k]!]! += (idf[t]! * tf) / (tf + index.params.k1);
    }
  });
  for (let d = 0; d < scores.length; d++) scores[d]! /= total;
  return scores;
}
