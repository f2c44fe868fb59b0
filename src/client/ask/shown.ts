import type { AskResult } from '../../lib/ask/answer.ts';
import type { AskPassage } from '../../lib/ask/passage-data.ts';
import type { ResolvedScope } from '../../lib/ask/scope.ts';
import type { ShownResult } from './protocol.ts';

/** Resolves an answer's passage positions into the passages themselves (fetched with the result), ready to render; `scope`: what they were asked within. */
export function toShownResult(passages: ReadonlyMap<number, AskPassage>, result: AskResult, mode: ShownResult['mode'], ms: number, scope?: ResolvedScope): ShownResult {
  return {
    mode,
    abstained: result.abstained,
    answers: result.answers.map((a) => ({
      passage: passages.get(a.passage)!,
      score: a.score,
      sentence: a.sentence,
      ...(a.parts ? { parts: a.parts.map((i) => passages.get(i)!) } : {}),
      ...(a.asked !== undefined ? { asked: passages.get(a.asked)! } : {}),
    })),
    suggestions: result.suggestions.map((i) => passages.get(i)!),
    ...(result.unreadable ? { unreadable: result.unreadable } : {}),
    ...(result.elsewhere ? { elsewhere: true } : {}),
    ...(result.noQuantity ? { noQuantity: true } : {}),
    ...(scope ? { scope: { kind: scope.kind, id: scope.id, label: scope.label, count: scope.count } } : {}),
    ms,
  };
}
