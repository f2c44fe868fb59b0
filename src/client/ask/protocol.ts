import type { AskPassage } from '../../lib/ask/passage-data.ts';
import type { AnswerPhases } from '../../lib/ask/sharded.ts';
import type { Unreadable } from '../../lib/ask/question.ts';
import type { LabelledScope } from '../../lib/ask/scope.ts';
import type { Span } from '../../lib/ask/sentences.ts';

/** What the page asks of the answer worker. */
export type WorkerRequest =
  | { type: 'load'; base: string }
  /** `scope`: `interview:<slug>` or `topic:<id>` (scope.ts), to answer from that alone. */
  | { type: 'ask'; id: number; question: string; scope?: string }
  | { type: 'embed'; id: number; texts: string[] };

/**
 * One answer as the page shows it: the passage, its confidence and the sentence to mark; `parts`,
 * when it runs over neighbouring passages of its turn, all of them in reading order (the passage
 * among them); `asked`, the interviewer's question it follows.
 */
export type ShownAnswer = { passage: AskPassage; score: number; sentence: Span; parts?: AskPassage[]; asked?: AskPassage };

/** The outcome of a question, with everything needed to render it. */
export type ShownResult = {
  /** 'semantic' when the model answered, 'keyword' when it could not load and keywords did. */
  mode: 'semantic' | 'keyword';
  abstained: boolean;
  answers: ShownAnswer[];
  /** Passages that share words with a declined question: a way forward. */
  suggestions: AskPassage[];
  /** Set when the question was declined before scoring, and why. */
  unreadable?: Unreadable;
  /** Set when a question asked within a scope is declined because other interviews answer it. */
  elsewhere?: boolean;
  /** Set when a question that asks for a quantity is declined because no answer found states one. */
  noQuantity?: boolean;
  /** The interview or topic the answers come from alone, with how many passages it holds; absent for the whole archive. */
  scope?: LabelledScope & { count: number };
  ms: number;
  /** Milliseconds in each step of an answer by meaning (the question embedded, then sharded.ts's AnswerPhases), for benchmarks. */
  phases?: AnswerPhases & { embed: number };
};

/** What the answer worker reports back. */
export type WorkerMessage =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'ready'; ms: number }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; result: ShownResult }
  | { type: 'embedding'; id: number; vectors: Float32Array[] }
  /** `file`: the index file that was refused, when that is why; `scope`: set when the scope asked within is unknown. */
  | { type: 'error'; id: number; message: string; file?: string; scope?: true };
