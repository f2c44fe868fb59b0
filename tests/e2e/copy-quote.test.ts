/**
 * "Copy quote" in real Chromium over the real built site: on an interview's passages, on a topic
 * page's quotes and on every answer, one action puts the passage's exact words, who said them, the
 * interview, its date and the passage's absolute URL on the clipboard, by mouse or keyboard, and
 * says so to a screen reader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import type { PassagesFile } from '../../src/integrations/verbatim.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite } from '../helpers/site.ts';

let browser: Browser;
let host: StaticHost;
const site = builtSite();
const published = (): PassagesFile['passages'] => JSON.parse(readFileSync(path.join(site.dir, 'passages.json'), 'utf8')).passages;
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

beforeAll(async () => {
  browser = await launchBrowser();
  host = await serveStatic(site.dir, site.base);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

async function open(pathname: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(host.url + pathname);
  return { context, page };
}

/** What the clipboard should hold for a published passage, built from the build's own record of it. */
function expected(p: PassagesFile['passages'][number], by: string): string {
  const when = p.published ? `, ${DATE.format(new Date(p.published))}` : '';
  return `${p.text}\n— ${by}, ${p.interviewTitle}${when}\n${new URL(p.url, host.url).href}`;
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const status = (page: Page) => page.locator('[data-copy-status]').textContent();

describe('copy a quote', () => {
  it('copies an answer passage of an interview with its speaker, interview, date and link, from the keyboard, and announces it', async () => {
    const p = published().find((r) => r.kind === 'answer')!;
    const { context, page } = await open(p.url.slice(1));
    const button = page.locator(`[id="${p.anchor}"] button[data-copy-quote]`);
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => clipboard(page)).toBe(expected(p, p.voices.join(', ')));
    expect(await status(page)).toBe('Quote copied, with its attribution and link');
    expect(await page.locator('[data-copy-status]').getAttribute('role')).toBe('status');
    await context.close();
  });

  it('adds a passage\u2019s buttons on the page, not in its HTML, where the reader reads and where the keyboard goes', async () => {
    const counts = new Map<string, number>();
    for (const r of published()) counts.set(r.interview, (counts.get(r.interview) ?? 0) + 1);
    const longest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const p = published().filter((r) => r.kind !== 'note' && r.kind !== 'question' && r.interview === longest).at(-1)!;
    const html = readFileSync(path.join(site.dir, p.url.split('#')[0]!.slice(site.base.length), 'index.html'), 'utf8');
    // Each passage ships its ¶ link alone; the buttons would be a third of a long episode's bytes.
    expect(html.match(/data-copy(?:-quote)?=/g)).toBeNull();
    // A phone's screen, so that the episode runs several screens long.
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 390, height: 400 } });
    const page = await context.newPage();
    await page.goto(host.url + p.url.split('#')[0]!.slice(1));
    await page.waitForLoadState('networkidle');
    const last = page.locator('section.passage[id]').last();
    // A passage more than a screen below the first has none until it nears the viewport.
    expect(await last.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(3 * 400);
    expect(await last.locator('button[data-copy]').count()).toBe(0);
    // The keyboard: Tab from a passage's ¶ link reaches its Copy link, then its Copy quote.
    const target = page.locator(`[id="${p.anchor}"]`);
    await target.locator('a.anchor-link').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy link');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy quote');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page)).toBe('Quote copied, with its attribution and link');
    expect(await clipboard(page)).toContain(`${p.text}\n`);
    await last.scrollIntoViewIfNeeded();
    await expect.poll(() => last.locator('button[data-copy]').count()).toBe(1);
    await context.close();
  });

  it('cites reported speech as the reporter\u2019s, never as the speaker\u2019s own words', async () => {
    const p = published().find((r) => r.kind === 'report' && r.voices.length > 0 && !r.voices.includes(r.speakerName))!;
    const { context, page } = await open(p.url.slice(1));
    await page.locator(`[id="${p.anchor}"] button[data-copy-quote]`).click();
    await expect.poll(() => clipboard(page)).toBe(expected(p, `${p.voices.join(', ')}, reported by ${p.speakerName}`));
    await context.close();
  });

  it('copies a quote from a topic page, its words exactly as published', async () => {
    const topic = published().find((r) => r.kind === 'answer' && r.topics.length > 0)!.topics[0];
    const { context, page } = await open(`topics/${topic}/`);
    const figure = page.locator('figure[data-passage]').first();
    const id = await figure.getAttribute('data-passage');
    const p = published().find((r) => r.id === id)!;
    await figure.locator('button[data-copy-quote]').click();
    await expect.poll(() => clipboard(page)).toBe(expected(p, p.voices.join(', ')));
    await context.close();
  });

  it('copies an answer to a question with its attribution and link', async () => {
    const { context, page } = await open(`ask/?q=${encodeURIComponent('What is OpenAI\u2019s mission?')}`);
    const answer = page.locator('[data-ask-results] [data-answer="1"]');
    await answer.waitFor({ timeout: 60_000 });
    const href = await answer.locator('a[data-answer-link]').getAttribute('href');
    const p = published().find((r) => href!.endsWith(`#${r.anchor}`) && href!.startsWith(r.url.split('#')[0]!))!;
    await answer.getByRole('button', { name: 'Copy quote' }).click();
    await expect.poll(() => clipboard(page)).toBe(expected(p, p.voices.join(', ')));
    expect(await status(page)).toBe('Quote copied, with its attribution and link');
    await context.close();
  });
});
