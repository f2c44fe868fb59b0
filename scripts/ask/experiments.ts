/**
 * The measurements behind the retrieval defaults: each idea switched on one at a time over the
 * real archive and model, on the shared eval questions (tests/fixtures/eval/questions.json) and on
 * tests/ask/questions.json.
 * Run: `npm run ask:experiments` (after `npm run build`). Prints a table; changes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerText, centerQuery, chooseAnswers, createAskIndex, DEFAULT_RETRIEVAL_PARAMS, scorePassages, type RetrievalParams } from '../../src/lib/ask/answer.ts';
import { calibrateIndex, DECLINE_MARGIN } from '../../src/lib/ask/calibrate-index.ts';
import { evaluate, interviewOfPassage, parseEvalQuestions, type EvalQuestion } from '../../src/lib/ask/evaluate.ts';
import { DEFAULT_KEYWORD_PARAMS } from '../../src/lib/ask/keyword.ts';
import { DEFAULT_EMBEDDING_CONTEXT, embeddingTexts, toAskPassages, type EmbeddingContext } from '../../src/lib/ask/passage-data.ts';
import { dotAll, quantizeVectors } from '../../src/lib/ask/vectors.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';
import { createEmbedder } from '../../src/build/embedder.ts';
import { PROJECT_ROOT } from '../../src/build/model/paths.ts';
import { openEmbeddingCache } from '../../src/build/embedding-cache.ts';
import { OFF_TOPIC_QUESTIONS } from '../../src/build/off-topic-questions.ts';

const records = await readPublishedPassages((sitePath) => readFile(path.join(PROJECT_ROOT, 'dist', sitePath), 'utf8'));
const sets: [string, EvalQuestion[]][] = [
  ['shared', parseEvalQuestions(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'eval', 'questions.json'), 'utf8')), 'shared')],
  ['own', parseEvalQuestions(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'tests', 'ask', 'questions.json'), 'utf8')), 'own')],
  ['holdout', parseEvalQuestions(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'tests', 'ask', 'questions-holdout.json'), 'utf8')), 'holdout')],
];
const passages = toAskPassages(records);
const cache = await openEmbeddingCache(DEFAULT_MODEL, () => createEmbedder(DEFAULT_MODEL));
const questionVectors = new Map<string, Float32Array>();
const allQuestions = [...new Set([...sets.flatMap(([, qs]) => qs.map((q) => q.q)), ...OFF_TOPIC_QUESTIONS, ...passages.map((p) => p.text)])];
(await cache.embedQueries(allQuestions)).forEach((v, i) => questionVectors.set(allQuestions[i]!, v));

type Variant = { name: string; context?: EmbeddingContext; params?: Partial<RetrievalParams>; float?: boolean; center?: boolean };

async function run(variant: Variant) {
  const context = variant.context ?? DEFAULT_EMBEDDING_CONTEXT;
  const floats = await cache.embedPassages(embeddingTexts(passages, context));
  const vectors = quantizeVectors(floats, floats[0]!.length);
  const index = createAskIndex(passages, vectors, { ...DEFAULT_RETRIEVAL_PARAMS, ...variant.params });
  const interviewers = new Map(passages.flatMap((p, i) => (p.kind === 'question' ? [[i, questionVectors.get(p.text)!] as const] : [])));
  const offTopic = OFF_TOPIC_QUESTIONS.map((text) => ({ text, vector: questionVectors.get(text)! }));
  const calibration = calibrateIndex(index, offTopic, interviewers, DECLINE_MARGIN, variant.center ?? true);
  const cells = sets.flatMap(([, questions]) => {
    const scored = questions.map(({ q }) => {
      const query = centerQuery(questionVectors.get(q)!, calibration.centroid);
      const cosine = variant.float ? floats.map((v) => v.reduce((sum, x, i) => sum + x * query[i]!, 0)) : dotAll(vectors, query);
      return scorePassages(index, calibration, q, cosine);
    });
    return [calibration.threshold].map((threshold) => {
      const outcomes = questions.map(({ q }, i) => {
        const result = chooseAnswers(index, { threshold }, q, scored[i]!);
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
  console.log(`| ${variant.name} | ${cells.join(' | ')} | ${calibration.threshold.toFixed(2)} |`);
  if (process.env.VERBOSE) console.log(JSON.stringify({ ...calibration, centroid: undefined }));
}

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
  { name: 'default, topic descriptions field weight 0.5', params: { keyword: about(0.5) } },
  { name: 'default + topic descriptions embedded with the passage', context: { ...none, about: true } },
  { name: 'default + topic titles embedded with the passage', context: { ...none, topics: true } },
  { name: 'default, interview confidence weight 0.5', params: { interviewConfidenceWeight: 0.5 } },
  { name: 'default, interview confidence weight 1', params: { interviewConfidenceWeight: 1 } },
  { name: 'default without query centring', center: false },
  { name: 'default, float32 vectors instead of int8', float: true },
];
const only = process.argv[2];
console.log('| idea | shared: R@1 / R@3 / MRR / declined | own | holdout | threshold |\n|---|---|---|---|---|');
for (const variant of variants) if (!only || variant.name.includes(only)) await run(variant);
await cache.close();
