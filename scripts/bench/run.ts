/**
 * `npm run bench [-- options]`: measures the site at the size of real archives, and prints (never
 * asserts) a table, writing JSON beside it. For each archive:
 * - build: a cold full build (empty caches) timed whole and by part, passages embedded per second,
 *   peak memory of the whole process tree;
 * - rebuild: one passage of one episode changed, built again with the caches warm;
 * - files: file count and sizes (site, Pagefind, answer index and its bytes per passage, model,
 *   runtime), the largest file and the largest page, and what breaks the common hosts' limits;
 * - model: the embedded model in Node (model.ts): load, one query, batches, real passages of the site;
 * - node: the answer index in Node (ask.ts): build cold and cached, query latency, quality;
 * - index: the answer index each question of the archive's set reads when it is asked first
 *   (first-answer.ts), by kind of file: what a reader downloads for a first answer, beyond the model;
 * - browser: headless Chromium (browser.ts): first answer with nothing cached, later answers,
 *   Pagefind on the same questions, the tab's memory after ten questions, a page not asked anything.
 *
 * Archives: `sources` (the project's own content/, the two source interviews), `corpus` (a folder of
 * transcripts imported with `npm run import`; package.json passes the workspace's real archive when
 * it is beside the repository) and `generated` (the corpus's episodes repeated under new slugs up
 * to --episodes, 1,000 by default, each labelled as a generated copy; deterministic). Everything is
 * written under `.verbatim/bench/<archive>/`, never into content/.
 *
 * Options: --archive sources,corpus,generated (default: all there are) · --parts
 * build,rebuild,files,model,node,index,browser (default: all) · --corpus DIR · --episodes N · --runs N (browser runs,
 * medians reported) · --http 1.1,2 (the protocols the site is served over to Chromium: plain HTTP/1.1 on
 * 127.0.0.1, the default, and HTTP/2 over TLS, as the common static hosts serve it) · --seed-embeddings (the generated archive starts from the corpus run's
 * embeddings, its texts being the corpus's) · --json FILE (default .verbatim/bench/results.json). The table is Markdown,
 * as the README carries it.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchBrowser, questionsOf, SOURCE_QUESTIONS, type BrowserBench } from './browser.ts';
import { firstAnswerIndex, type FirstAnswerIndex } from './first-answer.ts';
import { PROJECT_ROOT } from '../../src/build/model/paths.ts';
import { generateArchive } from './generate.ts';
import { peakTreeMemory } from './memory.ts';

type Archive = 'sources' | 'corpus' | 'generated';
type Part = 'build' | 'rebuild' | 'files' | 'model' | 'node' | 'index' | 'browser';
const ARCHIVES: Archive[] = ['sources', 'corpus', 'generated'];
const PARTS: Part[] = ['build', 'rebuild', 'files', 'model', 'node', 'index', 'browser'];

const args = process.argv.slice(2);
const option = (flag: string) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const list = <T extends string>(flag: string, all: T[]): T[] => {
  const value = option(flag);
  if (!value) return all;
  const chosen = value.split(',') as T[];
  for (const c of chosen) if (!all.includes(c)) throw new Error(`${flag}: "${c}" is not one of ${all.join(', ')}`);
  return chosen;
};
const corpus = option('--corpus') ? path.resolve(option('--corpus')!) : undefined;
const episodes = Number(option('--episodes') ?? 1000);
const runs = Math.max(1, Number(option('--runs') ?? 1));
const jsonFile = path.resolve(option('--json') ?? path.join(PROJECT_ROOT, '.verbatim/bench/results.json'));
const parts = list('--parts', PARTS);
type HttpVersion = '1.1' | '2';
const httpVersions = list<HttpVersion>('--http', ['1.1', '2']).filter((v, i, all) => all.indexOf(v) === i);
if (!option('--http')) httpVersions.splice(httpVersions.indexOf('2'), 1);
let archives = list('--archive', ARCHIVES);
const corpusThere = corpus !== undefined && existsSync(corpus);
if (!corpusThere && archives.some((a) => a !== 'sources')) {
  const skipped = archives.filter((a) => a !== 'sources');
  console.log(`bench: no corpus at ${corpus ?? '(none given: --corpus DIR)'}, so ${skipped.join(' and ')} ${skipped.length > 1 ? 'are' : 'is'} skipped`);
  archives = archives.filter((a) => a === 'sources');
}

const log = (line: string) => console.log(`bench: ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** What a build printed that the table reads, each figure in milliseconds unless named otherwise. */
type BuildFigures = {
  /** The build started from the corpus run's embeddings (--seed-embeddings), not an empty cache. */
  seeded?: boolean;
  wallMs: number;
  peakMemoryMB: number;
  /** When the peak came, and the build's last line before it. */
  peakAt?: string;
  passages?: number;
  contentCheckMs?: number;
  pagefindMs?: number;
  socialMs?: number;
  embeddingMs?: number;
  embedded?: number;
  fromCache?: number;
  calibrationMs?: number;
  indexFilesMs?: number;
  relatedMs?: number;
  answerIndexMs?: number;
  /** Astro's own work: the wall time less the parts above that run inside its build. */
  astroMs?: number;
};

const PATTERNS: [keyof BuildFigures, RegExp][] = [
  ['contentCheckMs', /Content checked: .* in (\d+) ms/],
  ['pagefindMs', /Pagefind indexed \d+ passages(?: in \d+ parts)? in (\d+) ms/],
  ['socialMs', /Social preview images: .* in (\d+) ms/],
  ['embeddingMs', /Embedding done: .* in (\d+) ms/],
  ['calibrationMs', /Calibrated in (\d+) ms/],
  ['indexFilesMs', /Index files: .* in (\d+) ms/],
  ['relatedMs', /Also said about this: .* linked .* in (\d+) ms/],
];

/** Runs one site build of `content` into `dist`, printing its progress lines, and reads its figures. */
async function build(content: string, dist: string, cache: string): Promise<BuildFigures> {
  const started = performance.now();
  // What npm run build runs (scripts/build.ts), under the Node that runs this script (the project's).
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      VERBATIM_CONTENT: content,
      VERBATIM_OUT_DIR: dist,
      VERBATIM_BUILD_CACHE: path.join(cache, 'build'),
      VERBATIM_CACHE_DIR: path.join(cache, 'astro'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const memory = peakTreeMemory(child.pid!);
  const lines: string[] = [];
  const arrived: number[] = [];
  const read = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      arrived.push(performance.now() - started);
      // The build's own progress (content, embedding, index): what a person waiting wants to see.
      if (/\[verbatim\]|error/i.test(line)) console.log(`  ${line.trim()}`);
    }
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const peak = memory.stop();
  if (code !== 0) throw new Error(`the build of ${content} failed (exit ${code}); its last lines:\n${lines.slice(-15).join('\n')}`);
  // Where the peak fell: the last line the build had printed by then.
  let before = 0;
  while (before + 1 < arrived.length && arrived[before + 1]! <= peak.atMs) before++;
  const figures: BuildFigures = {
    wallMs: performance.now() - started,
    peakMemoryMB: Math.round(peak.bytes / 1e6),
    peakAt: `${Math.round(peak.atMs / 1000)} s, after "${(lines[before] ?? '').replace(/^\S+ /, '').trim().slice(0, 100)}"`,
  };
  const text = lines.join('\n');
  for (const [key, pattern] of PATTERNS) {
    const match = pattern.exec(text);
    if (match) (figures[key] as number) = Number(match[1]);
  }
  const done = /Answer index: (\d+) passages, (\d+) embedded, (\d+) from cache, in (\d+) ms/.exec(text);
  if (done) Object.assign(figures, { passages: Number(done[1]), embedded: Number(done[2]), fromCache: Number(done[3]), answerIndexMs: Number(done[4]) });
  // Astro's step ends where it hands over to the finishing process.
  const handover = lines.findIndex((line) => line.includes('Pages written;'));
  figures.astroMs = handover >= 0
    ? arrived[handover]! - (figures.contentCheckMs ?? 0)
    : figures.wallMs - (figures.contentCheckMs ?? 0) - (figures.pagefindMs ?? 0) - (figures.socialMs ?? 0) - (figures.answerIndexMs ?? 0);
  return figures;
}

/** Changes one passage of the middle episode (a sentence added to its words), to time a rebuild after one edit. */
function editOnePassage(content: string): string {
  const dir = path.join(content, 'interviews');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort();
  const file = path.join(dir, files[Math.floor(files.length / 2)]!);
  const text = readFileSync(file, 'utf8');
  const passages = [...text.matchAll(/(<[A-Z][^>\n]*>\n)([^<\n][^\n]*)(\n<\/[A-Z]+>)/g)];
  const chosen = passages[Math.floor(passages.length / 2)];
  if (!chosen) throw new Error(`bench: no passage to edit in ${file}`);
  // At the start of the passage (the part every model reads), and new each run, so that it is never in the embedding cache.
  const at = chosen.index! + chosen[1]!.length;
  writeFileSync(file, `${text.slice(0, at)}This sentence was added by the benchmark on ${new Date().toISOString()}. ${text.slice(at)}`);
  return path.relative(content, file);
}

type FileFigures = {
  files: number;
  bytes: number;
  largestFile: { path: string; bytes: number };
  largestPage: { path: string; bytes: number };
  pagesOver1MB: number;
  filesOver25MiB: number;
  pagefind: { files: number; bytes: number };
  answerIndex: { files: number; bytes: number; gzip: number; bytesPerPassage: number };
  passagesForAgents: { files: number; largest: number };
  model: number;
  runtime: number;
};

function fileFigures(dist: string, passages: number): FileFigures {
  const all = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .map((f) => ({ path: f, stat: statSync(path.join(dist, f)) }))
    .filter((f) => f.stat.isFile())
    .map((f) => ({ path: f.path, bytes: f.stat.size }));
  const under = (prefix: string) => all.filter((f) => f.path.startsWith(prefix));
  const sum = (files: { bytes: number }[]) => files.reduce((n, f) => n + f.bytes, 0);
  const largest = (files: { path: string; bytes: number }[]) => files.reduce((a, b) => (b.bytes > a.bytes ? b : a), { path: '', bytes: 0 });
  const pages = all.filter((f) => f.path.endsWith('.html'));
  const ask = under('ask/');
  const askGzip = ask.reduce((n, f) => n + gzipSync(readFileSync(path.join(dist, f.path)), { level: 6 }).length, 0);
  const agents = [...under('passages/'), ...all.filter((f) => f.path === 'passages.json')];
  const manifest = JSON.parse(readFileSync(path.join(dist, 'ask/manifest.json'), 'utf8')) as { download: { model: number; runtime: number } };
  return {
    files: all.length,
    bytes: sum(all),
    largestFile: largest(all),
    largestPage: largest(pages),
    pagesOver1MB: pages.filter((f) => f.bytes > 1_000_000).length,
    filesOver25MiB: all.filter((f) => f.bytes > 25 * 1024 * 1024).length,
    pagefind: { files: under('pagefind/').length, bytes: sum(under('pagefind/')) },
    answerIndex: { files: ask.length, bytes: sum(ask), gzip: askGzip, bytesPerPassage: Math.round(sum(ask) / Math.max(passages, 1)) },
    passagesForAgents: { files: agents.length, largest: largest(agents).bytes },
    model: manifest.download.model,
    runtime: manifest.download.runtime,
  };
}

/** The median of each numeric figure over repeated runs (the same shape as one run). */
function medianOf<T>(results: T[]): T {
  if (results.length === 1) return results[0]!;
  const merge = (values: unknown[]): unknown => {
    if (typeof values[0] === 'number') return [...(values as number[])].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    if (Array.isArray(values[0])) return values[0];
    if (values[0] && typeof values[0] === 'object') {
      return Object.fromEntries(Object.keys(values[0]).map((k) => [k, merge(values.map((v) => (v as Record<string, unknown>)[k]))]));
    }
    return values[0];
  };
  return merge(results) as T;
}

type ArchiveResult = {
  archive: Archive;
  episodes: number;
  passages?: number;
  build?: BuildFigures;
  rebuild?: BuildFigures & { edited: string };
  /** A build with the caches warm and nothing changed, run before the rebuild when the cold build was not. */
  unchanged?: BuildFigures;
  files?: FileFigures;
  /** What model.ts and ask.ts printed, line by line. */
  model?: string[];
  node?: string[];
  index?: FirstAnswerIndex;
  browser?: BrowserBench & { runs: number };
  /** The same, the site served over HTTP/2 with TLS (--http 1.1,2 or --http 2). */
  browserHttp2?: BrowserBench & { runs: number };
};

async function benchArchive(archive: Archive): Promise<ArchiveResult> {
  const work = path.join(PROJECT_ROOT, '.verbatim/bench', archive);
  const content = path.join(work, 'content');
  const dist = path.join(work, 'dist');
  const cache = path.join(work, 'cache');
  mkdirSync(work, { recursive: true });
  // The content afresh every run: the rebuild part edits it.
  rmSync(content, { recursive: true, force: true });
  if (archive === 'sources') cpSync(path.join(PROJECT_ROOT, 'content'), content, { recursive: true });
  else {
    const imported = path.join(PROJECT_ROOT, '.verbatim/bench/imported');
    if (!existsSync(path.join(imported, 'interviews'))) {
      log(`importing ${corpus} into ${imported}`);
      await run(process.execPath, ['scripts/import.ts', corpus!, '--out', imported, '--host', 'Amit Varma']);
    }
    if (archive === 'corpus') cpSync(imported, content, { recursive: true });
    else generateArchive(imported, content, episodes, (done, total) => log(`generating the ${total}-episode archive: ${done} of ${total}`));
  }
  const count = readdirSync(path.join(content, 'interviews')).length;
  const result: ArchiveResult = { archive, episodes: count };
  log(`${archive}: ${count} episodes`);
  const needsSite = parts.some((p) => p !== 'build') && !existsSync(path.join(dist, 'ask/manifest.json'));
  if (parts.includes('build') || needsSite) {
    rmSync(cache, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
    // The generated archive's words are the corpus's, so embedding it cold would repeat the corpus's
    // cold embedding exactly; with --seed-embeddings it starts from the corpus run's embeddings.
    const seed = path.join(PROJECT_ROOT, '.verbatim/bench/corpus/cache/build/embeddings');
    const seeded = archive === 'generated' && args.includes('--seed-embeddings') && existsSync(seed);
    if (seeded) cpSync(seed, path.join(cache, 'build/embeddings'), { recursive: true });
    log(`${archive}: cold build (${seeded ? "empty caches but the corpus run's embeddings" : 'empty caches'})`);
    result.build = { ...(await build(content, dist, cache)), seeded };
    result.passages = result.build.passages;
    log(`${archive}: cold build ${seconds(result.build.wallMs)}, peak ${result.build.peakMemoryMB} MB at ${result.build.peakAt}`);
  }
  if (parts.includes('rebuild')) {
    if (!result.build) {
      // The caches must hold this very archive before one passage of it changes: build it once as it is.
      log(`${archive}: build with the caches warm, nothing changed`);
      result.unchanged = await build(content, dist, cache);
      log(`${archive}: unchanged rebuild ${seconds(result.unchanged.wallMs)}, ${result.unchanged.embedded} embedded`);
    }
    const edited = editOnePassage(content);
    log(`${archive}: rebuild after one passage of ${edited} changed`);
    result.rebuild = { ...(await build(content, dist, cache)), edited };
    log(`${archive}: rebuild ${seconds(result.rebuild.wallMs)}, ${result.rebuild.embedded} embedded, peak ${result.rebuild.peakMemoryMB} MB at ${result.rebuild.peakAt}`);
  }
  result.passages ??= (JSON.parse(readFileSync(path.join(dist, 'ask/manifest.json'), 'utf8')) as { passages: { count: number } }).passages.count;
  if (parts.includes('files')) result.files = fileFigures(dist, result.passages);
  if (parts.includes('model')) {
    log(`${archive}: the model in Node`);
    result.model = await run(process.execPath, ['scripts/bench/model.ts', '--dist', dist]);
  }
  // The answer index in Node is measured on the small archive only: on a large one it is a second full index build.
  if (parts.includes('node') && archive === 'sources') {
    log(`${archive}: the answer index in Node`);
    result.node = await run(process.execPath, ['scripts/bench/ask.ts', '--dist', dist]);
  }
  const sets = archive === 'sources' ? SOURCE_QUESTIONS : ['tests/fixtures/eval/seen-unseen.json', 'tests/fixtures/eval/seen-unseen-holdout.json'];
  const questions = questionsOf(sets);
  if (parts.includes('index')) {
    log(`${archive}: the index each of ${questions.length} questions reads when asked first, in Node`);
    result.index = await firstAnswerIndex(dist, questions);
  }
  if (parts.includes('browser')) {
    // Runs over the two protocols alternate, so that a machine's slower minutes fall on both.
    const measured = new Map<HttpVersion, BrowserBench[]>(httpVersions.map((v) => [v, []]));
    for (let r = 0; r < runs; r++) {
      for (const version of httpVersions) {
        log(`${archive}: Chromium over HTTP/${version}, run ${r + 1} of ${runs}, ${questions.length} questions`);
        measured.get(version)!.push(await benchBrowser(dist, questions, { http2: version === '2' }));
      }
    }
    if (httpVersions.includes('1.1')) result.browser = { ...medianOf(measured.get('1.1')!), runs };
    if (httpVersions.includes('2')) result.browserHttp2 = { ...medianOf(measured.get('2')!), runs };
  }
  return result;
}

/** Runs a command in the project, echoing its output, and gives its output lines. */
function run(command: string, argv: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      out += chunk.toString('utf8');
    });
    child.on('close', (code) => (code === 0 ? resolve(out.split('\n').filter((l) => l.trim())) : reject(new Error(`${argv.join(' ')} failed (exit ${code})`))));
  });
}

/** The table: one row per figure, one column per archive. */
/** A later answer's steps as the worker timed them, and the index files each kind of step requested. */
function laterSteps(b: BrowserBench): string {
  return Object.entries(b.laterQuestionPhasesMs)
    .map(([step, ms]) => `${step} ${ms.toFixed(0)} ms${step in b.laterQuestionFiles ? ` (${b.laterQuestionFiles[step]})` : ''}`)
    .join(', ');
}

function table(results: ArchiveResult[]): string {
  const rows: [string, (r: ArchiveResult) => string | undefined][] = [
    ['episodes / passages', (r) => `${r.episodes.toLocaleString('en')} / ${r.passages?.toLocaleString('en') ?? '?'}`],
    ['cold build, whole', (r) => r.build && `${seconds(r.build.wallMs)}${r.build.seeded ? " (embeddings from the corpus run)" : ''}`],
    ['  content check', (r) => r.build?.contentCheckMs !== undefined ? seconds(r.build.contentCheckMs) : undefined],
    ['  Astro (pages, bundles)', (r) => r.build?.astroMs !== undefined ? seconds(r.build.astroMs) : undefined],
    ['  Pagefind', (r) => r.build?.pagefindMs !== undefined ? seconds(r.build.pagefindMs) : undefined],
    ['  social preview images', (r) => r.build?.socialMs !== undefined ? seconds(r.build.socialMs) : undefined],
    ['  embedding', (r) => r.build?.embeddingMs !== undefined ? `${seconds(r.build.embeddingMs)}, ${r.build.embedded?.toLocaleString('en')} embedded (${((r.build.embedded ?? 0) / (r.build.embeddingMs / 1000)).toFixed(1)}/s)` : undefined],
    ['  calibration', (r) => r.build?.calibrationMs !== undefined ? seconds(r.build.calibrationMs) : undefined],
    ['  index files (shards, codes)', (r) => r.build?.indexFilesMs !== undefined ? seconds(r.build.indexFilesMs) : undefined],
    ['  "also said about this"', (r) => r.build?.relatedMs !== undefined ? seconds(r.build.relatedMs) : undefined],
    ['  peak memory (process tree)', (r) => r.build && `${r.build.peakMemoryMB} MB`],
    ['rebuild, nothing changed', (r) => r.unchanged && `${seconds(r.unchanged.wallMs)}, ${r.unchanged.embedded} embedded, peak ${r.unchanged.peakMemoryMB} MB`],
    ['rebuild, one passage changed', (r) => r.rebuild && `${seconds(r.rebuild.wallMs)}, ${r.rebuild.embedded} embedded, peak ${r.rebuild.peakMemoryMB} MB`],
    ['  of which Astro / Pagefind / answer index', (r) => r.rebuild && `${seconds(r.rebuild.astroMs ?? 0)} / ${seconds(r.rebuild.pagefindMs ?? 0)} / ${seconds(r.rebuild.answerIndexMs ?? 0)}`],
    ['site files / bytes', (r) => r.files && `${r.files.files.toLocaleString('en')} / ${mb(r.files.bytes)}`],
    ['largest file', (r) => r.files && `${mb(r.files.largestFile.bytes)} (${r.files.largestFile.path})`],
    ['largest page; pages over 1 MB', (r) => r.files && `${mb(r.files.largestPage.bytes)} (${r.files.largestPage.path}); ${r.files.pagesOver1MB}`],
    ['files over 25 MiB', (r) => r.files && String(r.files.filesOver25MiB)],
    ['Pagefind files / bytes', (r) => r.files && `${r.files.pagefind.files.toLocaleString('en')} / ${mb(r.files.pagefind.bytes)}`],
    ['answer index files / bytes (gzipped); per passage', (r) => r.files && `${r.files.answerIndex.files.toLocaleString('en')} / ${mb(r.files.answerIndex.bytes)} (${mb(r.files.answerIndex.gzip)}); ${r.files.answerIndex.bytesPerPassage} B`],
    ['passages for agents: files, largest', (r) => r.files && `${r.files.passagesForAgents.files}, ${mb(r.files.passagesForAgents.largest)}`],
    ['model / runtime', (r) => r.files && `${mb(r.files.model)} / ${mb(r.files.runtime)}`],
    ['page not asked anything', (r) => r.browser && `${mb(r.browser.pageNotAsked.raw)} in ${r.browser.pageNotAsked.files} files`],
    ['first answer, nothing cached', (r) => r.browser && `${seconds(r.browser.firstQuestionMs)}; ${mb(r.browser.firstQuestionBytes.raw)} (${mb(r.browser.firstQuestionBytes.gzip)} gzipped)`],
    ['  of which the answer index', (r) => r.browser?.firstQuestionIndexBytes && `${mb(r.browser.firstQuestionIndexBytes.raw)} (${mb(r.browser.firstQuestionIndexBytes.gzip)} gzipped) in ${r.browser.firstQuestionIndexBytes.files} files`],
    ['index read by a first question, every question asked first: median / p95 / largest', (r) => r.index && `${mb(r.index.bytes.median)} / ${mb(r.index.bytes.p95)} / ${mb(r.index.bytes.max)} (${r.index.questions})`],
    ['  median by kind', (r) => r.index && Object.entries(r.index.byKind).map(([kind, n]) => `${kind} ${(n / 1e3).toFixed(0)} kB`).join(', ')],
    ['later answers, median / p95', (r) => r.browser && `${r.browser.laterQuestionMs.median.toFixed(0)} / ${r.browser.laterQuestionMs.p95.toFixed(0)} ms (${r.browser.laterQuestionMs.count})`],
    ['  by step, median (files requested)', (r) => r.browser && laterSteps(r.browser)],
    ['Pagefind, same questions, median / p95', (r) => r.browser && `${r.browser.pagefindMs.median.toFixed(0)} / ${r.browser.pagefindMs.p95.toFixed(0)} ms`],
    ['first answer, nothing cached, HTTP/2', (r) => r.browserHttp2 && `${seconds(r.browserHttp2.firstQuestionMs)}; ${mb(r.browserHttp2.firstQuestionBytes.raw)}`],
    ['later answers, HTTP/2, median / p95', (r) => r.browserHttp2 && `${r.browserHttp2.laterQuestionMs.median.toFixed(0)} / ${r.browserHttp2.laterQuestionMs.p95.toFixed(0)} ms (${r.browserHttp2.laterQuestionMs.count}; ${r.browserHttp2.protocols.join(', ')})`],
    ['Pagefind, HTTP/2, median / p95', (r) => r.browserHttp2 && `${r.browserHttp2.pagefindMs.median.toFixed(0)} / ${r.browserHttp2.pagefindMs.p95.toFixed(0)} ms`],
    ['tab memory after ten questions', (r) => r.browser && `${r.browser.tabMemoryAfterTenMB.renderer ?? '?'} MB resident (renderer), page heap ${r.browser.tabMemoryAfterTenMB.page} MB`],
    ['return visit, first answer', (r) => r.browser && `${seconds(r.browser.returnVisitFirstQuestionMs)}; ${mb(r.browser.returnVisitBytes.raw)}`],
  ];
  const header = `| what | ${results.map((r) => r.archive).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---').join('|')}|`;
  const body = rows
    .map(([label, cell]) => ({ label, cells: results.map((r) => cell(r) ?? '') }))
    .filter((row) => row.cells.some(Boolean))
    .map((row) => `| ${row.label} | ${row.cells.join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 1e9), node: process.version, date: new Date().toISOString() };
const results: ArchiveResult[] = [];
for (const archive of archives) results.push(await benchArchive(archive));
mkdirSync(path.dirname(jsonFile), { recursive: true });
writeFileSync(jsonFile, `${JSON.stringify({ machine, parts, results }, null, 2)}\n`);
console.log(`\n${machine.cpus} × ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.date.slice(0, 10)}; browser figures: median of ${runs} run${runs > 1 ? 's' : ''}\n`);
console.log(table(results));
for (const r of results) {
  for (const [what, lines] of [['model in Node', r.model], ['answer index in Node', r.node]] as const) {
    if (lines) console.log(`\n${r.archive}, ${what}:\n${lines.map((l) => `  ${l.trim()}`).join('\n')}`);
  }
}
console.log(`\nJSON: ${path.relative(PROJECT_ROOT, jsonFile)}`);
