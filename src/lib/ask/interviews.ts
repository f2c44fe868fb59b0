/**
 * How well each interview as a whole answers a question, for trusting its passages. In
 * a large archive the passage that answers often shares few words with the question, while the
 * interview it is from is about the question's subject throughout: its words are the question's,
 * again and again. A passage is judged with the standing of its interview, as retrieval over long
 * documents scores a passage with its document (Callan, "Passage-level evidence in document
 * retrieval", SIGIR 1994).
 *
 * The standing reads the keyword postings of the question's terms alone, which the browser fetches
 * whole for every question, so the two-pass index and exact search agree on it exactly. (A
 * standing that also read each interview's closest passages by meaning did no better on the
 * evaluation sets, and the first pass knows those only from coarse codes.)
 */
import type { KeywordIndex } from './keyword.ts';
import { terms } from './text.ts';

/** BM25 saturation for an interview as one document: a long interview repeats its subject's words many times. */
const INTERVIEW_K1 = 5;
const INTERVIEW_B = 0.75;

type Sizes = { isQuestion: Uint8Array; size: Float64Array; present: number[]; averageSize: number };
const sizes = new WeakMap<Int32Array, Sizes>();

/** How many passages that may answer each interview holds, and which hold any: found once per index. */
function interviewSizes(interview: Int32Array, isQuestion: Uint8Array): Sizes {
  let known = sizes.get(interview);
  if (!known || known.isQuestion !== isQuestion) {
    let count = 0;
    for (let i = 0; i < interview.length; i++) if (interview[i]! >= count) count = interview[i]! + 1;
    const size = new Float64Array(count);
    let answerable = 0;
    for (let i = 0; i < interview.length; i++) {
      if (isQuestion[i]) continue;
      size[interview[i]!]!++;
      answerable++;
    }
    const present: number[] = [];
    for (let n = 0; n < count; n++) if (size[n]! > 0) present.push(n);
    known = { isQuestion, size, present, averageSize: present.length > 0 ? answerable / present.length : 0 };
    sizes.set(interview, known);
  }
  return known;
}

/**
 * Each interview's standing for a question: BM25 over the interview as one document (its
 * passages' weighted term frequencies added up, its length its number of passages that may answer,
 * a term's rarity counted in interviews), standardised over the interviews that hold a passage
 * that may answer. Those without one, and every interview when fewer than two hold one, get 0.
 * `interview` numbers each passage's interview from 0; `isQuestion` marks interviewers' questions.
 */
export function interviewStanding(structure: { interview: Int32Array; isQuestion: Uint8Array }, keyword: KeywordIndex, question: string): Float64Array {
  const { interview } = structure;
  const { size, present, averageSize } = interviewSizes(interview, structure.isQuestion);
  const count = size.length;
  const standing = new Float64Array(count);
  if (present.length < 2) return standing;

  const frequency = new Float64Array(count);
  for (const term of new Set(terms(question))) {
    const list = keyword.postings.get(term);
    if (!list) continue;
    frequency.fill(0);
    for (let k = 0; k < list.passages.length; k++) frequency[interview[list.passages[k]!]!]! += list.frequencies[k]!;
    let holding = 0;
    for (const n of present) if (frequency[n]! > 0) holding++;
    if (holding === 0) continue;
    const idf = Math.log(1 + (present.length - holding + 0.5) / (holding + 0.5));
    for (const n of present) {
      const tf = frequency[n]!;
      if (tf > 0) standing[n]! += (idf * tf) / (tf + INTERVIEW_K1 * (1 - INTERVIEW_B + (INTERVIEW_B * size[n]!) / averageSize));
    }
  }

  let sum = 0;
  for (const n of present) sum += standing[n]!;
  const mean = sum / present.length;
  let squares = 0;
  for (const n of present) squares += (standing[n]! - mean) ** 2;
  const std = Math.sqrt(squares / present.length);
  for (const n of present) standing[n] = std < 1e-9 ? 0 : (standing[n]! - mean) / std;
  return standing;
}
