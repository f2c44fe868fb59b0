/**
 * `npm run bench:browser`: prints (does not assert) what a reader's browser pays, in headless
 * Chromium against the built site (dist/) on 127.0.0.1: bytes of a page not asked anything, the
 * first question with nothing cached (time and bytes, raw and gzipped), later questions, the model's
 * load and embedding time in the worker, and a return visit's first question with the cache warm.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic } from '../lib/static-server.ts';
import { PROJECT_ROOT } from '../model/paths.ts';

const dist = path.join(PROJECT_ROOT, 'dist');
if (!existsSync(path.join(dist, 'ask', 'manifest.json'))) throw new Error('No built site in dist/: run `npm run build` first.');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const json = process.argv.includes('--json');

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(0.95 * v.length))]!;
const questions = ['tests/fixtures/eval/questions.json', 'tests/ask/questions.json'].flatMap(
  (f) => (JSON.parse(readFileSync(path.join(PROJECT_ROOT, f), 'utf8')) as { q: string }[]).map((q) => q.q),
);

const host = await serveStatic(dist, '/');
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Bytes of the site files a list of URLs fetched: raw, and as a host compressing with gzip would send them. */
function bytesOf(urls: string[]): { files: number; raw: number; gzip: number } {
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

const firstAnswer = async (page: Page) => {
  await page.waitForFunction(() => (window as unknown as { firstAnswerAt?: number }).firstAnswerAt !== undefined, undefined, { timeout: 120_000 });
  return page.evaluate(() => (window as unknown as { firstAnswerAt: number }).firstAnswerAt);
};

const results: Record<string, unknown> = {};
try {
  const context = await browser.newContext();

  const idle = await openPage(context, `${host.url}topics/mistakes/`);
  await idle.page.waitForLoadState('networkidle');
  results.pageNotAsked = bytesOf(idle.requests);
  await idle.page.close();

  const first = `${host.url}ask/?q=${encodeURIComponent(questions[0]!)}`;
  const cold = await browser.newContext();
  const { page, requests } = await openPage(cold, first);
  results.firstQuestionMs = await firstAnswer(page);
  results.firstQuestionBytes = bytesOf(requests);

  const later: number[] = [];
  for (const q of questions.slice(1)) {
    later.push(
      await page.evaluate(async (question) => {
        const box = document.querySelector('[data-ask-box][data-main]')!;
        const form = box.querySelector('form')!;
        const region = box.querySelector('[data-ask-results]')!;
        form.querySelector<HTMLInputElement>('input[name="q"]')!.value = question;
        const started = performance.now();
        const done = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (region.getAttribute('aria-busy') === 'false') {
              observer.disconnect();
              resolve(performance.now() - started);
            }
          });
          observer.observe(region, { attributes: true, attributeFilter: ['aria-busy'] });
        });
        form.requestSubmit();
        return done;
      }, q),
    );
  }
  results.laterQuestionMs = { count: later.length, median: median(later), p95: p95(later) };

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
    { url: `${host.url}_astro/${worker}`, texts: questions },
  );
  results.workerLoadWarmCacheMs = timing.load;
  results.embedOneQueryMs = { median: median(timing.embeds), p95: p95(timing.embeds) };

  const again = await openPage(cold, `${host.url}ask/?q=${encodeURIComponent(questions[1]!)}`);
  results.returnVisitFirstQuestionMs = await firstAnswer(again.page);
  results.returnVisitBytes = bytesOf(again.requests);
  await cold.close();
  await context.close();
} finally {
  await browser.close();
  await host.close();
}

if (json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const kb = (b: { raw: number; gzip: number; files: number }) => `${(b.raw / 1e6).toFixed(2)} MB raw, ${(b.gzip / 1e6).toFixed(2)} MB gzipped, ${b.files} files`;
  const r = results as {
    pageNotAsked: { raw: number; gzip: number; files: number };
    firstQuestionMs: number;
    firstQuestionBytes: { raw: number; gzip: number; files: number };
    laterQuestionMs: { count: number; median: number; p95: number };
    workerLoadWarmCacheMs: number;
    embedOneQueryMs: { median: number; p95: number };
    returnVisitFirstQuestionMs: number;
    returnVisitBytes: { raw: number; gzip: number; files: number };
  };
  console.log(`Chromium (${chromiumPath}), site on ${host.url}`);
  console.log(`  page not asked anything        ${kb(r.pageNotAsked)}`);
  console.log(`  first question, nothing cached ${r.firstQuestionMs.toFixed(0)} ms from navigation to answer; ${kb(r.firstQuestionBytes)}`);
  console.log(`  later questions (${r.laterQuestionMs.count})         median ${r.laterQuestionMs.median.toFixed(1)} ms, p95 ${r.laterQuestionMs.p95.toFixed(1)} ms`);
  console.log(`  worker load, cache warm        ${r.workerLoadWarmCacheMs.toFixed(0)} ms; one query embedded: median ${r.embedOneQueryMs.median.toFixed(1)} ms, p95 ${r.embedOneQueryMs.p95.toFixed(1)} ms`);
  console.log(`  return visit, first question   ${r.returnVisitFirstQuestionMs.toFixed(0)} ms; ${kb(r.returnVisitBytes)}`);
}
