/**
 * A long page, as an imported episode is: a 60,000-word conversation built for real, read in
 * Chromium. Its outline jumps by time, a way back to the top shows once the reader has scrolled,
 * the neighbouring interviews and the list are a link away, and loading it runs no more script
 * than a short page does.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';
import { buildSite } from '../helpers/site.ts';

// Ten distinct paragraphs of 150 words, spoken in turn for five hours: 400 turns, 60,000 words.
// Repeated texts are embedded once, so the build stays quick while the page is as long as a real one.
const PARAGRAPHS = Array.from({ length: 10 }, (_, k) =>
  Array.from({ length: 15 }, (_, s) => `Point ${k + 1}.${s + 1} of the long conversation is about stations and their cities.`).join(' ').split(' ').slice(0, 150).join(' ').replace(/\.?$/, '.'),
);
const TURNS = 400;
const clock = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
const episode = `---
title: The five-hour rail conversation
publication: Radio Example
published: 2025-05-01
format: conversation
interviewers: [ann-host]
interviewees: [bo-guest]
summary: Five hours on stations and the cities around them.
---

${Array.from({ length: TURNS }, (_, i) => `<S by="${i % 2 ? 'bo-guest' : 'ann-host'}" time="${clock(i * 45)}">\n${PARAGRAPHS[i % 10]}\n</S>`).join('\n\n')}
`;
const older = GOOD_CONTENT['interviews/rail-talk.mdx']!.replace('title: Rail talk', 'title: Older rail talk').replace('2025-03-01', '2024-01-01');

let browser: Browser;
let host: StaticHost;
let outDir: string;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

beforeAll(async () => {
  const result = await buildSite({
    content: writeContent({ ...GOOD_CONTENT, 'interviews/long-rail.mdx': episode, 'interviews/older-rail.mdx': older }),
  });
  expect(result.code, result.output).toBe(0);
  outDir = result.outDir;
  browser = await launchBrowser();
  host = await serveStatic(result.outDir, '/');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

async function open(path: string, width = 1280, height = 800): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  await page.goto(host.url + path);
  return page;
}

describe('a 60,000-word page', () => {
  it('has an outline by time that fits a sidebar, each entry jumping to its passage', async () => {
    const page = await open('interviews/long-rail/');
    const words = await page.locator('.passages').evaluate((el) => el.textContent!.split(/\s+/).filter(Boolean).length);
    expect(words).toBeGreaterThan(60_000);
    const outline = page.locator('[data-outline]');
    await expect.poll(() => outline.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    const entries = await outline.locator('li a').evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent! })));
    // Five hours at one entry every 15 minutes (every 10 would be 30, more than a sidebar holds well).
    expect(entries).toHaveLength(20);
    expect(entries[1]!.text).toMatch(/^15:00 Ann Host: Point 1\.1 of the long conversation is about stations/);
    for (const e of entries) expect(await page.locator(e.href).count()).toBe(1);
    await outline.locator('li a').nth(10).click();
    expect(new URL(page.url()).hash).toBe(entries[10]!.href);
    const top = await page.locator(entries[10]!.href).evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(100);
    await page.context().close();
  });

  it('offers a way back to the top once scrolled, and it leads there', async () => {
    const page = await open('interviews/long-rail/', 390, 844);
    const toTop = page.locator('.to-top');
    expect(await toTop.isVisible()).toBe(false);
    expect(await page.locator('[data-outline]').evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await page.evaluate(() => window.scrollTo(0, 20_000));
    await expect.poll(() => toTop.isVisible()).toBe(true);
    await toTop.click();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeLessThan(50);
    await page.context().close();
  });

  it('links to the previous and next interviews in the list, and to the list', async () => {
    const page = await open('interviews/long-rail/');
    const pager = page.getByRole('navigation', { name: 'More interviews' });
    // The list runs newest first: Rail talk (March), this one (May) is newest, then Older rail talk.
    expect(await pager.locator('[rel="prev"]').count()).toBe(0);
    expect(await pager.locator('[rel="next"]').getAttribute('href')).toBe('/interviews/rail-talk/');
    await page.goto(host.url + 'interviews/rail-talk/');
    expect(await pager.locator('[rel="prev"]').getAttribute('href')).toBe('/interviews/long-rail/');
    expect(await pager.locator('[rel="next"]').getAttribute('href')).toBe('/interviews/older-rail/');
    await pager.getByRole('link', { name: 'All interviews' }).click();
    expect(new URL(page.url()).pathname).toBe('/interviews/');
    await page.context().close();
  });

  it('is valid HTML, and axe finds nothing with the outline open beside the text or folded above it, in either scheme', async () => {
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateFile(path.join(outDir, 'interviews/long-rail/index.html'));
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
    const found: string[] = [];
    for (const [width, height] of [[1280, 800], [390, 844]] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await (await browser.newContext({ viewport: { width, height }, colorScheme })).newPage();
        await page.goto(host.url + 'interviews/long-rail/');
        await page.evaluate(() => window.scrollTo(0, 20_000));
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
          return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `${width} ${colorScheme}: ${v}`));
        await page.context().close();
      }
    }
    expect(found).toEqual([]);
  }, 180_000);

  it('does work at load only for the passages near the screen, not for every passage of the page', async () => {
    // What the page's script does per passage (its buttons) it does for those a reader reaches: on
    // a 400-turn page, the ones within a screen of the viewport, and more as the reader scrolls.
    // (Its cost in time is the benchmark's to measure; CPU time measured here varied with the load
    // of the machine by more than the whole page's work.)
    const page = await open('interviews/long-rail/');
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    const total = await page.locator('section.passage[id]').count();
    expect(total).toBe(400);
    const equipped = () => page.locator('section.passage[data-tools]').count();
    const atLoad = await equipped();
    expect(atLoad).toBeGreaterThan(0);
    expect(atLoad).toBeLessThan(total / 10);
    await page.locator('section.passage[id]').nth(200).scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('section.passage[id]').nth(200).getAttribute('data-tools')).toBe('');
    expect(await equipped()).toBeLessThan(total / 5);
    await page.context().close();
  });
});
