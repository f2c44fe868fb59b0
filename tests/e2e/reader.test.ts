import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite, inheritedEnv, ROOT } from '../helpers/site.ts';

let browser: Browser;

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
let host: StaticHost;
const foreign: string[] = [];

/** A fresh page that records any request leaving the site's own origin. */
async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(host.origin) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.goto(url);
  return page;
}

/** The id of the element the URL's fragment targets, and whether it is on screen. */
const target = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector(':target');
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return { id: el.id, onScreen: box.top >= 0 && box.top < innerHeight, marked: getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)' };
  });

beforeAll(async () => {
  browser = await launchBrowser();
  host = await serveStatic(builtSite().dir, builtSite().base);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('a reader', () => {
  it('opens an interview, follows a topic tag, and comes back to the passage, scrolled to and marked', async () => {
    const page = await open(`${host.url}interviews/altman-mistakes-money-mission/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Sam Altman on Mistakes, Money');
    const passage = page.locator('[data-passage]', { hasText: 'I also underestimated the enterprise sales cycle' });
    await passage.locator('a[data-topic="enterprise"]').click();
    await page.waitForURL(/\/topics\/enterprise\/$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Enterprise adoption and sales');

    const quote = page.locator('figure.quote', { hasText: 'I also underestimated the enterprise sales cycle' });
    await quote.locator('a[data-passage-link]').click();
    await page.waitForURL(/\/interviews\/altman-mistakes-money-mission\/#i-also-underestimated/);
    const t = await target(page);
    expect(t).toMatchObject({ id: 'i-also-underestimated-the-enterprise-sales', onScreen: true, marked: true });
    await page.close();
  });

  it('searches a word, filters by speaker, and opens a result at the passage with the word marked', async () => {
    const page = await open(`${host.url}search/`);
    await page.locator('#search-input').fill('procurement');
    await page.locator('[data-result]').first().waitFor();
    const results = page.locator('[data-result]');
    expect(await results.count()).toBe(1);
    await expect(results.first().locator('mark').first().textContent()).resolves.toMatch(/procurement/i);
    expect(page.url()).toContain('q=procurement');
    const count = (label: string) =>
      page.locator('#search-filters label', { has: page.getByText(label, { exact: true }) }).locator('.count').textContent();
    await expect(count('Sam Altman')).resolves.toBe('1');
    await expect(count('prompt/power')).resolves.toBe('0');

    await results.first().locator('a').click();
    await page.waitForURL(/\?highlight=procurement#i-also-underestimated/);
    expect(await target(page)).toMatchObject({ id: 'i-also-underestimated-the-enterprise-sales', onScreen: true });
    const marks = await page.locator('#i-also-underestimated-the-enterprise-sales mark').allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(['procurement', 'procurement']);
    await page.close();
  });

  it('keeps and searches what a reader typed while the search index was still loading', async () => {
    const page = await browser.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/pagefind/pagefind.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${host.url}search/`);
    await page.locator('#search-input').fill('procurement');
    release();
    await page.locator('[data-result]').first().waitFor();
    await expect(page.locator('#search-input').inputValue()).resolves.toBe('procurement');
    await expect(page.locator('[data-result] mark').first().textContent()).resolves.toMatch(/procurement/i);
    await page.close();
  });

  it('narrows search results with the interview, speaker and topic filters', async () => {
    const page = await open(`${host.url}search/?q=OpenAI`);
    await page.locator('[data-result]').first().waitFor();
    const all = await page.locator('[data-result]').count();
    await page.locator('#search-filters label', { hasText: 'prompt/power' }).locator('input').check();
    await page.waitForFunction((n) => document.querySelectorAll('[data-result]').length < n, all);
    const speakers = await page.locator('[data-result] .result-link').allTextContents();
    expect(speakers.length).toBeGreaterThan(0);
    for (const s of speakers) expect(s).toMatch(/^prompt\/power ·/);
    expect(page.url()).toContain('speaker=prompt%2Fpower');
    // A section is filed under every topic of its passages: the topic filter keeps only that topic's passages.
    await page.goto(`${host.url}search/?q=OpenAI`);
    await page.locator('[data-result]').first().waitFor();
    await page.locator('#search-filters input[name="topic"][value="Fully AI companies"]').check();
    await page.waitForFunction((n) => document.querySelectorAll('[data-result]').length < n, all);
    const metas = await page.locator('[data-result] .meta').allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) expect(m).toContain('Fully AI companies');
    expect(page.url()).toContain('topic=Fully+AI+companies');
    await page.close();
  });

  it('can use the site from the keyboard, and nothing is fetched from another origin', async () => {
    const page = await open(`${host.url}`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.locator('#home-search').fill('capped-profit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=capped-profit/);
    await page.locator('[data-result]').first().waitFor();
    await page.close();
    expect(foreign).toEqual([]);
  });

  it('gets the site’s 404 page for a missing address', async () => {
    const page = await open(`${host.url}no/such/page/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await page.close();
  });
});

describe('astro dev', () => {
  // Search and answers must not be build-only (ANCHORS.md: search missing in dev mode).
  let dev: ChildProcess;
  let url: string;

  beforeAll(async () => {
    // --ignore-lock: run beside a developer's own `astro dev` instead of refusing to start.
    const args = ['dev', '--port', String(await freePort()), '--host', '127.0.0.1', '--ignore-lock'];
    dev = spawn(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), ...args], {
      cwd: ROOT,
      env: { ...inheritedEnv(), ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`astro dev did not start:\n${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      dev.stdout!.on('data', onData);
      dev.stderr!.on('data', onData);
    });
  });

  afterAll(() => {
    dev?.kill();
  });

  it('answers questions too, from an answer index built in memory', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}ask/?q=${encodeURIComponent('What is OpenAI’s mission?')}`);
    await page.locator('[data-answer="1"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-ask-results]').getAttribute('data-mode')).resolves.toBe('semantic');
    await expect(page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('benefits all of humanity');
    await page.close();
  });

  it('serves keyword search too', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}search/?q=procurement`);
    await page.locator('[data-result]').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-result] .excerpt').first().textContent()).resolves.toContain('procurement');
    await page.close();
  });
});
