/**
 * A search index in parts (src/integrations/search-index.ts), as a large archive's is: the source
 * interviews built with parts of a few passages, searched in Chromium, find what the one-index
 * site of the global setup finds, with the same filters.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { buildSite, builtSite } from '../helpers/site.ts';

let parts: StaticHost;
let whole: StaticHost;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  const result = await buildSite({ npm: true, env: { VERBATIM_SEARCH_PART_PASSAGES: '8' } });
  expect(result.code, result.output).toBe(0);
  expect(result.output).toMatch(/Pagefind indexed \d+ passages in \d parts/);
  dir = result.outDir;
  parts = await serveStatic(dir);
  whole = await serveStatic(builtSite().dir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await parts?.close();
  await whole?.close();
});

/** What the search page shows for a query: the status, the results' links, and each filter with its count. */
async function searched(host: StaticHost, query: string) {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${host.url}search/?q=${encodeURIComponent(query)}`);
  await page.locator('[data-result]').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#search-results')?.hasAttribute('aria-busy'));
  const shown = {
    status: await page.locator('#search-status').textContent(),
    links: (await page.locator('[data-result] .result-link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')))).sort(),
    filters: (await page.locator('#search-filters label:not([hidden])').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).sort(),
  };
  await page.close();
  return { shown, requests };
}

describe('a search index in parts', () => {
  it('writes each part as a bundle of its own and lists them beside pagefind.js', () => {
    const list = JSON.parse(readFileSync(path.join(dir, 'pagefind/parts.json'), 'utf8')) as string[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list[0]).toBe('part-1/');
    for (const part of ['', ...list]) expect(existsSync(path.join(dir, 'pagefind', part, 'pagefind-entry.json')), part).toBe(true);
    // A part is its index alone: the first part's scripts and WebAssembly read them all.
    for (const part of list) expect(readdirSync(path.join(dir, 'pagefind', part)).filter((f) => /\.(js|css)$|^wasm\./.test(f)), part).toEqual([]);
    expect(existsSync(path.join(dir, 'pagefind/wasm.en.pagefind'))).toBe(true);
    // The one-index site lists none.
    expect(JSON.parse(readFileSync(path.join(builtSite().dir, 'pagefind/parts.json'), 'utf8'))).toEqual([]);
  });

  it('finds in Chromium what one index finds, across the parts, with the same filters and counts, from this origin alone', async () => {
    for (const query of ['procurement', 'OpenAI', 'mission']) {
      const inParts = await searched(parts, query);
      const inOne = await searched(whole, query);
      expect(inParts.shown, query).toEqual(inOne.shown);
      // Every part was read, and nothing from elsewhere.
      for (const part of JSON.parse(readFileSync(path.join(dir, 'pagefind/parts.json'), 'utf8')) as string[]) {
        expect(inParts.requests.some((url) => url.includes(`/pagefind/${part}pagefind-entry.json`)), part).toBe(true);
      }
      for (const url of inParts.requests) expect(new URL(url).origin).toBe(new URL(parts.url).origin);
    }
  }, 120_000);
});
