/**
 * The reader's experience of issue 12, in real Chromium over the real built site: what loads when,
 * what the first load says, what Back and the keyboard keep, how pages read on a phone and in print.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite } from '../helpers/site.ts';

let browser: Browser;
let host: StaticHost;
const site = builtSite();

beforeAll(async () => {
  browser = await launchBrowser();
  host = await serveStatic(site.dir, site.base);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** A fresh context and page at `path` of the site, recording every request it makes. */
async function open(pathname: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(host.url + pathname);
  return { context, page, requests };
}

/** Requests that belong to answering by meaning: the worker, the answer index, the model, the runtime. */
const answeringFiles = (requests: string[]) => requests.filter((url) => /\/(ask\/[^?]*\.(json|bin)|models\/|_astro\/worker-|_astro\/[^/]*\.wasm)/.test(url));
/** What loading answering costs once: all of it but the index shards a question fetches for itself. */
const loadingFiles = (requests: string[]) => answeringFiles(requests).filter((url) => !/\/ask\/(terms|vectors|passages)\//.test(url));

/** Waits until the answers region holds an outcome, and loading (the progress bar) has settled. */
async function answered(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const region = document.querySelector('[data-ask-results]');
    return region?.getAttribute('aria-busy') === 'false' && region.querySelector('[data-answer], [data-no-answer]');
  }, undefined, { timeout: 60_000 });
}

describe('the ask box loads on intent', () => {
  it('loads nothing when focused or tabbed past, and starts at the first keystroke', async () => {
    const { context, page, requests } = await open('interviews/');
    await page.locator('#ask-input-header').focus();
    await page.keyboard.press('Tab');
    await page.locator('#ask-input-header').focus();
    await page.waitForTimeout(1000);
    expect(answeringFiles(requests)).toEqual([]);
    await page.keyboard.type('w');
    await expect.poll(() => answeringFiles(requests).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await context.close();
  });

  it('has the files loaded by the time a question typed after the first keystroke is submitted; a cold submit waits for them', async () => {
    const question = 'Why has OpenAI not released open models?';
    const submit = async (warm: boolean) => {
      const { context, page, requests } = await open('topics/');
      const box = page.locator('#ask-input-header');
      if (warm) {
        // A reader types the first letter, then the rest while the files load.
        await box.pressSequentially(question.slice(0, 1));
        await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('.ask-progress')?.hidden, undefined, { timeout: 60_000 });
        await box.fill(question);
      } else {
        await box.evaluate((input: HTMLInputElement, q) => (input.value = q), question);
      }
      const loaded = new Set(loadingFiles(requests));
      const before = loaded.size;
      const started = Date.now();
      await box.press('Enter');
      await answered(page);
      const ms = Date.now() - started;
      // Files the submit had to load: new ones, not the worker's background refetch of the runtime into
      // Cache Storage once it is ready (worker.ts, keepRuntime), which can land after the count above.
      const after = new Set(loadingFiles(requests).filter((url) => !loaded.has(url))).size;
      await context.close();
      return { ms, before, after };
    };
    const cold = await submit(false);
    const warmed = await submit(true);
    console.log(`submit to answer: cold ${cold.ms} ms, warmed by the first keystroke ${warmed.ms} ms`);
    expect(cold).toMatchObject({ before: 0, after: expect.any(Number) });
    expect(cold.after).toBeGreaterThan(3);
    expect(warmed.before).toBeGreaterThan(3);
    expect(warmed.after).toBe(0);
  });
});

describe('the first load', () => {
  it('shows one bar against the whole download stated from the start, in megabytes a reader reads', async () => {
    const manifest = JSON.parse(readFileSync(path.join(site.dir, 'ask/manifest.json'), 'utf8'));
    // What every first question loads: the model, the runtime, and the index's structure and coarse codes.
    const total = manifest.structure.bytes + manifest.coarse.bytes + manifest.download.model + manifest.download.runtime;
    const { context, page } = await open('people/');
    // Slow enough to see the bar move; the runtime alone is most of the bytes.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 10, downloadThroughput: 15e6, uploadThroughput: 1e6 });
    await page.evaluate(() => {
      const seen: { status: string; value: number; max: number }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const status = document.querySelector('[data-ask-status]')!;
      const bar = document.querySelector<HTMLProgressElement>('.ask-progress')!;
      const record = () => seen.push({ status: status.textContent ?? '', value: bar.value, max: bar.max });
      new MutationObserver(record).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.locator('#ask-input-header').pressSequentially('What is the mission?');
    await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('.ask-progress')?.hidden, undefined, { timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: { status: string; value: number; max: number }[] }).seen);
    const counting = seen.filter((s) => /%/.test(s.status));
    expect(counting.length).toBeGreaterThan(2);
    expect(new Set(counting.map((s) => s.max))).toEqual(new Set([total]));
    for (const s of counting) expect(s.status).toContain(`a one-time download of ${Math.round(total / 1e6)} MB`);
    const values = counting.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(seen.map((s) => s.status).join('\n')).not.toMatch(/answer model|\d of \d+(\.\d)? MB/);
    await context.close();
  });
});

describe('coming back to a question', () => {
  it('keeps the header box question and its answers after Back from "Read it in context", and Escape closes them into the box', async () => {
    const { context, page } = await open('topics/');
    const box = page.locator('#ask-input-header');
    await box.fill('What is the mission of OpenAI?');
    await box.press('Enter');
    await answered(page);
    const first = await page.locator('[data-ask-results] [data-answer]').allInnerTexts();
    expect(first.length).toBeGreaterThan(0);
    await page.locator('[data-ask-results] a[data-answer-link]').first().click();
    await page.waitForURL(/\/interviews\//);
    await page.goBack();
    await page.waitForURL(/\/topics\/$/);
    await answered(page);
    await expect(box.inputValue()).resolves.toBe('What is the mission of OpenAI?');
    await expect(page.locator('[data-ask-results] [data-answer]').allInnerTexts()).resolves.toEqual(first);
    await page.locator('[data-ask-results] a[data-answer-link]').first().focus();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-ask-panel]').isHidden()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('ask-input-header');
    // Closed means closed: a reload does not bring the answers back.
    await page.reload();
    await page.waitForTimeout(500);
    await expect(page.locator('[data-ask-panel]').isHidden()).resolves.toBe(true);
    await context.close();
  });

  it('keeps the /ask/ page question and its answers after Back', async () => {
    const { context, page } = await open('ask/');
    await page.locator('#ask-input').fill('Why has OpenAI not released open models?');
    await page.locator('#ask-input').press('Enter');
    await answered(page);
    const first = await page.locator('[data-answer]').allInnerTexts();
    await page.locator('a[data-answer-link]').first().click();
    await page.waitForURL(/\/interviews\//);
    await page.goBack();
    await answered(page);
    await expect(page.locator('#ask-input').inputValue()).resolves.toBe('Why has OpenAI not released open models?');
    await expect(page.locator('[data-answer]').allInnerTexts()).resolves.toEqual(first);
    await context.close();
  });
});

describe('the keyboard', () => {
  it('goes to search with / and to the ask box with Ctrl+K, and walks results with the arrow keys', async () => {
    const { context, page } = await open('topics/');
    const focused = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.className);
    await page.keyboard.press('Control+k');
    await expect(focused()).resolves.toBe('ask-input-header');
    // In a text field `/` is a character.
    await page.keyboard.type('a/b');
    await expect(page.locator('#ask-input-header').inputValue()).resolves.toBe('a/b');
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await page.waitForURL(/\/search\/$/);

    await page.locator('body').click();
    await page.keyboard.press('/');
    await expect(focused()).resolves.toBe('search-input');
    await page.keyboard.type('open source');
    await page.locator('[data-result]').first().waitFor();
    const links = await page.locator('#search-results .result-link').evaluateAll((a) => a.map((l) => (l as HTMLAnchorElement).href));
    expect(links.length).toBeGreaterThan(2);
    const activeHref = () => page.evaluate(() => (document.activeElement as HTMLAnchorElement).href);
    await page.keyboard.press('ArrowDown');
    await expect(activeHref()).resolves.toBe(links[0]);
    await page.keyboard.press('ArrowDown');
    await expect(activeHref()).resolves.toBe(links[1]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(focused()).resolves.toBe('search-input');

    await page.keyboard.press('Control+k');
    await page.keyboard.type('What is the mission of OpenAI?');
    await page.keyboard.press('Enter');
    await answered(page);
    const answers = await page.locator('[data-ask-results] a[data-answer-link]').evaluateAll((a) => a.map((l) => (l as HTMLAnchorElement).href));
    await page.keyboard.press('ArrowDown');
    await expect(activeHref()).resolves.toBe(answers[0]);
    await context.close();
  });
});

/** Whether the placeholder of the input at `selector` is shown whole, not cut by the box's width. */
function placeholderFits(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return ctx.measureText(input.placeholder).width <= room;
  });
}

describe('search on a phone', () => {
  const phone = { viewport: { width: 390, height: 844 } };

  it('puts results first, folds the filters and hides those that keep nothing, with readable dates and no repeated speaker', async () => {
    const { context, page } = await open('search/?q=enterprise', phone);
    await page.locator('[data-result]').first().waitFor();
    const top = await page.locator('[data-result]').first().evaluate((el) => el.getBoundingClientRect().top);
    // Before: about 1,060 px down, below every filter. Now right under the box and one folded control.
    expect(top).toBeLessThan(844 * 0.55);
    await expect(page.locator('#search-filters').isVisible()).resolves.toBe(false);
    await page.locator('#search-filters-fold > summary').click();
    const shownCounts = await page.locator('#search-filters label:visible .count').allTextContents();
    expect(shownCounts.length).toBeGreaterThan(0);
    expect(shownCounts).not.toContain('0');
    const links = await page.locator('#search-results .result-link').allTextContents();
    for (const text of links) expect(text).not.toMatch(/^(.+) · .*\1/);
    const meta = (await page.locator('#search-results .meta').allTextContents()).join('\n');
    expect(meta).toMatch(/\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/);
    expect(meta).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await context.close();
  });

  it('shows the search and ask boxes\' placeholders whole', async () => {
    for (const [pathname, box] of [['', 'main input[type="search"]'], ['ask/', '#ask-input'], ['topics/', '#ask-input-header']]) {
      const { context, page } = await open(pathname!, phone);
      await expect(placeholderFits(page, box!), `${box} on /${pathname}`).resolves.toBe(true);
      await context.close();
    }
  });

  it('says when results are only a loose match for a word no passage contains', async () => {
    const { context, page } = await open('search/?q=sourdough');
    await page.waitForFunction(() => /passage|match/.test(document.querySelector('#search-status')?.textContent ?? ''));
    const status = await page.locator('#search-status').textContent();
    if ((await page.locator('[data-result]').count()) > 0) expect(status).toMatch(/No passage contains “sourdough”; th(is is a loose match|ese are loose matches)/);
    else expect(status).toMatch(/No passage matches/);
    await page.locator('#search-input').fill('enterprise');
    await page.waitForFunction(() => /^\d+ passages?/.test(document.querySelector('#search-status')?.textContent ?? ''));
    await context.close();
  });
});

describe('a declined question', () => {
  it('says nothing is close when nothing shares a word, and suggests only whole passages that share one', async () => {
    const { context, page } = await open('ask/?q=' + encodeURIComponent('How long should sourdough bread prove?'));
    await answered(page);
    const region = page.locator('[data-ask-results]');
    await expect(region.locator('[data-no-answer]').count()).resolves.toBe(1);
    await expect(region.innerText()).resolves.toContain('Nothing in the archive shares a word with it.');
    await expect(region.innerText()).resolves.not.toContain('share words with your question');

    const question = 'What did Altman add about sourdough bread?';
    await page.locator('#ask-input').fill(question);
    await page.locator('#ask-input').press('Enter');
    await page.waitForFunction((q) => document.querySelector('[data-ask-results]')?.textContent?.includes(q), question);
    await answered(page);
    const suggestions = await region.locator('.suggestions a').allTextContents();
    expect(suggestions.length).toBeGreaterThan(0);
    const { sharesTerm, words } = await import('../../src/lib/ask/text.ts');
    for (const text of suggestions) {
      expect(sharesTerm(question, text)).toBe(true);
      expect(words(text).length).toBeGreaterThanOrEqual(6);
    }
    await context.close();
  });
});

describe('the ask page examples', () => {
  it('come from the archive itself, and asking one answers it', async () => {
    const { passages } = JSON.parse(readFileSync(path.join(site.dir, 'passages.json'), 'utf8')) as { passages: { kind: string; text: string; topicTitles: string[] }[] };
    const questions = passages.filter((p) => p.kind === 'question').map((p) => p.text);
    const topics = new Set(passages.flatMap((p) => p.topicTitles));
    const { context, page } = await open('ask/');
    const examples = await page.locator('[data-ask-example]').allTextContents();
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const fromTopic = /^What was said about (.+)\?$/.exec(example)?.[1];
      expect(questions.some((q) => q.includes(example)) || (fromTopic !== undefined && topics.has(fromTopic))).toBe(true);
    }
    await page.locator('[data-ask-example]').first().click();
    await answered(page);
    await expect(page.locator('#ask-input').inputValue()).resolves.toBe(examples[0]);
    expect(new URL(page.url()).searchParams.get('q')).toBe(examples[0]);
    await context.close();
  });
});

describe('reading pages', () => {
  it('the home page says whose interviews these are and how asking differs from searching', async () => {
    const { passages } = JSON.parse(readFileSync(path.join(site.dir, 'passages.json'), 'utf8')) as { passages: { publication: string; kind: string; speakerName: string }[] };
    const { context, page } = await open('');
    const whose = await page.locator('main .whose').innerText();
    for (const publication of new Set(passages.map((p) => p.publication))) expect(whose).toContain(publication);
    for (const name of new Set(passages.filter((p) => p.kind === 'answer').map((p) => p.speakerName))) expect(whose).toContain(name);
    const ways = await page.locator('main .ways').innerText();
    expect(ways).toMatch(/Search\s+finds the passages that contain your words/);
    expect(ways).toMatch(/Ask\s+takes a question in your own words .* by meaning/);
    await context.close();
  });

  it('topic and person pages keep quote lines under about 75 characters, on a wide screen', async () => {
    for (const pathname of ['topics/enterprise/', 'people/sam-altman/']) {
      const { context, page } = await open(pathname, { viewport: { width: 1280, height: 800 } });
      const widest = await page.locator('.group .quote blockquote p').evaluateAll((paragraphs) =>
        Math.max(...paragraphs.map((p) => {
          // Characters per line of the paragraph's longest full line, measured by laying out its words.
          const range = document.createRange();
          range.selectNodeContents(p);
          const lines = new Map<number, number>();
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? '';
            for (let i = 0; i < text.length; i++) {
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const top = Math.round(range.getBoundingClientRect().top);
              lines.set(top, (lines.get(top) ?? 0) + 1);
            }
          }
          return Math.max(...lines.values());
        })),
      );
      expect(widest, pathname).toBeGreaterThan(40);
      expect(widest, pathname).toBeLessThanOrEqual(76);
      await context.close();
    }
  });

  it('the article page names its reporter and role once', async () => {
    const { context, page } = await open('interviews/altman-cisco-ai-summit/');
    const reported = await page.locator('.roles dd').allInnerTexts();
    for (const line of reported) {
      const parts = line.split(',').map((s) => s.trim());
      expect(new Set(parts).size, line).toBe(parts.length);
    }
    expect(reported.join('\n')).toContain('Editor in Chief, Constellation Insights');
    expect(reported.join('\n')).not.toMatch(/Editor in Chief, Constellation Insights, Editor in Chief/);
    await context.close();
  });
});

describe('print', () => {
  it('keeps the site name and prints each passage URL, without links that only work on screen, copy buttons or chips', async () => {
    const { context, page } = await open('interviews/altman-mistakes-money-mission/');
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => document.querySelector('[data-passage][id]')?.hasAttribute('data-print-url'), undefined, { timeout: 5000 });
    const printed = await page.evaluate(() => {
      const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const first = document.querySelector('[data-passage][id]')!;
      return {
        brand: visible(document.querySelector('.brand')!),
        anchorLinks: [...document.querySelectorAll('.anchor-link')].filter(visible).length,
        copy: [...document.querySelectorAll('.copy-link')].filter(visible).length,
        chips: [...document.querySelectorAll('.tags')].filter(visible).length,
        nav: visible(document.querySelector('.site-nav')!),
        url: getComputedStyle(first, '::after').content,
        id: first.id,
      };
    });
    expect(printed).toMatchObject({ brand: true, anchorLinks: 0, copy: 0, chips: 0, nav: false });
    expect(printed.url).toBe(`"${host.url}interviews/altman-mistakes-money-mission/#${printed.id}"`);
    await context.close();
  });

  it('tells social sites how to show a shared page', async () => {
    const { context, page } = await open('topics/enterprise/');
    // A topic has a preview image of its own (tests/site/build.test.ts); a page without one is a plain summary.
    await expect(page.locator('meta[name="twitter:card"]').getAttribute('content')).resolves.toBe('summary_large_image');
    await expect(page.locator('meta[property="og:image"]').getAttribute('content')).resolves.toMatch(/\/og\/topics\/enterprise\.png$/);
    await expect(page.locator('meta[name="twitter:title"]').getAttribute('content')).resolves.toBe('Enterprise adoption and sales');
    await page.goto(host.url + 'people/');
    await expect(page.locator('meta[name="twitter:card"]').getAttribute('content')).resolves.toBe('summary');
    await context.close();
  });
});

describe('the theme', () => {
  it('follows the system until the reader chooses, then keeps the choice from the first paint of every page', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    // The theme the parsed page has before any deferred or module script runs: what it first paints in.
    await context.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive') (window as unknown as { firstTheme: string }).firstTheme = document.documentElement.dataset.theme ?? 'system';
      });
    });
    const page = await context.newPage();
    const first = () => page.evaluate(() => (window as unknown as { firstTheme: string }).firstTheme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.goto(`${host.url}topics/`);
    await expect(first()).resolves.toBe('system');
    const dark = await background();
    await page.locator('[data-theme-choice]').selectOption('light');
    const light = await background();
    expect(light).not.toBe(dark);
    await page.goto(`${host.url}people/`);
    await expect(first()).resolves.toBe('light');
    await expect(background()).resolves.toBe(light);
    await expect(page.locator('[data-theme-choice]').inputValue()).resolves.toBe('light');
    await page.locator('[data-theme-choice]').selectOption('system');
    await page.goto(`${host.url}interviews/`);
    await expect(first()).resolves.toBe('system');
    await expect(background()).resolves.toBe(dark);
    await context.close();
  });
});
