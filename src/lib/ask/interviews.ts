/**
 * How well each interview as a whole answers a question, for ranking its passages. In a large
 * archive the passage that answers often shares few words with the question, while the interview
 * it is from is about the question's subject throughout: many of its passages come close by
 * meaning, and its words are the question's. A passage ranks with the standing of its interview
 * (the evidence of its neighbours), as retrieval over long documents scores a passage with its
 * document (Callan, "Passage-level evidence in document retrieval", SIGIR 1994).
 */
import type { KeywordIndex } from './keyword.ts';
import { terms } from './text.ts';

/** How many of an interview's closest passages by meaning speak for it. */
export const INTERVIEW_TOP_PASSAGES = 3;
/** BM25 saturation for an interview as one document: a long interview repeats its subject's words many times. */
const INTERVIEW_K1 = 5;
const INTERVIEW_B = 0.75;

const counts = new WeakMap<Int32Array, number>();

/** How many interviews the numbering holds (its largest number and one), found once per index. */
function interviewCount(interview: Int32Array): number {
  let count = counts.get(interview);
  if (count === undefined) {
    count = 0;
    for (let i = 0; i < interview.length; i++) if (interview[i]! >= count) count = interview[i]! + 1;
    counts.set(interview, count);
  }
  return count;
}

/**
 * Each interview's standing for a question, standardised over the interviews that hold a
 * candidate: the mean dense z-score of its best INTERVIEW_TOP_PASSAGES candidates, plus BM25 over
 * the interview as one document (its passages' term frequencies added up, its length its number
 * of candidates), each standardised over the interviews and the two added. Interviews without a
 * candidate get 0. `interview` numbers each passage's interview from 0, in order.
 */
export function interviewStanding(interview: Int32Array, denseZ: ArrayLike<number>, keyword: KeywordIndex, question: string, candidates: readonly number[], members?: Uint8Array): Float64Array {
  const count = interviewCount(interview);
  const size = new Float64Array(count);
  // The best few dense z-scores of each interview, kept sorted, best first.
  const top = new Float64Array(count * INTERVIEW_TOP_PASSAGES).fill(Number.NEGATIVE_INFINITY);
  // Plain loops: this runs over every candidate of the archive, twice an answer.
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c]!;
    const n = interview[i]!;
    size[n]!++;
    const value = denseZ[i]!;
    const base = n * INTERVIEW_TOP_PASSAGES;
    if (value <= top[base + INTERVIEW_TOP_PASSAGES - 1]!) continue;
    let k = INTERVIEW_TOP_PASSAGES - 1;
    for (; k > 0 && top[base + k - 1]! < value; k--) top[base + k] = top[base + k - 1]!;
    top[base + k] = value;
  }
  const present: number[] = [];
  for (let n = 0; n < count; n++) if (size[n]! > 0) present.push(n);
  const standing = new Float64Array(count);
  if (present.length < 2) return standing;

  const dense = new Float64Array(count);
  for (const n of present) {
    let sum = 0;
    let held = 0;
    for (let k = 0; k < INTERVIEW_TOP_PASSAGES; k++) {
      const value = top[n * INTERVIEW_TOP_PASSAGES + k]!;
      if (value === Number.NEGATIVE_INFINITY) break;
      sum += value;
      held++;
    }
    // An interview with fewer candidates than that is judged on what it has, as if the rest were its worst.
    dense[n] = held === 0 ? 0 : (sum + (INTERVIEW_TOP_PASSAGES - held) * top[n * INTERVIEW_TOP_PASSAGES + held - 1]!) / INTERVIEW_TOP_PASSAGES;
  }

  const words = new Float64Array(count);
  const averageSize = present.reduce((sum, n) => sum + size[n]!, 0) / present.length;
  const frequency = new Float64Array(count);
  for (const term of new Set(terms(question))) {
    const list = keyword.postings.get(term);
    if (!list) continue;
    frequency.fill(0);
    for (let k = 0; k < list.passages.length; k++) {
      const p = list.passages[k]!;
      if (!members || members[p]) frequency[interview[p]!]! += list.frequencies[k]!;
    }
    let holding = 0;
    for (const n of present) if (frequency[n]! > 0) holding++;
    if (holding === 0) continue;
    const idf = Math.log(1 + (present.length - holding + 0.5) / (holding + 0.5));
    for (const n of present) {
      const tf = frequency[n]!;
      if (tf > 0) words[n]! += (idf * tf) / (tf + INTERVIEW_K1 * (1 - INTERVIEW_B + (INTERVIEW_B * size[n]!) / averageSize));
    }
  }

  for (const values of [dense, words]) {
    let sum = 0;
    for (const n of present) sum += values[n]!;
    const mean = sum / present.length;
    let squares = 0;
    for (const n of present) squares += (values[n]! - mean) ** 2;
    const std = Math.sqrt(squares / present.length);
    if (std < 1e-9) continue;
    for (const n of present) standing[n]! += (values[n]! - mean) / std;
  }
  return standing;
}
