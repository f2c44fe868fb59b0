/**
 * Measures the embedded model in Node and prints the numbers (it asserts nothing): conversion
 * time, load time, single-query latency, batch throughput, the rate at which it embeds the real
 * passages of a built site (`--dist DIR`, default dist/; up to 2,048 of them, spread evenly), and the
 * bytes a site serves. `npm run bench:model` prints a table; `-- --json` prints one JSON object instead.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_MODEL_DTYPES, modelFiles, resolveModelConfig } from '../../src/lib/model-config.ts';
import { createEmbedder } from '../../src/build/embedder.ts';
import { DEFAULT_MODELS_DIR, modelDir } from '../../src/build/model/paths.ts';
import { ensureDefaultModel } from '../../src/build/model/prepare.ts';
import { runtimeWasmPath } from '../../src/build/model/site-files.ts';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';

const QUERIES = [
  'Why has OpenAI not released open models?',
  'What does she think about regulation?',
  'How did the company start?',
  'Is scaling enough to reach general intelligence?',
  'What advice would you give to a new researcher?',
  'Who funded the first version?',
  'When did they decide to open source it?',
  'What went wrong with the launch?',
];

type Sizes = { raw: number; gzip: number };

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const results: Record<string, unknown> = {};

  const scratch = await mkdtemp(path.join(tmpdir(), 'verbatim-bench-'));
  try {
    const started = performance.now();
    await ensureDefaultModel({ modelsDir: scratch, force: true });
    results.conversionMs = performance.now() - started;
    const cachedStart = performance.now();
    await ensureDefaultModel({ modelsDir: scratch });
    results.cacheCheckMs = performance.now() - cachedStart;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  await ensureDefaultModel();
  const distAt = process.argv.indexOf('--dist');
  const dist = path.resolve(distAt > 0 ? process.argv[distAt + 1]! : 'dist');
  const published = (await readPublishedPassages((sitePath) => readFile(path.join(dist, sitePath), 'utf8'))).map((p) => p.text);
  const step = Math.max(1, Math.floor(published.length / 2048));
  const passages = published.filter((_, i) => i % step === 0).slice(0, 2048);
  results.passages = { site: dist, of: published.length, sampled: passages.length, meanChars: passages.reduce((a, t) => a + t.length, 0) / passages.length };

  const dtypes: Record<string, unknown> = {};
  for (const dtype of DEFAULT_MODEL_DTYPES) {
    const config = resolveModelConfig({ dtype });
    const loadStart = performance.now();
    const embedder = await createEmbedder(config);
    const loadMs = performance.now() - loadStart;

    for (const query of QUERIES) await embedder.embedQueries([query]);
    const single: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await embedder.embedQueries([QUERIES[i % QUERIES.length]!]);
      single.push(performance.now() - start);
    }
    const batch = Array.from({ length: 32 }, (_, i) => `${QUERIES[i % QUERIES.length]} (variant ${i})`);
    const batches: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await embedder.embedPassages(batch);
      batches.push(performance.now() - start);
    }
    // Wall time and the process's CPU time: on a shared machine the second says more about the code.
    const cpuStart = process.cpuUsage();
    const passagesStart = performance.now();
    await embedder.embedPassages(passages);
    const passagesMs = performance.now() - passagesStart;
    const cpu = process.cpuUsage(cpuStart);
    await embedder.dispose();

    const dir = modelDir(DEFAULT_MODELS_DIR, config.id);
    dtypes[dtype] = {
      loadMs,
      singleQueryMedianMs: median(single),
      singleQueryP95Ms: percentile(single, 0.95),
      batch32MedianMs: median(batches),
      batch32TextsPerSecond: 32 / (median(batches) / 1000),
      passagesPerSecond: passages.length / (passagesMs / 1000),
      passageCpuMs: (cpu.user + cpu.system) / 1000 / passages.length,
      files: Object.fromEntries(await Promise.all(modelFiles(config).map(async (file) => [file, await sizes(path.join(dir, file))] as const))),
    };
  }
  results.dtypes = dtypes;

  const wasm = runtimeWasmPath();
  results.runtime = { [path.basename(wasm)]: await sizes(wasm) };

  if (json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(`USE lite (verbatim/use-lite), Node ${process.version}`);
  console.log(`  conversion          ${ms(results.conversionMs as number)}   (cache check ${ms(results.cacheCheckMs as number)})`);
  for (const [dtype, value] of Object.entries(dtypes)) {
    const r = value as { loadMs: number; singleQueryMedianMs: number; singleQueryP95Ms: number; batch32MedianMs: number; batch32TextsPerSecond: number; passagesPerSecond: number; passageCpuMs: number; files: Record<string, Sizes> };
    console.log(`  ${dtype.padEnd(5)} load              ${ms(r.loadMs)}`);
    console.log(`  ${dtype.padEnd(5)} one query         ${ms(r.singleQueryMedianMs)} median, ${ms(r.singleQueryP95Ms)} p95`);
    console.log(`  ${dtype.padEnd(5)} batch of 32       ${ms(r.batch32MedianMs)} median, ${Math.round(r.batch32TextsPerSecond)} texts/s`);
    const sample = results.passages as { of: number; sampled: number; meanChars: number; site: string };
    console.log(`  ${dtype.padEnd(5)} real passages     ${Math.round(r.passagesPerSecond)}/s, ${ms(r.passageCpuMs)} CPU each (${sample.sampled} of ${sample.of} in ${sample.site}, ${Math.round(sample.meanChars)} characters on average)`);
    for (const [file, size] of Object.entries(r.files)) console.log(`  ${dtype.padEnd(5)} ${file.padEnd(28)} ${bytes(size)}`);
  }
  for (const [file, size] of Object.entries(results.runtime as Record<string, Sizes>)) console.log(`  runtime ${file.padEnd(38)} ${bytes(size)}`);
}

async function sizes(file: string): Promise<Sizes> {
  const content = await readFile(file);
  return { raw: content.length, gzip: gzipSync(content).length };
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

function bytes({ raw, gzip }: Sizes): string {
  const mb = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} KB`);
  return `${mb(raw)} raw, ${mb(gzip)} gzipped`;
}

await main();
