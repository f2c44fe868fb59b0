/**
 * What readers of the best sites expect, in real Chromium over the real built site: the answering
 * sentence marked in an answer and on its page, and a social preview image each interview and topic
 * page names and serves itself.
 */
import type { Browser } from 'playwright-core';
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

describe('the marked sentence', () => {
  it('marks what answers, with the sentence it completes, in the answer and on the passage\u2019s page', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.url}ask/?q=${encodeURIComponent('did he let the coding agent take over his computer')}`);
    const best = page.locator('[data-ask-results] [data-answer="1"]');
    await best.waitFor({ timeout: 60_000 });
    const mark = (await best.locator('mark').textContent())!;
    expect(mark).toContain('That lasted two hours because it was too useful');
    expect(mark).toContain('his plan was never to give it full control');
    await best.locator('a[data-answer-link]').click();
    await page.waitForURL(/\/interviews\//);
    expect(await page.locator('mark.answer-sentence').textContent()).toBe(mark);
    await page.context().close();
  });
});

describe('social preview images', () => {
  it('names on interview and topic pages a large image that the site serves', async () => {
    const page = await (await browser.newContext()).newPage();
    for (const path of ['interviews/altman-cisco-ai-summit/', 'topics/open-source/']) {
      await page.goto(host.url + path);
      const image = new URL((await page.locator('meta[property="og:image"]').getAttribute('content'))!);
      expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
      // The meta names the deployed origin; the same path on this host is the same file.
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, new URL(image.pathname.slice(1), host.url).href);
      expect(size).toEqual([1200, 630]);
    }
    await page.context().close();
  });
});
