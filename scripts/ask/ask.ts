/**
 * `npm run ask -- [--json] [--dist DIR] "question" ...`: answers questions from a built site with
 * verbatim passages, or says that the archive holds no answer. Without questions, reads one per
 * line from standard input. Contract in ../shared/docs/DESIGN.md.
 */
import { readFileSync } from 'node:fs';
import { answerText, type AskResult } from '../../src/lib/ask/answer.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { unreadableSentence } from '../../src/lib/ask/question.ts';
import { noQuantitySentence } from '../../src/lib/ask/quantity.ts';
import { questionGist } from '../../src/lib/ask/sentences.ts';
import { parseCliArgs, runMain } from './cli-args.ts';
import { openSite } from './site-index.ts';

const USAGE = 'npm run ask -- [--json] [--dist DIR] [--exact] [--in interview:<slug>|topic:<id>] "question" ["question" ...]';

/** The JSON line of one question, exactly as the contract has it. */
export function jsonLine(question: string, result: AskResult, passages: ReadonlyMap<number, AskPassage>): string {
  return JSON.stringify({
    question,
    abstained: result.abstained,
    answers: result.answers.map((a) => {
      const p = passages.get(a.passage)!;
      // The speaker is whose words these are: for a reporter's paragraph quoting someone, that someone.
      // The contract's fields only (DESIGN.md): `text` and `url` are the passage that answers best,
      // also when the answer runs on over its turn's next passages, which the text output shows.
      return { text: p.text, speaker: p.voices.join(', '), interview: p.interview, url: p.url, score: Math.round(a.score * 1000) / 1000 };
    }),
  });
}

/** The answers to one question, for people. */
export function humanText(question: string, result: AskResult, passages: ReadonlyMap<number, AskPassage>): string {
  const lines = [`? ${question}`];
  if (result.unreadable) {
    lines.push(`  No answer: ${unreadableSentence(result.unreadable)}`);
    return lines.join('\n');
  }
  if (result.elsewhere) {
    lines.push('  No answer here: other interviews answer it better; ask again without --in.');
    return lines.join('\n');
  }
  if (result.abstained) {
    lines.push(`  No answer: ${result.noQuantity ? noQuantitySentence(question) : 'nothing in the archive is close enough to this question.'}`);
    if (result.suggestions.length > 0) {
      lines.push('  Passages sharing its keywords:');
      for (const i of result.suggestions) lines.push(`    - ${excerpt(passages.get(i)!.text)}  ${passages.get(i)!.url}`);
    }
    return lines.join('\n');
  }
  result.answers.forEach((answer, rank) => {
    const p = passages.get(answer.passage)!;
    const others = p.voices.filter((voice) => voice !== p.speaker);
    const asked = answer.asked !== undefined ? passages.get(answer.asked) : undefined;
    lines.push(
      '',
      `  ${rank + 1}. "${answerText(answer, (i) => passages.get(i)!.text)}"`,
      ...(asked ? [`     in answer to ${asked.speaker}: "${questionGist(asked.text, undefined, asked.turn !== undefined)}"`] : []),
      `     ${p.speaker}${others.length > 0 ? `, quoting ${others.join(', ')}` : ''}: ${p.interview}${p.published ? ` (${p.published})` : ''}`,
      `     ${p.url}   score ${answer.score.toFixed(2)}`,
      `     marked: ${p.text.slice(answer.sentence.start, answer.sentence.end)}`,
    );
  });
  return lines.join('\n');
}

function excerpt(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), USAGE);
  const questions = (args.rest.length > 0 ? args.rest : readFileSync(0, 'utf8').split('\n')).map((q) => q.trim()).filter(Boolean);
  if (questions.length === 0) throw new Error(`No question given. Usage: ${USAGE}`);
  const site = await openSite(args.dist, { exact: args.exact });
  try {
    const scope = args.scope && (await site.resolveScope(args.scope));
    // Said on standard error, so the JSON lines on standard output keep their contract.
    if (scope) process.stderr.write(`Answering from the ${scope.kind} “${scope.label}” alone (${scope.count} passages).\n`);
    const results = await site.answer(questions, scope);
    // Known once answering has read the vectors it needs.
    if (site.note) process.stderr.write(`${site.note}\n`);
    const out = questions.map((q, i) => {
      const { result, passages } = results[i]!;
      return args.json ? jsonLine(q, result, passages) : humanText(q, result, passages);
    });
    process.stdout.write(`${out.join(args.json ? '\n' : '\n\n')}\n`);
  } finally {
    await site.dispose();
  }
}

if (import.meta.main) runMain(main);
