import type { AskIndex, AskResult } from '../../lib/ask/answer.ts';
import type { ShownResult } from './protocol.ts';

/** Resolves an answer's passage positions into the passages themselves, ready to render. */
export function toShownResult(index: AskIndex, result: AskResult, mode: ShownResult['mode'], ms: number): ShownResult {
  return {
    mode,
    abstained: result.abstained,
    answers: result.answers.map((a) => ({ passage: index.passages[a.passage]!, score: a.score, sentence: a.sentence })),
    suggestions: result.suggestions.map((i) => index.passages[i]!),
    ...(result.unreadable ? { unreadable: result.unreadable } : {}),
    ms,
  };
}
