import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite } from '../helpers/site.ts';

let browser: Browser;
let host: StaticHost;
const site = builtSite();

const settled = (page: Page) =>
  page.waitForFunction(() => {
    const region = [...document.querySelectorAll('[data-ask-results]')].find((r) => !(r.closest('[data-ask-panel]') as HTMLElement).hidden);
    return region?.getAttribute('aria-busy') === 'false' && region.querySelector('[data-answer], [data-no-answer], .ask-note:not(:empty)');
  }, undefined, { timeout: 60_000 });

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

beforeAll(async () => {
  browser = await launchBrowser();
  host = await serveStatic(site.dir, site.base);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('scoped questions in the browser', () => {
  it('asks an interview page’s question of that interview by default, widens to the whole archive on request, and shares the scope', async () => {
    const { page, errors } = await open(`${host.url}interviews/altman-mistakes-money-mission/`);
    const box = page.locator('.header-ask');
    await expect(box.locator('input[name="in"]:checked').getAttribute('value')).resolves.toBe('interview:altman-mistakes-money-mission');
    await box.locator('input[name="q"]').fill('What did Altman get wrong?');
    await box.locator('input[name="q"]').press('Enter');
    await settled(page);
    const urls = await box.locator('[data-answer] a[data-answer-link]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u === '/interviews/altman-mistakes-money-mission/')).toBe(true);
    const share = await box.locator('a.ask-share').getAttribute('href');
    expect(share).toBe(`/ask/?q=${encodeURIComponent('What did Altman get wrong?')}&in=${encodeURIComponent('interview:altman-mistakes-money-mission')}`);

    // Another interview's subject: declined here, with the whole archive one press away.
    await box.locator('input[name="q"]').fill('What are OpenAI’s tailwinds?');
    await box.locator('input[name="q"]').press('Enter');
    await page.waitForFunction(() => document.querySelector('.header-ask [data-no-answer]')?.textContent?.includes('This interview holds no answer'), undefined, { timeout: 30_000 });
    await box.locator('[data-no-answer] button[data-ask-widen]').click();
    await page.waitForFunction(() => document.querySelector('.header-ask [data-answer="1"] blockquote')?.textContent?.includes('improving models'), undefined, { timeout: 30_000 });
    await expect(box.locator('input[name="in"]:checked').getAttribute('value')).resolves.toBe('');
    await expect(box.locator('a.ask-share').getAttribute('href')).resolves.not.toContain('in=');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('round-trips the scope through the /ask/ URL: shows it, answers within it, and widens it', async () => {
    const q = 'What did Altman get wrong?';
    const { page, errors } = await open(`${host.url}ask/?q=${encodeURIComponent(q)}&in=interview:altman-cisco-ai-summit`);
    await settled(page);
    const note = page.locator('[data-ask-scope-note]');
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(note.textContent()).resolves.toContain('“OpenAI\'s Altman on fully AI companies, open source, infrastructure” alone');
    const scoped = await page.locator('[data-answer] a[data-answer-link], [data-no-answer] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    expect(scoped.filter((p) => p.startsWith('/interviews/')).every((p) => p === '/interviews/altman-cisco-ai-summit/')).toBe(true);
    expect(new URL(page.url()).searchParams.get('in')).toBe('interview:altman-cisco-ai-summit');

    await note.locator('button[data-ask-widen]').click();
    await page.waitForFunction(() => document.querySelector('[data-answer="1"] blockquote')?.textContent?.includes('underestimated'), undefined, { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('in')).toBeNull();
    expect(new URL(page.url()).searchParams.get('q')).toBe(q);
    await expect(note.isHidden()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('answers a link to an interview the archive does not hold with a polite message and the way to ask everything', async () => {
    const { page, errors } = await open(`${host.url}ask/?q=${encodeURIComponent('What is the mission?')}&in=interview:no-such-episode`);
    await settled(page);
    const message = page.locator('[data-ask-results] .ask-note');
    await expect(message.textContent()).resolves.toContain('this archive has no interview “no-such-episode” to ask within');
    await expect(message.locator('a').getAttribute('href')).resolves.toBe(`/ask/?q=${encodeURIComponent('What is the mission?')}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
