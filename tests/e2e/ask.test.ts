import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/build/embedder.ts';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite } from '../helpers/site.ts';

let browser: Browser;
let host: StaticHost;
const site = builtSite();

/** A fresh page (fresh cache) that records every request it makes. */
async function open(url: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('worker', (w) => w.on('close', () => undefined));
  context.on('request', (r) => {
    if (!requests.includes(r.url())) requests.push(r.url());
  });
  await page.goto(url);
  return { page, requests };
}

const answered = (page: Page) =>
  page.waitForFunction(() => {
    const region = document.querySelector('[data-ask-results]:not([hidden])');
    const panel = region?.closest('[data-ask-panel]') as HTMLElement | null;
    return region?.getAttribute('aria-busy') === 'false' && !panel?.hidden && region.querySelector('[data-answer], [data-no-answer]');
  }, undefined, { timeout: 60_000 });

beforeAll(async () => {
  browser = await launchBrowser();
  host = await serveStatic(site.dir, site.base);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('asking in the browser', () => {
  it('answers /ask/?q= on load with verbatim passages, best first, linking to the marked passage', async () => {
    const question = 'Why hasn’t OpenAI shipped open source models?';
    const { page, requests } = await open(`${host.url}ask/?q=${encodeURIComponent(question)}`);
    await page.waitForFunction(() => document.querySelector('[data-ask-results]')?.getAttribute('aria-busy') === 'true');
    await answered(page);
    const answers = page.locator('[data-answer]');
    expect(await answers.count()).toBeGreaterThanOrEqual(1);
    expect(await answers.first().getAttribute('data-answer')).toBe('1');
    const quotes = await answers.locator('blockquote').allTextContents();
    expect(quotes.some((q) => q.includes('function of focus and time'))).toBe(true);

    const passages = (JSON.parse(readFileSync(path.join(site.dir, 'passages.json'), 'utf8')) as { passages: { text: string; label?: string }[] }).passages;
    for (const q of quotes) {
      expect(passages.some((p) => q === (p.label ? `${p.label}: ${p.text}` : p.text)), `not verbatim: ${q}`).toBe(true);
    }
    await expect(page.locator('[data-answer] mark').first().textContent()).resolves.toBeTruthy();

    const focus = answers.filter({ hasText: 'function of focus and time' }).locator('a[data-answer-link]');
    await focus.click();
    await page.waitForURL(/\/interviews\/altman-cisco-ai-summit\/\?sentence=\d+-\d+#open-source$/);
    const target = await page.evaluate(() => ({ id: document.querySelector(':target')?.id, mark: document.querySelector(':target mark.answer-sentence')?.textContent }));
    expect(target.id).toBe('open-source');
    expect(target.mark).toContain('function of focus and time');
    expect(requests.filter((u) => !u.startsWith(host.origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await page.context().close();
  });

  it('answers through the ask box of another page, and later questions too', async () => {
    // The list of topics: a page whose header box asks the whole archive (a topic's own page scopes it to the topic).
    const { page } = await open(`${host.url}topics/`);
    const box = page.locator('.header-ask');
    await box.locator('input[name="q"]').fill('How does Altman describe the enterprise sales cycle?');
    await box.locator('input[name="q"]').press('Enter');
    await answered(page);
    await expect(box.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('underestimated the enterprise sales cycle');
    await expect(box.locator('a.ask-share').getAttribute('href')).resolves.toMatch(/\/ask\/\?q=How%20does/);

    await box.locator('input[name="q"]').fill('What is OpenAI’s mission?');
    await box.locator('button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelector('[data-answer="1"] blockquote')?.textContent?.includes('benefits all of humanity'), undefined, { timeout: 30_000 });
    await page.context().close();
  });

  it('says plainly that the archive holds no answer, with a way forward', async () => {
    const { page } = await open(`${host.url}ask/?q=${encodeURIComponent('How tall is the Eiffel Tower?')}`);
    await answered(page);
    await expect(page.locator('[data-no-answer]').textContent()).resolves.toContain('The archive holds no answer');
    expect(await page.locator('[data-answer]').count()).toBe(0);
    await expect(page.locator('[data-no-answer] a[href*="search/?q="]').count()).resolves.toBe(1);
    await page.context().close();
  });

  it('declines a question of how many when the passages closest to it give no number, and says so', async () => {
    // The source interviews talk about OpenAI's hiring and growth but never count its staff.
    const { page } = await open(`${host.url}ask/?q=${encodeURIComponent('How many employees work at OpenAI?')}`);
    await answered(page);
    const box = page.locator('[data-no-answer]');
    await expect(box.textContent()).resolves.toContain('The archive holds no answer');
    await expect(box.textContent()).resolves.toContain('none of the passages closest to it gives a number');
    expect(await page.locator('[data-answer]').count()).toBe(0);
    expect(await box.locator('.suggestions li').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('renders a question full of markup as text, never as HTML', async () => {
    const question = '<img src=x onerror="window.__injected=1"> what about <b>open source</b>?';
    const { page } = await open(`${host.url}ask/?q=${encodeURIComponent(question)}`);
    await answered(page);
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    expect(await page.locator('[data-ask-results] img, [data-ask-results] b').count()).toBe(0);
    await page.context().close();
  });

  it('loads no model, runtime or vectors on a page where nothing is asked', async () => {
    const { page, requests } = await open(`${host.url}interviews/altman-mistakes-money-mission/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => /\/models\/|\.wasm|\/ask\/|worker/.test(u))).toEqual([]);
    await page.context().close();
  });

  it('falls back to keyword answers, and says so, when the model cannot be loaded', async () => {
    const broken = await serveStatic(site.dir, site.base);
    broken.hide('models/');
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${broken.url}ask/?q=${encodeURIComponent('What did Altman say about the enterprise sales cycle?')}`);
      await answered(page);
      const region = page.locator('[data-ask-results]');
      await expect(region.getAttribute('data-mode')).resolves.toBe('keyword');
      await expect(region.locator('.ask-note').textContent()).resolves.toMatch(/unavailable.*keyword/);
      await expect(region.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('enterprise sales cycle');
      await context.close();
    } finally {
      await broken.close();
    }
  });
});

describe('the embedding model in the browser', () => {
  it('loads from the site in a worker and embeds as Node does, fetching nothing from another origin', async () => {
    const worker = readdirSync(path.join(site.dir, '_astro')).find((f) => /^worker-.*\.js$/.test(f))!;
    const texts = ['Why hasn’t OpenAI released open models?', 'Llama 4 is a genuinely good model.', 'Ünïcödé — “quotes” 🚀 ::colons', ''];
    const { page, requests } = await open(`${host.url}`);
    const vectors = await page.evaluate(
      async ({ url, base, texts }) => {
        const w = new Worker(url, { type: 'module' });
        const reply = (type: string) =>
          new Promise<any>((resolve, reject) => {
            w.addEventListener('message', function on({ data }) {
              if (data.type === 'failed' || data.type === 'error') reject(new Error(data.message));
              if (data.type === type) {
                w.removeEventListener('message', on);
                resolve(data);
              }
            });
          });
        w.postMessage({ type: 'load', base });
        await reply('ready');
        w.postMessage({ type: 'embed', id: 1, texts });
        const { vectors } = await reply('embedding');
        return (vectors as Float32Array[]).map((v) => Array.from(v));
      },
      { url: `${host.url}_astro/${worker}`, base: site.base, texts },
    );
    const embedder = await createEmbedder(resolveModelConfig({}), { modelsDir: path.join(site.dir, 'models') });
    try {
      const node = await embedder.embedQueries(texts);
      for (let i = 0; i < texts.length; i++) {
        const a = vectors[i]!;
        const b = node[i]!;
        const cos = a.reduce((s, x, k) => s + x * b[k]!, 0) / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));
        expect(cos, texts[i]).toBeGreaterThanOrEqual(0.999);
      }
    } finally {
      await embedder.dispose();
    }
    expect(requests.some((u) => u.includes('/models/verbatim/use-lite/onnx/model_quantized.onnx'))).toBe(true);
    // The CPU-only runtime, binary and glue, from the site (src/build/model/site-files.ts).
    expect(requests.some((u) => /\/_astro\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(u))).toBe(true);
    expect(requests.some((u) => /\/_astro\/ort-wasm-simd-threaded-[\w-]+\.mjs$/.test(u))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(host.origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['an HTML page with status 200 (a single-page-app host)', 'index', /config\.json is an HTML page/],
    ['the host’s 404 page', '404', /config\.json/],
  ] as const)('reports a model file answered with %s, and never caches it as the model', async (_, answer, expected) => {
    const broken = await serveStatic(site.dir, site.base);
    broken.hide('models/verbatim/use-lite/config.json', answer);
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(broken.url);
      const worker = readdirSync(path.join(site.dir, '_astro')).find((f) => /^worker-.*\.js$/.test(f))!;
      const result = await page.evaluate(async (url) => {
        const w = new Worker(url, { type: 'module' });
        const message = await new Promise<string>((resolve) => {
          w.onmessage = ({ data }) => {
            if (data.type === 'failed') resolve(data.message);
            if (data.type === 'ready') resolve('ready');
          };
          w.postMessage({ type: 'load', base: '/' });
        });
        const cached: string[] = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) cached.push(request.url);
        }
        return { message, cached };
      }, `${broken.url}_astro/${worker}`);
      expect(result.message).toMatch(expected);
      expect(result.cached.filter((u) => u.endsWith('/use-lite/config.json'))).toEqual([]);
      await context.close();
    } finally {
      await broken.close();
    }
  });
});
