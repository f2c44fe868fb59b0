/**
 * Answer quality on a question set in the format of the shared eval file: `[{q, expect}]`, where
 * `expect` is a phrase the answering passage contains, or null when the archive holds no answer.
 * An entry may also name `interview`, the slug of the interview whose passage answers: then only a
 * passage of that interview counts, since a short phrase can recur across a large archive.
 * Other fields of an entry (notes for people and checks) are allowed and ignored here.
 */

/** One evaluation question. */
export type EvalQuestion = { q: string; expect: string | null; interview?: string };

/**
 * What was returned for one question: the answers' texts best first, or a decline, and the slug
 * of each answer's interview (needed when a question names its interview).
 */
export type EvalOutcome = { abstained: boolean; texts: string[]; interviews?: string[] };

/** Recall at 1 and 3 and mean reciprocal rank over answerable questions; declines among unanswerable ones. */
export type EvalReport = {
  answerable: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  unanswerable: number;
  declined: number;
  /** Answerable questions whose expected passage was not returned at all. */
  missed: string[];
  /** Unanswerable questions that were answered anyway. */
  answeredWrongly: string[];
};

/** Folds what the comparison ignores: whitespace runs, case, curly quotes. */
function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Whether a passage text contains the expected phrase, whitespace, case and curly quotes aside. */
export function containsExpected(text: string, expect: string): boolean {
  return fold(text).includes(fold(expect));
}

/** How many times a phrase occurs in a text, whitespace, case and curly quotes aside. */
export function countExpected(text: string, expect: string): number {
  const haystack = fold(text);
  const needle = fold(expect);
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

export { interviewOfPassage } from './passage-data.ts';

/** Reads and checks a question set, naming the first bad entry. */
export function parseEvalQuestions(json: unknown, source: string): EvalQuestion[] {
  if (!Array.isArray(json)) throw new Error(`${source}: expected an array of {"q": string, "expect": string | null}`);
  return json.map((entry: unknown, i) => {
    const e = entry as Partial<EvalQuestion> | null;
    if (!e || typeof e.q !== 'string' || !(typeof e.expect === 'string' || e.expect === null)) {
      throw new Error(`${source}[${i}]: expected {"q": string, "expect": string | null}, got ${JSON.stringify(entry)}`);
    }
    if (e.interview !== undefined && (typeof e.interview !== 'string' || !e.interview)) {
      throw new Error(`${source}[${i}]  interview: expected an interview slug, found ${JSON.stringify(e.interview)}`);
    }
    return e.interview === undefined ? { q: e.q, expect: e.expect } : { q: e.q, expect: e.expect, interview: e.interview };
  });
}

/** Scores the outcomes of a question set (outcomes[i] answers questions[i]). */
export function evaluate(questions: readonly EvalQuestion[], outcomes: readonly EvalOutcome[]): EvalReport {
  let answerable = 0;
  let at1 = 0;
  let at3 = 0;
  let reciprocal = 0;
  let unanswerable = 0;
  let declined = 0;
  const missed: string[] = [];
  const answeredWrongly: string[] = [];
  questions.forEach(({ q, expect, interview }, i) => {
    const outcome = outcomes[i]!;
    if (expect === null) {
      unanswerable++;
      if (outcome.abstained) declined++;
      else answeredWrongly.push(q);
      return;
    }
    answerable++;
    if (interview !== undefined && !outcome.interviews) throw new Error(`"${q}" names its interview, but the outcome does not say which interview each answer is from`);
    const rank = outcome.abstained
      ? -1
      : outcome.texts.findIndex((text, k) => containsExpected(text, expect) && (interview === undefined || outcome.interviews![k] === interview));
    if (rank < 0) missed.push(q);
    else {
      if (rank === 0) at1++;
      if (rank < 3) at3++;
      reciprocal += 1 / (rank + 1);
    }
  });
  const share = (n: number) => (answerable === 0 ? 0 : n / answerable);
  return { answerable, recallAt1: share(at1), recallAt3: share(at3), mrr: share(reciprocal), unanswerable, declined, missed, answeredWrongly };
}

/**
 * The questions of a set that name their interview, asked within a scope: each within its own
 * interview (to be answered there), and each within the next other interview the set names (to be
 * declined, since that interview does not hold the expected answer; `expect` null).
 */
export function scopedEvalSets(questions: readonly EvalQuestion[]): { own: (EvalQuestion & { scope: string })[]; other: (EvalQuestion & { scope: string })[] } {
  const named = questions.filter((q): q is EvalQuestion & { interview: string; expect: string } => q.interview !== undefined && q.expect !== null);
  const interviews = [...new Set(named.map((q) => q.interview))].sort();
  return {
    own: named.map((q) => ({ ...q, scope: `interview:${q.interview}` })),
    other: interviews.length < 2 ? [] : named.map((q) => {
      const next = interviews[(interviews.indexOf(q.interview) + 1) % interviews.length]!;
      return { q: q.q, expect: null, scope: `interview:${next}` };
    }),
  };
}
