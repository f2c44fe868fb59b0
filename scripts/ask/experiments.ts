/**
 * The measurements behind the retrieval defaults: each idea switched on one at a time over a built
 * site's passages and the real model, on every evaluation set the site can answer: the source
 * pieces' sets (tests/fixtures/eval/questions.json, tests/ask/questions.json and its held-out part)
 * and the real archive's (tests/fixtures/eval/seen-unseen.json and its held-out part), each when
 * the site holds the passages its answers are in. Exact search over every vector, calibrated again
 * per idea as the build calibrates.
 * Run: `npm run ask:experiments -- [--dist DIR] [--cache DIR] [name filter]` (after a build;
 * `--cache` names the embedding cache to read and fill, by default the project's, so that a corpus
 * benchmark's `.verbatim/bench/corpus/cache/build/embeddings` spares embedding the archive again).
 * Prints a table; changes nothing.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerText, centerQuery, chooseAnswers, createAskIndex, keepQuantities, DEFAULT_RETRIEVAL_PARAMS, scorePassages, type AskIndex, type PassageScores, type RetrievalParams } from '../../src/lib/ask/answer.ts';
import { calibrateIndex, DECLINE_MARGIN, sampleQuestions } from '../../src/lib/ask/calibrate-index.ts';
import { containsExpected, evaluate, interviewOfPassage, parseEvalQuestions, type EvalQuestion } from '../../src/lib/ask/evaluate.ts';
import { DEFAULT_KEYWORD_PARAMS, type KeywordParams } from '../../src/lib/ask/keyword.ts';
import { DEFAULT_EMBEDDING_CONTEXT, embeddingTexts, toAskPassages, type EmbeddingContext } from '../../src/lib/ask/passage-data.ts';
import { rankBy, topBy } from '../../src/lib/ask/fusion.ts';
import { splitSentences } from '../../src/lib/ask/sentences.ts';
import { terms, words } from '../../src/lib/ask/text.ts';
import { dequantizeVector, dotAll, quantizeVectors } from '../../src/lib/ask/vectors.ts';
import { resolveModelConfig, type ModelConfig } from '../../src/lib/model-config.ts';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';
import { createEmbedder } from '../../src/build/embedder.ts';
import { DEFAULT_MODELS_DIR, modelDir, PROJECT_ROOT } from '../../src/build/model/paths.ts';
import { DEFAULT_EMBEDDINGS_CACHE, openEmbeddingCache } from '../../src/build/embedding-cache.ts';
import { OFF_TOPIC_QUESTIONS } from '../../src/build/off-topic-questions.ts';

const USAGE = 'npm run ask:experiments -- [--dist DIR] [--cache DIR] [--ranks] [name filter]';
const args = process.argv.slice(2);
// --ranks: where each answerable question's passage ranks, by the fused order and by each score alone, for every idea run.
const ranks = args.includes('--ranks');
if (ranks) args.splice(args.indexOf('--ranks'), 1);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a folder. Usage: ${USAGE}`);
  args.splice(at, 2);
  return path.resolve(value);
};
const dist = option('--dist') ?? path.join(PROJECT_ROOT, 'dist');
const cacheDir = option('--cache');
const unknown = args.find((a) => a.startsWith('--'));
if (unknown) throw new Error(`Unknown option ${unknown}. Usage: ${USAGE}`);
const only = args[0];

const records = await readPublishedPassages((sitePath) => readFile(path.join(dist, sitePath), 'utf8'));
const passages = toAskPassages(records);
const SET_FILES: [string, string][] = [
  ['shared', 'tests/fixtures/eval/questions.json'],
  ['own', 'tests/ask/questions.json'],
  ['holdout', 'tests/ask/questions-holdout.json'],
  ['archive', 'tests/fixtures/eval/seen-unseen.json'],
  ['archive held out', 'tests/fixtures/eval/seen-unseen-holdout.json'],
];
// A set applies to this site when every answer it expects is in one of the site's passages (of the named interview, when it names one).
const byInterview = Map.groupBy(passages, (p) => interviewOfPassage(p.id));
const answerable = (q: EvalQuestion) =>
  q.expect === null || (q.interview ? byInterview.get(q.interview) ?? [] : passages).some((p) => containsExpected(p.text, q.expect!));
const sets: [string, EvalQuestion[]][] = [];
for (const [name, file] of SET_FILES) {
  const questions = parseEvalQuestions(JSON.parse(await readFile(path.join(PROJECT_ROOT, file), 'utf8')), file);
  if (questions.every(answerable)) sets.push([name, questions]);
  else console.error(`${file}: skipped, its answers are not all in ${dist}`);
}
if (sets.length === 0) throw new Error(`No evaluation set is answered by the passages of ${dist}: build the source interviews or the real archive first.`);
console.error(`${passages.length.toLocaleString('en')} passages from ${dist}; sets: ${sets.map(([name]) => name).join(', ')}`);

// The model the site was built with, as its manifest names it, from the site's own copy (as `npm run eval` embeds questions).
const { dims: _dims, ...built } = (JSON.parse(await readFile(path.join(dist, 'ask', 'manifest.json'), 'utf8')) as { model?: ModelConfig & { dims?: number } }).model ?? {};
const model = resolveModelConfig(built);
const siteModels = path.join(dist, 'models');
const modelsDir = existsSync(modelDir(siteModels, model.id)) ? siteModels : DEFAULT_MODELS_DIR;
console.error(`Model ${model.id}`);
const cache = await openEmbeddingCache(model, () => createEmbedder(model, { modelsDir }), cacheDir ?? DEFAULT_EMBEDDINGS_CACHE, modelsDir);
// The interviewers' questions calibration replays, as the build samples them.
const interviewerPositions = sampleQuestions(passages.flatMap((p, i) => (p.kind === 'question' ? [i] : [])));
const questionVectors = new Map<string, Float32Array>();
const allQuestions = [...new Set([...sets.flatMap(([, qs]) => qs.map((q) => q.q)), ...OFF_TOPIC_QUESTIONS, ...interviewerPositions.map((i) => passages[i]!.text)])];
(await cache.embedQueries(allQuestions)).forEach((v, i) => questionVectors.set(allQuestions[i]!, v));

/**
 * An idea: the embedding context, retrieval parameters, float vectors, query centring, `cosine`,
 * what it makes of a centred query's dense scores before they are fused (the calibration gets the same),
 * or `windows`, each answer passage scored by the best of its windows of about that many words.
 */
type Variant = { name: string; context?: EmbeddingContext; params?: Partial<RetrievalParams>; float?: boolean; center?: boolean; cosine?: (index: AskIndex, query: Float32Array, floats: readonly Float32Array[]) => ArrayLike<number>; windows?: number; namesInInterview?: boolean; margin?: number; raise?: number };

/** An answer passage's windows: runs of whole sentences of at least `size` words, the last one's short tail joined to it; none for a passage of one window. */
function passageWindows(text: string, size: number): string[] {
  const windows: { start: number; end: number }[] = [];
  let start = -1;
  let count = 0;
  for (const span of splitSentences(text)) {
    if (start < 0) start = span.start;
    count += words(text.slice(span.start, span.end)).length;
    if (count >= size) {
      windows.push({ start, end: span.end });
      start = -1;
      count = 0;
    }
  }
  if (start >= 0) {
    if (windows.length > 0 && count < size / 3) windows[windows.length - 1]!.end = text.length;
    else windows.push({ start, end: text.length });
  }
  return windows.length > 1 ? windows.map((w) => text.slice(w.start, w.end)) : [];
}

/** Dense scores where each answer passage of several windows scores as the best of them or of its own vector. */
async function windowCosines(size: number): Promise<(index: AskIndex, query: Float32Array) => Float64Array> {
  const owner: number[] = [];
  const texts: string[] = [];
  passages.forEach((p, i) => {
    if (p.kind === 'question') return;
    for (const text of passageWindows(p.text, size)) {
      owner.push(i);
      texts.push(text);
    }
  });
  console.error(`Embedding ${texts.length.toLocaleString('en')} windows of ${size} words`);
  const floats = await cache.embedPassages(texts);
  const windows = quantizeVectors(floats, floats[0]!.length);
  return (index, query) => {
    const cosine = dotAll(index.vectors, query);
    const within = dotAll(windows, query);
    for (let k = 0; k < owner.length; k++) if (within[k]! > cosine[owner[k]!]!) cosine[owner[k]!] = within[k]!;
    return cosine;
  };
}

const RANK_BUCKETS: [string, number][] = [['1', 1], ['2-3', 3], ['4-10', 10], ['11-50', 50], ['51-1000', 1000], ['further or not a candidate', Number.POSITIVE_INFINITY]];

/**
 * For `--ranks`: how many of a set's answerable questions have their answering passage (the first
 * that holds the expected phrase, in the named interview) at each rank among the answer candidates,
 * by the fused order, by the dense score alone and by the keyword score alone, before any decline.
 */
function rankReport(setName: string, questions: readonly EvalQuestion[], scored: readonly PassageScores[]): void {
  const orders = { fused: (s: PassageScores) => s.order ?? s.confidence, dense: (s: PassageScores) => s.dense, keywords: (s: PassageScores) => s.keyword };
  for (const [name, scoresOf] of Object.entries(orders)) {
    const counts = RANK_BUCKETS.map(() => 0);
    questions.forEach((q, n) => {
      if (q.expect === null) return;
      const answers = (i: number) => (!q.interview || interviewOfPassage(passages[i]!.id) === q.interview) && containsExpected(passages[i]!.text, q.expect!);
      const rank = rankBy(scoresOf(scored[n]!), scored[n]!.candidates).findIndex(answers);
      counts[rank < 0 ? RANK_BUCKETS.length - 1 : RANK_BUCKETS.findIndex(([, below]) => rank < below)]!++;
    });
    console.error(`  ${setName}, answering passage's rank by ${name}: ${RANK_BUCKETS.map(([label], i) => `${label}: ${counts[i]}`).join(', ')}`);
  }
}

/** The candidates whose interview mentions every name the question names (capitalised words after its first), in any field. */
function namedInterviews(index: AskIndex, question: string, candidates: readonly number[]): number[] {
  const names = [...question.matchAll(/(?<=\s)\p{Lu}[\p{L}\p{N}]*(?:[-.][\p{L}\p{N}]+)*/gu)].map((m) => terms(m[0])).filter((t) => t.length > 0);
  if (names.length === 0) return [...candidates];
  const interview = index.structure.interview!;
  const naming = names.map((keys) => {
    const set = new Set<number>();
    for (const key of keys) for (const p of index.keyword.postings.get(key)?.passages ?? []) set.add(interview[p]!);
    return set;
  });
  return candidates.filter((p) => naming.every((set) => set.has(interview[p]!)));
}

/** Whether passages a and b are parts of one turn. */
function sameTurn(index: AskIndex, a: number, b: number): boolean {
  const { turn } = index.structure;
  const head = (i: number) => (turn[i]! >= 0 ? turn[i]! : i);
  return head(a) === head(b);
}

/** Each passage's cosine raised by `weight` times the better of its neighbours' within its turn: the passage read with its context. */
const withNeighbours = (weight: number) => (index: AskIndex, query: Float32Array) => {
  const cosine = dotAll(index.vectors, query);
  const out = new Float64Array(cosine.length);
  for (let i = 0; i < cosine.length; i++) {
    let near = Number.NEGATIVE_INFINITY;
    if (i > 0 && sameTurn(index, i - 1, i)) near = cosine[i - 1]!;
    if (i + 1 < cosine.length && sameTurn(index, i, i + 1)) near = Math.max(near, cosine[i + 1]!);
    out[i] = near === Number.NEGATIVE_INFINITY ? cosine[i]! : (cosine[i]! + weight * near) / (1 + weight);
  }
  return out;
};

/**
 * Pseudo-relevance feedback (Rocchio): the query moved by `weight` towards the mean of its `k` closest
 * answer passages, then scored again. No words are made up: the query is pulled towards what the archive says.
 */
const feedback = (k: number, weight: number) => (index: AskIndex, query: Float32Array) => {
  const cosine = dotAll(index.vectors, query);
  const answers = index.passages.flatMap((p, i) => (p.kind === 'question' ? [] : [i]));
  const top = topBy(cosine, answers, k);
  const moved = Float32Array.from(query);
  for (const i of top) {
    const v = dequantizeVector(index.vectors, i);
    for (let d = 0; d < moved.length; d++) moved[d]! += (weight / top.length) * v[d]!;
  }
  return dotAll(index.vectors, moved);
};

async function run(variant: Variant) {
  const context = variant.context ?? DEFAULT_EMBEDDING_CONTEXT;
  const floats = await cache.embedPassages(embeddingTexts(passages, context));
  const vectors = quantizeVectors(floats, floats[0]!.length);
  const index = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, ...variant.params });
  const interviewers = new Map(interviewerPositions.map((i) => [i, questionVectors.get(passages[i]!.text)!] as const));
  const offTopic = OFF_TOPIC_QUESTIONS.map((text) => ({ text, vector: questionVectors.get(text)! }));
  const cosineOf = variant.windows ? await windowCosines(variant.windows) : variant.cosine ? (idx: AskIndex, query: Float32Array) => variant.cosine!(idx, query, floats) : undefined;
  const calibration = calibrateIndex(index, offTopic, interviewers, variant.margin ?? DECLINE_MARGIN, variant.center ?? true, cosineOf);
  const cells = sets.flatMap(([setName, questions]) => {
    const scored = questions.map(({ q }) => {
      const query = centerQuery(questionVectors.get(q)!, calibration.centroid);
      const cosine = cosineOf ? cosineOf(index, query) : variant.float ? floats.map((v) => v.reduce((sum, x, i) => sum + x * query[i]!, 0)) : dotAll(vectors, query);
      const scores = scorePassages(index, calibration, q, cosine);
      return variant.namesInInterview ? { ...scores, candidates: namedInterviews(index, q, scores.candidates) } : scores;
    });
    if (ranks) rankReport(setName, questions, scored);
    return [calibration.threshold + (variant.raise ?? 0)].map((threshold) => {
      const outcomes = questions.map(({ q }, i) => {
        // As every answer is given: the quantity rule reads the chosen answers' texts.
        const result = keepQuantities(chooseAnswers(index, { threshold }, q, scored[i]!), q, (p) => passages[p]!.text);
        return {
          abstained: result.abstained,
          texts: result.answers.map((a) => answerText(a, (i) => passages[i]!.text)),
          interviews: result.answers.map((a) => interviewOfPassage(passages[a.passage]!.id)),
        };
      });
      const r = evaluate(questions, outcomes);
      if (process.env.VERBOSE) console.log(r.missed, r.answeredWrongly);
      return threshold === Number.NEGATIVE_INFINITY
        ? `${r.recallAt1.toFixed(2)} / ${r.recallAt3.toFixed(2)} / ${r.mrr.toFixed(2)}`
        : `${r.recallAt1.toFixed(2)} / ${r.recallAt3.toFixed(2)} / ${r.mrr.toFixed(2)} / ${r.declined} of ${r.unanswerable}`;
    });
  });
  console.log(`| ${variant.name} | ${cells.join(' | ')} | ${(calibration.threshold + (variant.raise ?? 0)).toFixed(2)} |`);
  if (process.env.VERBOSE) console.log(JSON.stringify({ ...calibration, centroid: undefined }));
}

const fields = (weights: Partial<KeywordParams['weights']>) => ({ ...DEFAULT_KEYWORD_PARAMS, weights: { ...DEFAULT_KEYWORD_PARAMS.weights, ...weights } });
const about = (weight: number) => ({ ...DEFAULT_KEYWORD_PARAMS, weights: { ...DEFAULT_KEYWORD_PARAMS.weights, about: weight } });
// The defaults before topic descriptions, standardised fusion and interviews' standing: the rows up to "previous default" build up to it.
const previous: Partial<RetrievalParams> = { fusion: 'score', keyword: about(0), interviewConfidenceWeight: 0 };
const keywordOnly = { ...previous, denseWeight: 0 };
const denseOnly = { ...previous, keywordWeight: 0, questionVector: false };
const textOnly = { ...DEFAULT_KEYWORD_PARAMS, weights: { text: 1, label: 0, question: 0, topics: 0, about: 0, speaker: 0, interview: 0 } };
const none = { section: false, question: false };
const variants: Variant[] = [
  { name: 'dense only, passage text alone', context: none, params: denseOnly, center: false },
  { name: '+ query centred on off-topic mean', context: none, params: denseOnly },
  { name: 'BM25 on passage text only', params: { ...keywordOnly, keyword: textOnly } },
  { name: 'BM25F with fields (label, question, topics, speaker, interview)', params: keywordOnly },
  { name: 'BM25F + topic descriptions field', params: { ...keywordOnly, keyword: DEFAULT_KEYWORD_PARAMS } },
  { name: 'RRF (centred dense, BM25F)', context: none, params: { ...previous, fusion: 'rrf', keywordWeight: 1, questionVector: false } },
  { name: 'calibrated score fusion (dense z + 12 x BM25F)', context: none, params: { ...previous, questionVector: false } },
  { name: '+ answers scored by their question\'s vector (previous default)', params: previous },
  { name: 'previous + section label and question embedded with the passage', context: { section: true, question: true }, params: previous },
  { name: 'previous without query centring', center: false, params: previous },
  { name: 'previous without the unknown-name rule', params: { ...previous, declineUnknownNames: false } },
  { name: 'previous, keyword weight 4', params: { ...previous, keywordWeight: 4 } },
  { name: 'previous, keyword weight 24', params: { ...previous, keywordWeight: 24 } },
  { name: 'previous, float32 vectors instead of int8', float: true, params: previous },
  { name: 'previous + topic descriptions as keyword field, weight 0.5', params: { ...previous, keyword: about(0.5) } },
  { name: 'previous + topic descriptions as keyword field, weight 1', params: { ...previous, keyword: about(1) } },
  { name: 'previous + topic titles embedded with the passage', context: { ...none, topics: true }, params: previous },
  { name: 'previous + topic descriptions embedded with the passage', context: { ...none, about: true }, params: previous },
  { name: 'previous + standardised fusion (rank by z over candidates, dense + 2 x keyword)', params: { ...previous, fusion: 'standardized' } },
  { name: 'standardised fusion + topic descriptions field (the default before interviews lent confidence)', params: { interviewConfidenceWeight: 0 } },
  { name: '+ each passage lent confidence by the standing of its interview (default)' },
  { name: 'default, standardised keyword weight 1', params: { rankKeywordWeight: 1 } },
  { name: 'default, standardised keyword weight 4', params: { rankKeywordWeight: 4 } },
  { name: 'default, standardised keyword weight 0.5', params: { rankKeywordWeight: 0.5 } },
  { name: 'default, topic descriptions field weight 0.5', params: { keyword: about(0.5) } },
  { name: 'default + topic descriptions embedded with the passage', context: { ...none, about: true } },
  { name: 'default + topic titles embedded with the passage', context: { ...none, topics: true } },
  { name: 'default, interview confidence weight 0.5', params: { interviewConfidenceWeight: 0.5 } },
  { name: 'default, interview confidence weight 1', params: { interviewConfidenceWeight: 1 } },
  { name: 'default without query centring', center: false },
  { name: 'default, float32 vectors instead of int8', float: true },
  { name: 'default, decline threshold raised by 0.5', raise: 0.5 },
  { name: 'default, decline threshold raised by 1', raise: 1 },
  { name: 'default, decline threshold raised by 2', raise: 2 },
  { name: 'default, decline margin 0.5 SD above the off-topic questions', margin: 0.5 },
  { name: 'default, decline margin 1.5 SD above the off-topic questions', margin: 1.5 },
  { name: 'default, decline margin 2 SD above the off-topic questions', margin: 2 },
  { name: 'default + only interviews that mention every name the question names answer it', namesInInterview: true },
  { name: 'default, BM25 b 0.5', params: { keyword: { ...DEFAULT_KEYWORD_PARAMS, b: 0.5 } } },
  { name: 'default, BM25 b 0.9', params: { keyword: { ...DEFAULT_KEYWORD_PARAMS, b: 0.9 } } },
  { name: 'default, BM25 k1 0.8', params: { keyword: { ...DEFAULT_KEYWORD_PARAMS, k1: 0.8 } } },
  { name: 'default, BM25 k1 1.8', params: { keyword: { ...DEFAULT_KEYWORD_PARAMS, k1: 1.8 } } },
  { name: 'default, question field weight 1', params: { keyword: fields({ question: 1 }) } },
  { name: 'default, question field weight 0.25', params: { keyword: fields({ question: 0.25 }) } },
  { name: 'default, speaker field weight 1', params: { keyword: fields({ speaker: 1 }) } },
  { name: 'default, interview field weight 0.5', params: { keyword: fields({ interview: 0.5 }) } },
  { name: 'default + each passage scored with its better neighbour in its turn, weight 0.5', cosine: withNeighbours(0.5) },
  { name: 'default + each passage scored with its better neighbour in its turn, weight 0.25', cosine: withNeighbours(0.25) },
  { name: 'default + each passage scored by the best of its windows of 50 words', windows: 50 },
  { name: 'default + query moved towards its 5 closest passages (feedback), weight 0.5', cosine: feedback(5, 0.5) },
  { name: 'default + query moved towards its 10 closest passages (feedback), weight 1', cosine: feedback(10, 1) },
];
console.log(`| idea | ${sets.map(([name]) => name).join(' | ')} (R@1 / R@3 / MRR / declined) | threshold |\n|---|${sets.map(() => '---|').join('')}---|`);
for (const variant of variants) if (!only || variant.name.includes(only)) await run(variant);
await cache.close();
