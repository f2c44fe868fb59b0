/**
 * Answer quality on a question set in the format of the shared eval file: `[{q, expect}]`, where
 * `expect` is a phrase the answering passage contains, or null when the archive holds no answer.
 */

/** One evaluation question. */
export type EvalQuestion = { q: string; expect: string | null };

/** What was returned for one question: the answers' texts best first, or a decline. */
export type EvalOutcome = { abstained: boolean; texts: string[] };

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

/** Reads and checks a question set, naming the first bad entry. */
export function parseEvalQuestions(json: unknown, source: string): EvalQuestion[] {
  if (!Array.isArray(json)) throw new Error(`${source}: expected an array of {"q": string, "expect": string | null}`);
  return json.map((entry: unknown, i) => {
    const e = entry as Partial<EvalQuestion> | null;
    if (!e || typeof e.q !== 'string' || !(typeof e.expect === 'string' || e.expect === null)) {
      throw new Error(`${source}[${i}]: expected {"q": string, "expect": string | null}, got ${JSON.stringify(entry)}`);
    }
    return { q: e.q, expect: e.expect };
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
  questions.forEach(({ q, expect }, i) => {
    const outcome = outcomes[i]!;
    if (expect === null) {
      unanswerable++;
      if (outcome.abstained) declined++;
      else answeredWrongly.push(q);
      return;
    }
    answerable++;
    const rank = outcome.abstained ? -1 : outcome.texts.findIndex((text) => containsExpected(text, expect));
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
