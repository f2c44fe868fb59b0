/**
 * `npm run eval -- [--json] [--dist DIR] [--exact] <questions.json>`: answer quality of a built site on a
 * question set (format of tests/fixtures/eval/questions.json): recall@1, recall@3 and MRR over the
 * answerable questions, and how many unanswerable ones were declined.
 */
import { readFile } from 'node:fs/promises';
import { evaluate, interviewOfPassage, parseEvalQuestions, type EvalReport } from '../../src/lib/ask/evaluate.ts';
import { parseCliArgs, runMain } from './cli-args.ts';
import { openSite, type SiteAsker } from './site-index.ts';

const USAGE = 'npm run eval -- [--json] [--dist DIR] [--exact] <questions.json>';

/** Answers every question of a set through the site and scores the outcomes. */
export async function evaluateSite(site: SiteAsker, questions: ReturnType<typeof parseEvalQuestions>): Promise<EvalReport> {
  const results = await site.answer(questions.map((q) => q.q));
  return evaluate(
    questions,
    results.map(({ result, passages }) => ({
      abstained: result.abstained,
      texts: result.answers.map((a) => passages.get(a.passage)!.text),
      interviews: result.answers.map((a) => interviewOfPassage(passages.get(a.passage)!.id)),
    })),
  );
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
    for (const file of args.rest) {
      const questions = parseEvalQuestions(JSON.parse(await readFile(file, 'utf8')), file);
      const report = await evaluateSite(site, questions);
      // Known once answering has read the vectors it needs.
      if (site.note) process.stderr.write(`${site.note}\n`);
      process.stdout.write(`${args.json ? JSON.stringify({ file, ...report }) : reportText(file, report)}\n`);
    }
  } finally {
    await site.dispose();
  }
}

if (import.meta.main) runMain(main);
