/**
 * `npm run bench:ask [-- --dist DIR]`: prints (does not assert) what the answer index costs: build time cold and
 * cached, bytes shipped raw and gzipped, Node query latency with the model warm, and answer quality.
 * Reads the built site's passages.json (run `npm run build` first); writes only to a temp folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { indexReader } from '../../src/lib/ask/load.ts';
import { ShardedIndex } from '../../src/lib/ask/sharded.ts';
import { parseEvalQuestions } from '../../src/lib/ask/evaluate.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';
import { buildAskIndex } from '../../src/build/ask-index.ts';
import { evaluateSite, reportText } from '../ask/eval.ts';
import { openSite } from '../ask/site-index.ts';
import { PROJECT_ROOT } from '../../src/build/model/paths.ts';

const percentile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const ms = (value: number) => `${value.toFixed(2)} ms`;

const at = process.argv.indexOf('--dist');
const dist = at > 0 ? path.resolve(process.argv[at + 1]!) : path.join(PROJECT_ROOT, 'dist');
const passages = await readPublishedPassages((sitePath) => readFile(path.join(dist, sitePath), 'utf8'));
const outDir = mkdtempSync(path.join(tmpdir(), 'verbatim-bench-ask-'));
const cacheDir = path.join(outDir, '.cache');

const cold = await buildAskIndex({ passages, outDir, model: DEFAULT_MODEL, cacheDir });
const warm = await buildAskIndex({ passages, outDir, model: DEFAULT_MODEL, cacheDir });
console.log(`index build: ${passages.length} passages; cold ${Math.round(cold.ms)} ms (${cold.embedded} texts embedded, model load included), cached ${Math.round(warm.ms)} ms (${warm.embedded} embedded)`);
const kinds = new Map<string, { files: number; bytes: number; gzipped: number }>();
for (const file of cold.files) {
  const bytes = readFileSync(file);
  const kind = path.relative(path.join(outDir, 'ask'), file).split('/')[0]!;
  const total = kinds.get(kind) ?? { files: 0, bytes: 0, gzipped: 0 };
  kinds.set(kind, { files: total.files + 1, bytes: total.bytes + bytes.length, gzipped: total.gzipped + gzipSync(bytes, { level: 9 }).length });
}
for (const [kind, t] of kinds) console.log(`  ask/${kind}: ${t.files} files, ${t.bytes} bytes, ${t.gzipped} gzipped`);

const site = await openSite(outDir);
const index = await ShardedIndex.open(site.manifest, indexReader(async (name) => new Uint8Array(readFileSync(path.join(outDir, 'ask', name)))));
const sets = ['tests/fixtures/eval/questions.json', 'tests/ask/questions.json'].map((file) => ({
  file,
  questions: parseEvalQuestions(JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')), file),
}));
const questions = sets.flatMap((s) => s.questions.map((q) => q.q));
await site.answer(questions);
const total: number[] = [];
const retrievalOnly: number[] = [];
for (const question of questions) {
  const start = performance.now();
  await site.answer([question]);
  total.push(performance.now() - start);
}
// Retrieval alone, the part that runs after the model: any unit vector costs the same.
const { dims } = site.manifest.model;
const vector = new Float32Array(dims).fill(1 / Math.sqrt(dims));
for (const question of questions) {
  const start = performance.now();
  await index.ask(question, vector);
  retrievalOnly.push(performance.now() - start);
}
console.log(`query latency in Node over ${questions.length} questions, model warm: embed + answer median ${ms(percentile(total, 0.5))}, p95 ${ms(percentile(total, 0.95))}; retrieval alone median ${ms(percentile(retrievalOnly, 0.5))}, p95 ${ms(percentile(retrievalOnly, 0.95))}`);
for (const { file, questions: set } of sets) console.log(reportText(file, await evaluateSite(site, set)));
await site.dispose();
// The index and its embeddings were the measurement's own: nothing of them is left in the temporary folder.
rmSync(outDir, { recursive: true, force: true });
