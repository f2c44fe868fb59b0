/**
 * `npm run bench:browser [-- --dist DIR] [--questions FILE ...] [--http2] [--json]`: prints (does not
 * assert) what a reader's browser pays, in headless Chromium against a built site on 127.0.0.1
 * (plain HTTP/1.1, or with --http2 HTTP/2 over TLS as the common static hosts serve): bytes of a
 * page not asked anything, the first question with nothing cached (time and bytes, raw and
 * gzipped), later questions, Pagefind's time for the same questions, the tab's memory after ten
 * questions, the model's load and embedding time in the worker, and a return visit's first question
 * with the cache warm. `npm run bench` (run.ts) calls benchBrowser for each archive it measures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic } from '../lib/static-server.ts';
import { PROJECT_ROOT } from '../../src/build/model/paths.ts';
import { treeMemory } from './memory.ts';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(0.95 * v.length))]!;
const spread = (v: number[]) => ({ count: v.length, median: median(v), p95: p95(v) });

/** The two question sets of the source interviews. */
export const SOURCE_QUESTIONS = ['tests/fixtures/eval/questions.json', 'tests/ask/questions.json'];

/** The questions of evaluation sets (files of `{ q }` records, relative to the project). */
export function questionsOf(files: readonly string[]): string[] {
  return files.flatMap((f) => (JSON.parse(readFileSync(path.join(PROJECT_ROOT, f), 'utf8')) as { q: string }[]).map((q) => q.q));
}

export type Bytes = { files: number; raw: number; gzip: number };
export type Spread = { count: number; median: number; p95: number };
export type BrowserBench = {
  /** The protocols the page's requests went over, as Chromium reports them (`http/1.1`, `h2`). */
  protocols: string[];
  pageNotAsked: Bytes & { page: string };
  firstQuestionMs: number;
  firstQuestionBytes: Bytes;
  /** Of those, the answer index's files (under ask/): what the issue's 3 MB is about. */
  firstQuestionIndexBytes: Bytes;
  laterQuestionMs: Spread;
  /**
   * The median milliseconds of each step of the later answers by meaning, as the worker timed them
   * (the question embedded, its terms' shards, the first pass, the exact vectors, choosing, the
   * answers' passages): what a later answer waits for. Declined questions have none.
   */
  laterQuestionPhasesMs: Record<string, number>;
  /** The median number of the answer index's files a later question requested, by kind (terms, passages: texts and vectors; the browser's cache may have served some). */
  laterQuestionFiles: Record<string, number>;
  pagefindMs: Spread;
  /** After ten questions: the page's JavaScript heap, and the resident memory of Chromium's renderer processes (the tab, its model worker and its WebAssembly memory; the only tab open then). */
  tabMemoryAfterTenMB: { page: number; renderer: number | null };
  workerLoadWarmCacheMs: number;
  embedOneQueryMs: { median: number; p95: number };
  returnVisitFirstQuestionMs: number;
  returnVisitBytes: Bytes;
};

export type BrowserBenchOptions = {
  chromiumPath?: string;
  /**
   * Serve the site over HTTP/2 with TLS, as the common static hosts do, instead of plain HTTP/1.1
   * on 127.0.0.1, where Chromium opens at most six connections and queues the rest of a page's
   * requests (an answer's shards among them).
   */
  http2?: boolean;
};

/** Runs the browser benchmark against the site in `dist` (built with base `/`), asking `questions` (at least 11). */
export async function benchBrowser(dist: string, questions: readonly string[], options: BrowserBenchOptions = {}): Promise<BrowserBench> {
  const chromiumPath = options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path.join(dist, 'ask', 'manifest.json'))) throw new Error(`No built site in ${dist}: run \`npm run build\` first.`);
  if (questions.length < 11) throw new Error(`benchBrowser needs at least 11 questions, not ${questions.length}`);
  const host = await serveStatic(dist, '/', { http2: options.http2 });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await measure(dist, host.url, browser, questions, Boolean(options.http2));
  } finally {
    await browser.close();
    await host.close();
  }
}

const progress = (line: string) => console.error(`  browser: ${line}`);

async function measure(dist: string, origin: string, browser: Browser, questions: readonly string[], http2: boolean): Promise<BrowserBench> {
  // The certificate of the HTTP/2 host is self-signed.
  const newContext = () => browser.newContext({ ignoreHTTPSErrors: http2 });
  /** Bytes of the site files a list of URLs fetched: raw, and as a host compressing with gzip would send them. */
  const bytesOf = (urls: string[]): Bytes => {
    let raw = 0;
    let gzip = 0;
    const files = new Set(urls.map((u) => new URL(u).pathname));
    for (const pathname of files) {
      let file = path.join(dist, decodeURIComponent(pathname));
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 6 }).length;
    }
    return { files: files.size, raw, gzip };
  };

  // A page not asked anything: the newest interview's, the page readers land on most.
  const interviews = readdirSync(path.join(dist, 'interviews'), { withFileTypes: true }).filter((d) => d.isDirectory());
  const idlePath = interviews.length > 0 ? `interviews/${interviews[0]!.name}/` : '';
  const context = await newContext();
  const idle = await openPage(context, `${origin}${idlePath}`);
  await idle.page.waitForLoadState('networkidle');
  const pageNotAsked = { page: `/${idlePath}`, ...bytesOf(idle.requests) };
  await idle.page.close();

  const cold = await newContext();
  const { page, requests } = await openPage(cold, `${origin}ask/?q=${encodeURIComponent(questions[0]!)}`);
  const firstQuestionMs = await firstAnswer(page);
  const firstQuestionBytes = bytesOf(requests);
  const firstQuestionIndexBytes = bytesOf(requests.filter((u) => new URL(u).pathname.startsWith('/ask/') && !new URL(u).pathname.endsWith('/ask/')));

  const protocols = await page.evaluate(() => [...new Set(performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).nextHopProtocol))]);

  const later: number[] = [];
  const phases: Record<string, number>[] = [];
  const files: Record<string, number>[] = [];
  let tabMemoryAfterTenMB: BrowserBench['tabMemoryAfterTenMB'] = { page: 0, renderer: null };
  for (const [n, q] of questions.slice(1).entries()) {
    if (n % 50 === 0) progress(`later questions: ${n} of ${questions.length - 1}`);
    const before = requests.length;
    const asked = await askOnPage(page, q);
    files.push(countByKind(requests.slice(before)));
    later.push(asked.ms);
    if (asked.phases) phases.push(JSON.parse(asked.phases) as Record<string, number>);
    if (n + 2 === 10) tabMemoryAfterTenMB = await tabMemory(cold, page);
  }

  const search = await cold.newPage();
  await search.goto(`${origin}search/`);
  const pagefind: number[] = [];
  // The first query loads Pagefind itself; it is measured with the rest, as a reader meets it.
  for (const [n, q] of questions.entries()) {
    if (n % 50 === 0) progress(`Pagefind: ${n} of ${questions.length}`);
    pagefind.push(await searchOnPage(search, q));
  }
  await search.close();

  const worker = readdirSync(path.join(dist, '_astro')).find((f) => /^worker-.*\.js$/.test(f))!;
  const timing = await page.evaluate(
    async ({ url, texts }) => {
      const w = new Worker(url, { type: 'module' });
      const reply = (type: string) =>
        new Promise<{ type: string; vectors?: unknown }>((resolve, reject) => {
          w.addEventListener('message', function on({ data }) {
            if (data.type === 'failed' || data.type === 'error') reject(new Error(data.message));
            if (data.type === type) {
              w.removeEventListener('message', on);
              resolve(data);
            }
          });
        });
      const started = performance.now();
      w.postMessage({ type: 'load', base: '/' });
      await reply('ready');
      const load = performance.now() - started;
      const embeds: number[] = [];
      for (let i = 0; i < texts.length; i++) {
        const t = performance.now();
        w.postMessage({ type: 'embed', id: i, texts: [texts[i]] });
        await reply('embedding');
        embeds.push(performance.now() - t);
      }
      w.terminate();
      return { load, embeds };
    },
    { url: `${origin}_astro/${worker}`, texts: [...questions] },
  );

  const again = await openPage(cold, `${origin}ask/?q=${encodeURIComponent(questions[1]!)}`);
  const returnVisitFirstQuestionMs = await firstAnswer(again.page);
  const returnVisitBytes = bytesOf(again.requests);
  await cold.close();
  await context.close();
  return {
    protocols,
    pageNotAsked,
    firstQuestionMs,
    firstQuestionBytes,
    firstQuestionIndexBytes,
    laterQuestionMs: spread(later),
    laterQuestionFiles: Object.fromEntries(INDEX_KINDS.map((kind) => [kind, median(files.map((f) => f[kind] ?? 0))])),
    laterQuestionPhasesMs: Object.fromEntries(Object.keys(phases[0] ?? {}).map((step) => [step, median(phases.map((p) => p[step]!))])),
    pagefindMs: spread(pagefind),
    tabMemoryAfterTenMB,
    workerLoadWarmCacheMs: timing.load,
    embedOneQueryMs: { median: median(timing.embeds), p95: p95(timing.embeds) },
    returnVisitFirstQuestionMs,
    returnVisitBytes,
  };
}

/** Opens a page that records its (and its workers') requests and when the first answer shows. */
async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; requests: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const region = document.querySelector('[data-ask-results]');
      if (region?.getAttribute('aria-busy') === 'false' && region.querySelector('[data-answer], [data-no-answer]')) {
        (window as unknown as { firstAnswerAt: number }).firstAnswerAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(url);
  return { page, requests };
}

async function firstAnswer(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { firstAnswerAt?: number }).firstAnswerAt !== undefined, undefined, { timeout: 300_000 });
  return page.evaluate(() => (window as unknown as { firstAnswerAt: number }).firstAnswerAt);
}

const INDEX_KINDS = ['terms', 'passages'] as const;

/** How many of some requests went to each kind of the answer index's shards (`/ask/<kind>/`). */
function countByKind(urls: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const url of urls) {
    const kind = /\/ask\/([a-z]+)\//.exec(new URL(url).pathname)?.[1];
    if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Asks the page's main box a question; milliseconds from submitting to the answers shown, and the worker's timing of its steps (render.ts's `data-phases`) when it has them. */
function askOnPage(page: Page, question: string): Promise<{ ms: number; phases?: string }> {
  return page.evaluate(async (q) => {
    const box = document.querySelector('[data-ask-box][data-main]')!;
    const form = box.querySelector('form')!;
    const region = box.querySelector('[data-ask-results]')!;
    form.querySelector<HTMLInputElement>('input[name="q"]')!.value = q;
    const started = performance.now();
    const done = new Promise<{ ms: number; phases?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to "${q}" within 60 s`)), 60_000);
      const observer = new MutationObserver(() => {
        if (region.getAttribute('aria-busy') === 'false') {
          observer.disconnect();
          clearTimeout(timer);
          const ms = performance.now() - started;
          const phases = (region as HTMLElement).dataset.phases;
          resolve(phases ? { ms, phases } : { ms });
        }
      });
      observer.observe(region, { attributes: true, attributeFilter: ['aria-busy'] });
    });
    form.requestSubmit();
    return done;
  }, question);
}

/** Types a query into the search page; milliseconds until Pagefind's results (or its "no results") are shown. */
async function searchOnPage(page: Page, query: string): Promise<number> {
  return page.evaluate(async (q) => {
    const input = document.querySelector<HTMLInputElement>('#search-input')!;
    const status = document.querySelector<HTMLElement>('#search-status')!;
    const list = document.querySelector('#search-results')!;
    // Emptied here, so that the page's next word in it, whatever it says, marks this query done.
    status.textContent = '';
    const started = performance.now();
    const done = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the search page gave no results for "${q}" within 60 s`)), 60_000);
      const observer = new MutationObserver(() => {
        if (!list.hasAttribute('aria-busy') && status.textContent !== '') {
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      observer.observe(document.querySelector('#search')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return done;
  }, query);
}

/** The page's JavaScript heap in use (Chrome DevTools Protocol) and the renderer processes' resident memory (Linux /proc), in MB. */
async function tabMemory(context: BrowserContext, page: Page): Promise<{ page: number; renderer: number | null }> {
  const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;
  const session = await context.newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  // Chromium is this process's child; its renderers say so on their command line.
  const renderer = treeMemory(process.pid, (commandLine) => commandLine.includes('--type=renderer'));
  return { page: mb(usedSize), renderer: renderer > 0 ? mb(renderer) : null };
}

/** The figures as lines of text. */
export function browserLines(r: BrowserBench): string[] {
  const mb = (b: Bytes) => `${(b.raw / 1e6).toFixed(2)} MB raw, ${(b.gzip / 1e6).toFixed(2)} MB gzipped, ${b.files} files`;
  return [
    `served over ${r.protocols.join(', ')}`,
    `page not asked anything (${r.pageNotAsked.page})  ${mb(r.pageNotAsked)}`,
    `first question, nothing cached  ${r.firstQuestionMs.toFixed(0)} ms from navigation to answer; ${mb(r.firstQuestionBytes)}`,
    `later questions (${r.laterQuestionMs.count})  median ${r.laterQuestionMs.median.toFixed(1)} ms, p95 ${r.laterQuestionMs.p95.toFixed(1)} ms`,
    `later questions' index files, median  ${Object.entries(r.laterQuestionFiles).map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
    `later questions by step, median  ${Object.entries(r.laterQuestionPhasesMs).map(([step, ms]) => `${step} ${ms.toFixed(1)} ms`).join(', ') || 'none timed'}`,
    `Pagefind, same questions (${r.pagefindMs.count})  median ${r.pagefindMs.median.toFixed(1)} ms, p95 ${r.pagefindMs.p95.toFixed(1)} ms`,
    `tab memory after ten questions  page heap ${r.tabMemoryAfterTenMB.page} MB${r.tabMemoryAfterTenMB.renderer !== null ? `, renderer processes ${r.tabMemoryAfterTenMB.renderer} MB resident` : ''}`,
    `worker load, cache warm  ${r.workerLoadWarmCacheMs.toFixed(0)} ms; one query embedded: median ${r.embedOneQueryMs.median.toFixed(1)} ms, p95 ${r.embedOneQueryMs.p95.toFixed(1)} ms`,
    `return visit, first question  ${r.returnVisitFirstQuestionMs.toFixed(0)} ms; ${mb(r.returnVisitBytes)}`,
  ];
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const files = args.flatMap((a, i) => (args[i - 1] === '--questions' ? [a] : []));
  const dist = path.resolve(value('--dist') ?? path.join(PROJECT_ROOT, 'dist'));
  const result = await benchBrowser(dist, questionsOf(files.length > 0 ? files : SOURCE_QUESTIONS), { http2: args.includes('--http2') });
  if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else for (const line of browserLines(result)) console.log(`  ${line}`);
}
