import { declineUnreadable, type AskResult } from './answer.ts';
import { rankBy } from './fusion.ts';
import { buildKeywordIndex, keywordScores, type KeywordParams } from './keyword.ts';
import { keywordDocuments, type AskPassage } from './passage-data.ts';
import { bestSentence } from './sentences.ts';

/**
 * Answers from keywords alone, for when the model or its runtime cannot load: the passages that
 * share the most weighted words with the question, best first, with their best sentence; a decline
 * when none shares any. Interviewers' questions are context, never answers, and a question the model's
 * `languages` cannot read is declined, as in `ask`.
 */
export function keywordAnswers(passages: AskPassage[], params: KeywordParams, question: string, languages?: readonly string[], max = 5): AskResult {
  const declined = declineUnreadable(question, languages);
  if (declined) return declined;
  const index = buildKeywordIndex(keywordDocuments(passages), params);
  const scores = keywordScores(index, question);
  const candidates = passages.flatMap((p, i) => (p.kind === 'question' || scores[i]! <= 0 ? [] : [i]));
  const ranking = rankBy(scores, candidates).slice(0, max);
  return {
    abstained: ranking.length === 0,
    answers: ranking.map((i) => ({ passage: i, score: scores[i]!, sentence: bestSentence(passages[i]!.text, question, index) })),
    suggestions: [],
    confidence: ranking.length ? scores[ranking[0]!]! : 0,
  };
}
