/**
 * `npm run eval -- [--json] [--dist DIR] [--exact] <questions.json>`: answer quality of a built site on a
 * question set (format of tests/fixtures/eval/questions.json): recall@1, recall@3 and MRR over the
 * answerable questions, and how many unanswerable ones were declined.
 */
import { readFile } from 'node:fs/promises';
import { answerText } from '../../src/lib/ask/answer.ts';
import { evaluate, interviewOfPassage, parseEvalQuestions, scopedEvalSets, type EvalQuestion, type EvalReport } from '../../src/lib/ask/evaluate.ts';
import { parseScope, type ResolvedScope } from '../../src/lib/ask/scope.ts';
import { parseCliArgs, runMain } from './cli-args.ts';
import { openSite, type SiteAsker } from './site-index.ts';

const USAGE = 'npm run eval -- [--json] [--dist DIR] [--exact] [--in interview:<slug>|topic:<id> | --scoped] <questions.json>';

/** Answers every question of a set through the site, within `scope` when given, and scores the outcomes. */
export async function evaluateSite(site: SiteAsker, questions: ReturnType<typeof parseEvalQuestions>, scope?: ResolvedScope): Promise<EvalReport> {
  const results = await site.answer(questions.map((q) => q.q), scope);
  return evaluate(
    questions,
    results.map(({ result, passages }) => ({
      abstained: result.abstained,
      texts: result.answers.map((a) => answerText(a, (i) => passages.get(i)!.text)),
      interviews: result.answers.map((a) => interviewOfPassage(passages.get(a.passage)!.id)),
    })),
  );
}

/**
 * Scoped answering on a set whose questions name their interview (scopedEvalSets): each asked
 * within its own interview, where it should be answered, and within another, where it should be declined.
 */
export async function evaluateScoped(site: SiteAsker, questions: readonly EvalQuestion[]): Promise<{ own: EvalReport; other: EvalReport }> {
  const { own, other } = scopedEvalSets(questions);
  const within = async (set: (EvalQuestion & { scope: string })[]) => {
    const outcomes = [];
    for (const q of set) {
      const { result, passages } = (await site.answer([q.q], await site.resolveScope(parseScope(q.scope)!)))[0]!;
      outcomes.push({
        abstained: result.abstained,
        texts: result.answers.map((a) => answerText(a, (i) => passages.get(i)!.text)),
        interviews: result.answers.map((a) => interviewOfPassage(passages.get(a.passage)!.id)),
      });
    }
    return evaluate(set, outcomes);
  };
  return { own: await within(own), other: await within(other) };
}

/** The report for people. */
export function reportText(file: string, r: EvalReport): string {
  return [
    `${file}: ${r.answerable} answerable, ${r.unanswerable} unanswerable`,
    `  recall@1 ${r.recallAt1.toFixed(3)}   recall@3 ${r.recallAt3.toFixed(3)}   MRR ${r.mrr.toFixed(3)}`,
    `  declined ${r.declined} of ${r.unanswerable} unanswerable`,
    ...r.missed.map((q) => `  not found: ${q}`),
    ...r.answeredWrongly.map((q) => `  answered, should decline: ${q}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), USAGE);
  if (args.rest.length === 0) throw new Error(`No question file given. Usage: ${USAGE}`);
  const site = await openSite(args.dist, { exact: args.exact });
  try {
    const scope = args.scope && (await site.resolveScope(args.scope));
    if (scope) process.stderr.write(`Answering from the ${scope.kind} “${scope.label}” alone (${scope.count} passages).\n`);
    for (const file of args.rest) {
      const questions = parseEvalQuestions(JSON.parse(await readFile(file, 'utf8')), file);
      if (args.scoped) {
        const { own, other } = await evaluateScoped(site, questions);
        const line = args.json
          ? JSON.stringify({ file, own, other: { asked: other.unanswerable, declined: other.declined } })
          : [
              `${file}, each question within its own interview: ${own.answerable} questions`,
              `  recall@1 ${own.recallAt1.toFixed(3)}   recall@3 ${own.recallAt3.toFixed(3)}   MRR ${own.mrr.toFixed(3)}   ${own.missed.length} not found`,
              `${file}, each question within another interview: declined ${other.declined} of ${other.unanswerable}`,
            ].join('\n');
        process.stdout.write(`${line}\n`);
        continue;
      }
      const report = await evaluateSite(site, questions, scope);
      // Known once answering has read the vectors it needs.
      if (site.note) process.stderr.write(`${site.note}\n`);
      process.stdout.write(`${args.json ? JSON.stringify({ file, ...report }) : reportText(file, report)}\n`);
    }
  } finally {
    await site.dispose();
  }
}

if (import.meta.main) runMain(main);
