/**
 * Answering a question from the index: dense and keyword scores per passage, the interviews'
 * question-and-answer structure, fusion, the decision to decline, and the sentence to mark.
 * Embedding the question is the caller's job (worker or CLI), so this stays pure.
 */
import type { Calibration } from './calibration.ts';
import { rankBy, reciprocalRankFusion, standardizedSum, topBy } from './fusion.ts';
import { buildKeywordIndex, DEFAULT_KEYWORD_PARAMS, keywordScores, type KeywordIndex, type KeywordParams } from './keyword.ts';
import { keywordDocuments, type AskPassage } from './passage-data.ts';
import { unreadableQuestion, type Unreadable } from './question.ts';
import { quantityAsked, statesAsked } from './quantity.ts';
import { interviewStanding } from './interviews.ts';
import { bestSentence, type Span } from './sentences.ts';
import { sharesTerm, terms, words } from './text.ts';
import { passageStructure, type PassageStructure } from './shards.ts';
import { dotAll, type QuantizedVectors } from './vectors.ts';

/** How retrieval combines its signals; the defaults are what the experiments kept. */
export type RetrievalParams = {
  /**
   * How answers are ordered: by reciprocal rank fusion, by the calibrated confidence itself, or by
   * each signal standardised over this question's candidates (fusion.ts, standardizedSum). Whether
   * to answer at all is always decided on the confidence, which is comparable across questions.
   */
  fusion: 'rrf' | 'score' | 'standardized';
  rrfK: number;
  /** Weight of the standardised keyword score against the standardised dense score, for 'standardized'. */
  rankKeywordWeight?: number;
  /**
   * Weight of its interview's standing, where above the archive's average, added to a passage's
   * confidence: an interview about the question throughout lends its passages confidence, one that
   * is not takes none away. Absent (0) in indexes built before it.
   */
  interviewConfidenceWeight?: number;
  /** Weight of the dense z-score in the confidence. */
  denseWeight: number;
  /** Weight of keyword relevance (0..1) in the confidence. */
  keywordWeight: number;
  /** Answers also score by how close the question is to the interviewer's question they follow. */
  questionVector: boolean;
  /** Decline a question naming something (a capitalised word) that no passage mentions. */
  declineUnknownNames: boolean;
  maxAnswers: number;
  /** Answers after the first must come within this much confidence of the best. */
  answerMargin: number;
  /**
   * A question asked within an interview or topic is declined when the best passage of the scope
   * falls this much confidence below the best of the whole archive: the scope does not answer it,
   * the archive does elsewhere. Absent in indexes built before scopes: then `answerMargin`.
   */
  scopeMargin?: number;
  keyword: KeywordParams;
};

/** The retrieval settings measured best (scripts/ask/experiments.ts). */
export const DEFAULT_RETRIEVAL_PARAMS: Readonly<RetrievalParams> = Object.freeze({
  fusion: 'standardized',
  rrfK: 10,
  rankKeywordWeight: 2,
  interviewConfidenceWeight: 0.25,
  denseWeight: 1,
  keywordWeight: 12,
  questionVector: true,
  declineUnknownNames: true,
  maxAnswers: 5,
  answerMargin: 1.5,
  scopeMargin: 1.5,
  keyword: DEFAULT_KEYWORD_PARAMS,
});

/** What scoring reads: which passages may answer and what they follow, the keyword postings of the question's terms, and the settings. */
export type ScoringIndex = {
  structure: PassageStructure;
  keyword: KeywordIndex;
  params: RetrievalParams;
  /**
   * When a question is asked within one interview or topic (scope.ts): 1 for each passage in it.
   * Only those may answer, or be suggested, and a name the question gives must be in one of them.
   */
  members?: Uint8Array;
};

/** Everything exact retrieval needs in memory: passages, their vectors (row i = passage i) and keyword counts. */
export type AskIndex = ScoringIndex & {
  passages: AskPassage[];
  vectors: QuantizedVectors;
  /** The languages the model reads, when it reads only some (question.ts). */
  languages?: readonly string[];
};

/** Assembles the in-memory index from the shipped files; builds the keyword counts, which are cheap. */
export function createAskIndex(passages: AskPassage[], vectors: QuantizedVectors, params: RetrievalParams = DEFAULT_RETRIEVAL_PARAMS, languages?: readonly string[]): AskIndex {
  if (vectors.count !== passages.length) {
    throw new Error(`the index has ${vectors.count} vectors for ${passages.length} passages`);
  }
  return {
    passages,
    vectors,
    structure: passageStructure(passages),
    keyword: buildKeywordIndex(keywordDocuments(passages), params.keyword),
    params,
    ...(languages ? { languages } : {}),
  };
}

/**
 * One answer: the passage that answers best (its position in the index), its confidence and the
 * sentence of it to mark; `parts`, when the answer runs over neighbouring passages of one turn that
 * answer too, all of them in reading order (`passage` among them), shown as one quote; `asked`, the
 * interviewer's question it follows, when there is one.
 */
export type Answer = { passage: number; score: number; sentence: Span; parts?: number[]; asked?: number };

/** Every passage an answer shows: its parts (or its passage) and the question it follows. */
export function answerPositions(answer: Pick<Answer, 'passage' | 'parts' | 'asked'>): number[] {
  return [...(answer.parts ?? [answer.passage]), ...(answer.asked !== undefined ? [answer.asked] : [])];
}

/** The words an answer quotes: its parts' texts in reading order, a paragraph each (`textOf` gives a passage's text). */
export function answerText(answer: Pick<Answer, 'passage' | 'parts'>, textOf: (passage: number) => string): string {
  return (answer.parts ?? [answer.passage]).map(textOf).join('\n\n');
}

/** An outcome before the answers' sentences are marked: what is chosen, from scores alone. */
export type ChosenAnswers = Omit<AskResult, 'answers'> & { answers: Omit<Answer, 'sentence'>[] };

/** The outcome of a question: answers best first, or a decline with keyword suggestions. */
export type AskResult = {
  abstained: boolean;
  answers: Answer[];
  /** When declining: the passages that share the most keywords with the question, best first. */
  suggestions: number[];
  /** The best confidence found, for display and debugging. */
  confidence: number;
  /** Set when a question asked within a scope is declined because the archive answers it better elsewhere. */
  elsewhere?: boolean;
  /** Set when the question was declined before scoring, and why (question.ts). */
  unreadable?: Unreadable;
  /** Set when a question that asks for a quantity is declined because no answer found states one (quantity.ts). */
  noQuantity?: boolean;
};

/** The decline of a question that cannot be answered whatever the archive holds, or undefined. */
export function declineUnreadable(question: string, languages?: readonly string[]): AskResult | undefined {
  const unreadable = unreadableQuestion(question, languages);
  return unreadable && { abstained: true, answers: [], suggestions: [], confidence: Number.NEGATIVE_INFINITY, unreadable };
}

/** The scores of every passage for one question. */
export type PassageScores = {
  /** Cosine of the question with each passage, raised to its question's for an answer when configured. */
  dense: Float64Array;
  keyword: Float64Array;
  /** Calibrated confidence: dense z-score and keyword relevance, weighted. */
  confidence: Float64Array;
  /** Passages that may be answers (not interviewers' questions; within the scope, if any), in passage order. */
  candidates: readonly number[];
  /**
   * What answers are ordered by (the fusion's score, higher first; ties in passage order), or
   * undefined when scored without `rank`. Candidates are never all sorted: an answer needs its best few.
   */
  order: ArrayLike<number> | undefined;
  /** Calibrated confidence of the best candidate, whatever the order. */
  best: number;
  /** Within a scope: the best confidence of any passage of the archive that may answer, in the scope or not. */
  archiveBest: number;
  /** Each interview's standing for the question (interviews.ts), when interviews lend confidence. */
  standing?: Float64Array;
};

/** Every passage that may answer, in order, for an index without a scope: found once per structure. */
const answerableByStructure = new WeakMap<Uint8Array, readonly number[]>();

/** Passages that may be answers: not interviewers' questions, and within `members` when given; in passage order. */
function answerCandidates(isQuestion: Uint8Array, members: Uint8Array | undefined): readonly number[] {
  const known = members ? undefined : answerableByStructure.get(isQuestion);
  if (known) return known;
  const candidates: number[] = [];
  for (let i = 0; i < isQuestion.length; i++) if (!isQuestion[i] && (!members || members[i])) candidates.push(i);
  if (!members) answerableByStructure.set(isQuestion, candidates);
  return candidates;
}

/**
 * What a question's words alone give every passage, whatever its vectors: keyword relevance, and
 * each interview's standing (interviews.ts). Scoring a question twice, as the two passes do, finds
 * them once (`scorePassages`' `reuse`).
 */
export type WordEvidence = Pick<PassageScores, 'keyword' | 'standing'>;

/**
 * Scores every passage for a question, given the cosine of its embedding with every passage vector;
 * without `rank`, leaves the order out. `reuse`, the scores of the same question on the same index
 * with other cosines, lends its keyword scores and standing instead of finding them again.
 * Plain loops over typed arrays: this runs over every passage of the archive, twice an answer.
 */
export function scorePassages(index: ScoringIndex, calibration: Pick<Calibration, 'dense'>, question: string, cosine: ArrayLike<number>, rank = true, reuse?: WordEvidence): PassageScores {
  const { structure, params, members } = index;
  const count = cosine.length;
  const { isQuestion, interview } = structure;
  const asks = structure.question;
  const dense = new Float64Array(count);
  const denseZ = new Float64Array(count);
  const { mean, std } = calibration.dense;
  const viaQuestion = params.questionVector;
  for (let i = 0; i < count; i++) {
    const asked = asks[i]!;
    // A reader's question that matches an interviewer's question is answered by what follows it.
    const own = cosine[i]!;
    const value = viaQuestion && asked >= 0 ? Math.max(own, cosine[asked]!) : own;
    dense[i] = value;
    denseZ[i] = (value - mean) / std;
  }
  const keyword = reuse?.keyword ?? keywordScores(index.keyword, question);
  // How each interview stands among all of the archive's, within a scope too (so that a scope's confidence means what the calibration's does).
  const confidenceWeight = params.interviewConfidenceWeight ?? 0;
  const lends = interview !== undefined && confidenceWeight !== 0;
  const standing = lends ? (reuse?.standing ?? interviewStanding({ interview, isQuestion }, index.keyword, question)) : undefined;
  // Calibrated confidence: the weighted dense z-score and keyword relevance (added in that order, as
  // fusion.ts's weightedSum adds them), then a quarter, say, of the standing its interview lends.
  const confidence = new Float64Array(count);
  const { denseWeight, keywordWeight } = params;
  for (let i = 0; i < count; i++) {
    let value = 0;
    value += denseWeight * denseZ[i]!;
    value += keywordWeight * keyword[i]!;
    if (standing) {
      const lent = standing[interview![i]!]!;
      if (lent > 0 && !isQuestion[i]) value += confidenceWeight * lent;
    }
    confidence[i] = value;
  }
  // Interviewers' questions are context, not answers; reports and answers are.
  const candidates = answerCandidates(isQuestion, members);
  // Calibration needs only the best confidence: no order (two sorts of the archive, with rrf).
  const order = !rank
    ? undefined
    : params.fusion === 'rrf'
      ? reciprocalRankFusion(
          [
            { scores: denseZ, weight: denseWeight },
            { scores: keyword, weight: keywordWeight },
          ],
          candidates,
          params.rrfK,
        )
      : params.fusion === 'standardized'
        ? standardizedSum(
            [
              { scores: denseZ, weight: 1 },
              { scores: keyword, weight: params.rankKeywordWeight ?? 1 },
            ],
            candidates,
          )
        : confidence;
  let best = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < candidates.length; k++) {
    const value = confidence[candidates[k]!]!;
    if (value > best) best = value;
  }
  let archiveBest = best;
  if (members) {
    for (let i = 0; i < count; i++) if (!isQuestion[i] && confidence[i]! > archiveBest) archiveBest = confidence[i]!;
  }
  return { dense, keyword, confidence, candidates, order, best, archiveBest, ...(standing ? { standing } : {}) };
}

/**
 * Answers a question whose embedding is `queryVector`: answers best first, or a decline (below the
 * calibrated threshold, or unreadable). `members`, when given, keeps the answers within a scope.
 */
export function ask(whole: AskIndex, calibration: Pick<Calibration, 'dense' | 'threshold' | 'centroid'>, question: string, queryVector: Float32Array, members?: Uint8Array): AskResult {
  const index: AskIndex = members ? { ...whole, members } : whole;
  const declined = declineUnreadable(question, index.languages);
  if (declined) return declined;
  const cosine = dotAll(index.vectors, centerQuery(queryVector, calibration.centroid));
  const chosen = chooseAnswers(index, calibration, question, scorePassages(index, calibration, question, cosine));
  const stated = keepQuantities(chosen, question, (i) => index.passages[i]!.text);
  return markSentences(keepSuggestions(stated, question, (i) => index.passages[i]!), question, index.keyword, (i) => index.passages[i]!.text);
}

/**
 * A question that asks for a quantity keeps only the answers that state one (quantity.ts): when none
 * does, it is declined, and the answers it had become its suggestions. Runs once the answers' texts
 * are at hand (`textOf`), before the suggestions are cut (keepSuggestions).
 */
export function keepQuantities(chosen: ChosenAnswers, question: string, textOf: (passage: number) => string): ChosenAnswers {
  const asked = chosen.abstained ? undefined : quantityAsked(question);
  if (!asked) return chosen;
  const stating = chosen.answers.filter((a) => statesAsked(asked, answerText(a, textOf)));
  if (stating.length === chosen.answers.length) return chosen;
  if (stating.length > 0) return { ...chosen, answers: stating };
  return { abstained: true, answers: [], suggestions: chosen.answers.map((a) => a.passage), confidence: chosen.confidence, noQuantity: true };
}

/**
 * The query minus the mean embedding of unanswerable questions. Its dot product with a passage is
 * the cosine less that passage's mean cosine with unanswerable questions: a small model scores any
 * question high against passages that are themselves question-shaped, and this removes that bias.
 */
export function centerQuery(queryVector: Float32Array, centroid: readonly number[] | undefined): Float32Array {
  if (!centroid) return queryVector;
  return queryVector.map((value, i) => value - centroid[i]!);
}

/**
 * Names in a question (capitalised words after its first) that no passage mentions in any field,
 * or, given `members`, no passage of that scope. A verbatim archive cannot answer a question about
 * a name it never says ("Sora", "GPT-7"), however close the rest of the question sounds to
 * something it does say; nor can an interview that never says it.
 */
export function unknownNames(index: KeywordIndex, question: string, members?: Uint8Array): string[] {
  const names = [...question.matchAll(/(?<=\s)\p{Lu}[\p{L}\p{N}]*(?:[-.][\p{L}\p{N}]+)*/gu)].map((m) => m[0]);
  const mentioned = (term: string) => {
    const list = index.postings.get(term);
    return Boolean(list) && (!members || list!.passages.some((p) => members[p] === 1));
  };
  return names.filter((name) => {
    const keys = terms(name);
    return keys.length > 0 && keys.every((term) => !mentioned(term));
  });
}

/** Fewer words than this and a passage is a fragment ("Altman added:"), which cannot stand on its own. */
const FRAGMENT_WORDS = 6;

/**
 * Whether a declined question may suggest a passage: one that stands on its own and whose own words
 * share a keyword with the question, since the page says it "shares words with your question" (a
 * passage that scores through its topics or its interview's title alone does not).
 */
function canSuggest(passage: AskPassage, question: string): boolean {
  return words(passage.text).length >= FRAGMENT_WORDS && sharesTerm(question, `${passage.label ?? ''} ${passage.text}`);
}

/** How many suggestion candidates a decline names, best first, before their texts are checked. */
export const SUGGESTION_CANDIDATES = 12;

/**
 * A decline's suggestions cut to the three best candidates that can stand as suggestions
 * (canSuggest): only once their texts are at hand, which a sharded index fetches on demand.
 */
export function keepSuggestions(chosen: ChosenAnswers, question: string, passage: (position: number) => AskPassage): ChosenAnswers {
  if (chosen.suggestions.length === 0) return chosen;
  return { ...chosen, suggestions: chosen.suggestions.filter((i) => canSuggest(passage(i), question)).slice(0, 3) };
}

/** Turns passage scores into answers, or into a decline with suggestions when even the best is below the threshold. */
export function chooseAnswers(index: ScoringIndex, calibration: Pick<Calibration, 'threshold'>, question: string, scores: PassageScores): ChosenAnswers {
  const { candidates, confidence, keyword, best, archiveBest } = scores;
  const order = scores.order ?? confidence;
  const elsewhere = index.members !== undefined && best < archiveBest - (index.params.scopeMargin ?? index.params.answerMargin);
  if (candidates.length === 0 || best < calibration.threshold || elsewhere || (index.params.declineUnknownNames && unknownNames(index.keyword, question, index.members).length > 0)) {
    const suggestions = topBy(
      keyword,
      candidates.filter((i) => keyword[i]! > 0),
      SUGGESTION_CANDIDATES,
    );
    // Only a question the archive would answer is sent elsewhere.
    const answeredElsewhere = elsewhere && archiveBest >= calibration.threshold;
    return { abstained: true, answers: [], suggestions, confidence: best, ...(answeredElsewhere ? { elsewhere: true } : {}) };
  }
  // The first in the order always answers; the others only within the margin of the best confidence.
  const floor = Math.max(calibration.threshold, best - index.params.answerMargin);
  // The first by the order, then every other candidate within the margin, in order: a few dozen, sorted alone.
  const [first] = topBy(order, candidates, 1);
  const close = [first!, ...rankBy(order, candidates.filter((i) => i !== first && confidence[i]! >= floor))];
  const { structure } = index;
  const answers = groupByTurn(structure, close, index.params.maxAnswers).map((parts) => {
    const passage = parts.best;
    const asked = structure.question[passage]!;
    return { passage, score: confidence[passage]!, ...(parts.run.length > 1 ? { parts: parts.run } : {}), ...(asked >= 0 ? { asked } : {}) };
  });
  return { abstained: false, answers, suggestions: [], confidence: best };
}

/** The most passages of one turn shown together as one answer: about 400 words. */
export const MAX_ANSWER_PARTS = 3;

/**
 * Answers from passages ranked best first, at most `max`, each turn answering once: a passage next
 * to a part of its turn already chosen joins it (the answer runs on, and is shown whole, up to
 * MAX_ANSWER_PARTS), and another part of a turn already answering waits until every other close
 * passage has had its place, so that three neighbouring passages of one turn are the answers only
 * when nothing else is close.
 */
export function groupByTurn(structure: Pick<PassageStructure, 'turn'>, ranked: readonly number[], max: number): { best: number; run: number[] }[] {
  const turnOf = (i: number) => (structure.turn[i]! >= 0 ? structure.turn[i]! : i);
  const groups: { best: number; run: number[] }[] = [];
  const byTurn = new Map<number, { best: number; run: number[] }>();
  const join = (i: number): boolean => {
    const group = byTurn.get(turnOf(i));
    if (!group || group.run.length >= MAX_ANSWER_PARTS) return false;
    if (i === group.run[0]! - 1) group.run.unshift(i);
    else if (i === group.run.at(-1)! + 1) group.run.push(i);
    else return false;
    return true;
  };
  let waiting: number[] = [];
  for (const i of ranked) {
    if (byTurn.has(turnOf(i))) {
      if (!join(i)) waiting.push(i);
    } else if (groups.length < max) {
      const group = { best: i, run: [i] };
      groups.push(group);
      byTurn.set(turnOf(i), group);
    }
  }
  // A part that waited may now touch its answer (its neighbour joined after it), or take a place left over.
  for (let joined = true; joined && waiting.length > 0; ) {
    const before = waiting.length;
    waiting = waiting.filter((i) => !join(i));
    joined = waiting.length < before;
  }
  for (const i of waiting) if (groups.length < max) groups.push({ best: i, run: [i] });
  return groups;
}

/** The chosen answers with the sentence of each that answers the question best marked; `textOf` gives a passage's text. */
export function markSentences(chosen: ChosenAnswers, question: string, keyword: KeywordIndex, textOf: (passage: number) => string): AskResult {
  return { ...chosen, answers: chosen.answers.map((a) => ({ ...a, sentence: bestSentence(textOf(a.passage), question, keyword) })) };
}
