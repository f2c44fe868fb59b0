import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import type { PassagesFile } from '../../src/integrations/verbatim.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';
import { buildSite, type BuildResult } from '../helpers/site.ts';

// A word no line can hold, and a passage longer than any tokenizer should be asked to read whole.
// The long passage is new each run, so the embedding cache cannot hide how long it takes.
const WORD = `Railway${'x'.repeat(5_000)}`;
const run = Date.now().toString(36);
const sentence = `A railway is a promise kept for a century ${run}. `;
const LONG = sentence.repeat(Math.ceil(50_000 / sentence.length)).slice(0, 50_000).trim();
const WIDTH = 390;

let build: BuildResult;
let browser: Browser;
let host: StaticHost;

beforeAll(async () => {
  const interview = GOOD_CONTENT['interviews/rail-talk.mdx']!;
  build = await buildSite({
    content: writeContent({
      ...GOOD_CONTENT,
      'people/bo-guest.yaml': `name: Bo ${WORD}\nrole: Engineer\norganisation: ${WORD}\n`,
      'topics/trains.yaml': `title: Trains\ndescription: Why trains, and ${WORD} what it takes to build a railway.\n`,
      'interviews/rail-talk.mdx': interview
        .replace('title: Rail talk', `title: Rail ${WORD}`)
        .replace('Bo Guest on trains and the cities they make.', `On ${WORD} trains.`)
        .replace('Why trains?', `Why ${WORD} trains?`)
        .replace('Because a railway is a promise that a city keeps for a century.', `Because a ${WORD} railway is a promise.\n</A>\n\n<A topics="trains">\n${LONG}`),
    }),
  });
  expect(build.code, build.output).toBe(0);
  browser = await launchBrowser();
  host = await serveStatic(build.outDir, '/');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/**
 * How wide the page is at a phone's width (its scroll width, which a long word would push out),
 * after checking that the word is on it.
 */
async function widthOf(url: string, ready?: (page: Page) => Promise<unknown>): Promise<number> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await ready?.(page);
  const { width, shown } = await page.evaluate((word) => ({
    width: document.documentElement.scrollWidth,
    shown: document.querySelector('main')!.innerText.includes(word),
  }), WORD);
  expect(shown, `${url} shows the long word`).toBe(true);
  await context.close();
  return width;
}

describe('long text', () => {
  it('builds a 50,000-character passage, keeping every word of it', () => {
    const { passages } = JSON.parse(readFileSync(path.join(build.outDir, 'passages.json'), 'utf8')) as PassagesFile;
    // Split into passages of a readable size at sentence ends, every character kept, in order.
    const first = passages.find((p) => LONG.startsWith(p.text) && p.turn === undefined)!;
    const parts = passages.filter((p) => p === first || p.turn === first.anchor);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.text).join(' ')).toBe(LONG);
  });

  it('wraps a 5,000-character word on every page that shows content, at 390 px', async () => {
    for (const page of ['interviews/rail-talk/', 'topics/trains/', 'topics/', 'people/bo-guest/', 'people/', 'interviews/', '']) {
      expect(await widthOf(`${host.url}${page}`), page).toBe(WIDTH);
    }
  });

  it('wraps it in search results and in answers too', async () => {
    const searched = await widthOf(`${host.url}search/?q=railway`, (page) => page.locator('[data-result]').first().waitFor());
    expect(searched).toBe(WIDTH);
    const asked = await widthOf(`${host.url}ask/?q=${encodeURIComponent('Why trains?')}`, (page) =>
      page.locator('[data-answer], [data-no-answer]').first().waitFor({ timeout: 60_000 }));
    expect(asked).toBe(WIDTH);
  }, 120_000);
});
