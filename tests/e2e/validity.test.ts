/**
 * Every built page is valid HTML by html-validate's recommended rules, and axe finds no
 * accessibility violation on any page type, in either colour scheme, with results and answers shown.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { builtSite } from '../helpers/site.ts';

const site = builtSite();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('html-validate', () => {
  it('reports nothing on any built page', async () => {
    const pages = readdirSync(site.dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const problems: string[] = [];
    for (const file of pages) {
      const report = await validator.validateFile(path.join(site.dir, file));
      for (const result of report.results) for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column}  ${m.ruleId}: ${m.message} (${m.selector ?? ''})`);
    }
    expect(problems).toEqual([]);
  });
});

describe('axe', () => {
  let browser: Browser;
  let host: StaticHost;
  beforeAll(async () => {
    browser = await launchBrowser();
    host = await serveStatic(site.dir, site.base);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  /** Each page type, and what makes it show its full content (results, answers) before axe looks. */
  const PAGES: [string, (page: Page) => Promise<unknown>][] = [
    ['', async () => undefined],
    ['interviews/', async () => undefined],
    ['interviews/altman-mistakes-money-mission/', async () => undefined],
    ['interviews/altman-cisco-ai-summit/', async () => undefined],
    ['topics/', async () => undefined],
    ['topics/enterprise/', async () => undefined],
    ['people/', async () => undefined],
    ['people/sam-altman/', async () => undefined],
    ['search/?q=open+source', (page) => page.locator('[data-result]').first().waitFor()],
    ['ask/?q=What+is+the+mission+of+OpenAI%3F', (page) => page.locator('[data-answer]').first().waitFor({ timeout: 60_000 })],
    ['ask/?q=How+long+should+sourdough+prove%3F', (page) => page.locator('[data-no-answer]').first().waitFor({ timeout: 60_000 })],
    ['no-such-page/', async () => undefined],
  ];

  for (const scheme of ['light', 'dark'] as const) {
    it(`reports no violation on any page type, in the ${scheme} scheme`, async () => {
      const context = await browser.newContext({ colorScheme: scheme });
      const found: string[] = [];
      for (const [pathname, ready] of PAGES) {
        const page = await context.newPage();
        await page.goto(host.url + pathname);
        await ready(page);
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `/${pathname}  ${v}`));
        await page.close();
      }
      await context.close();
      expect(found).toEqual([]);
    }, 180_000);
  }
});
