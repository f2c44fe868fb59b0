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
 * A term's weighted frequency in a passage as the term shards ship it: 16 bits, a float with 5 bits
 * of exponent and 11 of mantissa (within 0.025% of the value, from 2^-16 to 2^16), cut from the
 * float32's own bits so that every reader decodes exactly the same number. Frequencies are never 0.
 */
export function frequencyCode(frequency: number): number {
  F32[0] = frequency;
  // Adding half of the 12 dropped bits rounds to nearest; a mantissa that overflows carries into the exponent.
  const rounded = (U32[0]! + 0x800) >>> 0;
  const exponent = ((rounded >>> 23) & 0xff) - 127 + 16;
  if (exponent < 0) return 0;
  if (exponent > 31) return 0xffff;
  return (exponent << 11) | ((rounded >>> 12) & 0x7ff);
}

/** The frequency a code of frequencyCode stands for. */
export function frequencyFromCode(code: number): number {
  U32[0] = ((((code >>> 11) & 0x1f) - 16 + 127) << 23) | ((code & 0x7ff) << 12);
  return F32[0]!;
}

/** A frequency as the index keeps it: rounded to what the term shards can ship (frequencyCode). */
export function storedFrequency(frequency: number): number {
  return frequencyFromCode(frequencyCode(frequency));
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * Counts the terms of every passage, field by field. Frequencies are kept as the term shards ship
 * them (storedFrequency), so that an index built here and one read back score alike.
 */
export function buildKeywordIndex(documents: readonly KeywordDocument[], params: KeywordParams = DEFAULT_KEYWORD_PARAMS): KeywordIndex {
  // Every field but a passage's own text repeats across passages (the interview, the speaker, the
  // question a run of answers follows, a topic's description on each of its passages): each
  // distinct one is cut into terms once, not once a passage (9 s of 68,502 passages' 121 topics).
  const cut = new Map<string, string[]>();
  const cutOnce = (value: string) => cut.get(value) ?? cut.set(value, terms(value)).get(value)!;
  const tokenized = documents.map((doc) => FIELDS.map((field) => (field === 'text' ? terms(doc.text ?? '') : cutOnce(doc[field] ?? ''))));
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
      list.frequencies.push(storedFrequency(tf));
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
 * The index with some passages' fields replaced (`replaced`: passage -> its new fields; `before`:
 * the same passages' fields as indexed). Only the postings of the words those passages held or now
 * hold are redone, and no passage is renumbered, so a replay in calibration (calibrate-index.ts,
 * leaveOut) costs the words of a few passages, not a pass over the archive's postings. Field
 * lengths keep the archive's averages, which a few passages move by a fraction of their share.
 */
export function replaceDocuments(index: KeywordIndex, replaced: ReadonlyMap<number, KeywordDocument>, before: ReadonlyMap<number, KeywordDocument>): KeywordIndex {
  const { averageLength } = index;
  if (!averageLength) throw new Error('replaceDocuments needs an index built from its passages, with their field lengths');
  const weigh = (doc: KeywordDocument | undefined) => (doc ? weighFields(FIELDS.map((field) => terms(doc[field] ?? '')), index.params, averageLength) : new Map<string, number>());
  // term -> passage -> its new weight (0: the passage no longer holds it); a word whose weight a
  // passage keeps (the words of an answer's own text, when only its question changes) is left alone.
  const updates = new Map<string, Map<number, number>>();
  const update = (term: string, d: number, tf: number) => {
    let byPassage = updates.get(term);
    if (!byPassage) updates.set(term, (byPassage = new Map()));
    byPassage.set(d, tf);
  };
  for (const [d, doc] of replaced) {
    const old = weigh(before.get(d));
    const fresh = weigh(doc);
    for (const [term, tf] of fresh) if (storedFrequency(tf) !== (old.has(term) ? storedFrequency(old.get(term)!) : 0)) update(term, d, storedFrequency(tf));
    for (const term of old.keys()) if (!fresh.has(term)) update(term, d, 0);
  }
  const postings = new Map(index.postings);
  for (const [term, byPassage] of updates) {
    const list = index.postings.get(term) ?? { passages: new Uint32Array(0), frequencies: new Float32Array(0) };
    const kept: number[] = [];
    const weights: number[] = [];
    const keep = (d: number, tf: number) => {
      if (tf === 0) return;
      kept.push(d);
      weights.push(tf);
    };
    // Merge the sorted list with the sorted changes.
    const changes = [...byPassage].sort((x, y) => x[0] - y[0]);
    let c = 0;
    for (let k = 0; k < list.passages.length; k++) {
      const d = list.passages[k]!;
      while (c < changes.length && changes[c]![0] < d) keep(...changes[c++]!);
      if (c < changes.length && changes[c]![0] === d) keep(...changes[c++]!);
      else keep(d, list.frequencies[k]!);
    }
    while (c < changes.length) keep(...changes[c++]!);
    if (kept.length === 0) postings.delete(term);
    else postings.set(term, { passages: Uint32Array.from(kept), frequencies: Float32Array.from(weights) });
  }
  return { params: index.params, count: index.count, postings, averageLength };
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
