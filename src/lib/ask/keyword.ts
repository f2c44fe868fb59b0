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

/** Term counts of every passage, ready to score questions against. */
export type KeywordIndex = {
  params: KeywordParams;
  /** Per passage: term -> weighted, length-normalised frequency summed over fields. */
  frequencies: Map<string, number>[];
  /** Term -> number of passages containing it in any field. */
  documentFrequency: Map<string, number>;
  /** Mean length in terms of each field (in the order of FIELDS), which BM25F normalises by. */
  averageLength: number[];
};

/** Counts the terms of every passage, field by field. */
export function buildKeywordIndex(documents: readonly KeywordDocument[], params: KeywordParams = DEFAULT_KEYWORD_PARAMS): KeywordIndex {
  const tokenized = documents.map((doc) => FIELDS.map((field) => terms(doc[field] ?? '')));
  const averageLength = FIELDS.map((_, f) => {
    const total = tokenized.reduce((sum, fields) => sum + fields[f]!.length, 0);
    return Math.max(total / Math.max(documents.length, 1), 1);
  });
  const documentFrequency = new Map<string, number>();
  const frequencies = tokenized.map((fields) => {
    const weighted = weighFields(fields, params, averageLength);
    for (const term of weighted.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    return weighted;
  });
  return { params, frequencies, documentFrequency, averageLength };
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
 * The index without one passage, and with some others' fields replaced (keys and result in the
 * numbering before the removal): only those are counted again, so that it costs the size of the
 * vocabulary, not of the archive. Field lengths keep the archive's averages, which one passage
 * less moves by a fraction of its share.
 */
export function withoutDocument(index: KeywordIndex, position: number, replaced: ReadonlyMap<number, KeywordDocument>): KeywordIndex {
  const documentFrequency = new Map(index.documentFrequency);
  const uncount = (weighted: Map<string, number>, by: number) => {
    for (const term of weighted.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + by);
  };
  uncount(index.frequencies[position]!, -1);
  const frequencies = index.frequencies.map((weighted, i) => {
    const doc = replaced.get(i);
    if (doc === undefined || i === position) return weighted;
    uncount(weighted, -1);
    const fresh = weighFields(FIELDS.map((field) => terms(doc[field] ?? '')), index.params, index.averageLength);
    uncount(fresh, 1);
    return fresh;
  });
  frequencies.splice(position, 1);
  for (const [term, count] of documentFrequency) if (count <= 0) documentFrequency.delete(term);
  return { params: index.params, frequencies, documentFrequency, averageLength: index.averageLength };
}

/** Robertson-Sparck Jones inverse document frequency, never negative; a term no passage has gets the most. */
export function inverseDocumentFrequency(index: KeywordIndex, term: string): number {
  const n = index.frequencies.length;
  const df = index.documentFrequency.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Keyword relevance of every passage to a question, in [0, 1): the share of the question's
 * keywords, weighted by rarity, that the passage holds, each saturated as in BM25. Dividing by the
 * question's total weight makes scores comparable across questions, which a threshold needs.
 */
export function keywordScores(index: KeywordIndex, question: string): Float64Array {
  const scores = new Float64Array(index.frequencies.length);
  const unique = [...new Set(terms(question))];
  if (unique.length === 0) return scores;
  const idf = unique.map((term) => inverseDocumentFrequency(index, term));
  const total = idf.reduce((a, b) => a + b, 0);
  index.frequencies.forEach((weighted, d) => {
    let score = 0;
    unique.forEach((term, t) => {
      const tf = weighted.get(term);
      if (tf) score += (idf[t]! * tf) / (tf + index.params.k1);
    });
    scores[d] = score / total;
  });
  return scores;
}
