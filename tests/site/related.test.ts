import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { importTranscripts } from '../../src/build/import/import-transcripts.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import type { RelatedFile } from '../../src/lib/related.ts';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { writeContent } from '../helpers/fixture-content.ts';
import { buildSite } from '../helpers/site.ts';
import { SEEN_UNSEEN } from '../import/fixtures.ts';

let dir: string;
let records: PassageRecord[];
let browser: Browser;
let host: StaticHost;

beforeAll(async () => {
  const content = writeContent({});
  importTranscripts({ inputs: [SEEN_UNSEEN], out: content, speakers: { hosts: ['Amit Varma'], labels: {}, episodes: new Map() }, log: () => {} });
  const result = await buildSite({ content });
  expect(result.code, result.output).toBe(0);
  dir = result.outDir;
  records = (JSON.parse(readFileSync(path.join(dir, 'passages.json'), 'utf8')) as { passages: PassageRecord[] }).passages;
  browser = await launchBrowser();
  host = await serveStatic(dir, '/');
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('also said about this, on three real episodes', () => {
  it('links passages to passages of other interviews, each shipped with its speaker, interview and verbatim opening', () => {
    const files = readdirSync(path.join(dir, 'ask/related'));
    expect(files.length).toBeGreaterThan(0);
    let links = 0;
    for (const name of files) {
      const slug = name.replace(/\.json$/, '');
      const file = JSON.parse(readFileSync(path.join(dir, 'ask/related', name), 'utf8')) as RelatedFile;
      for (const [anchor, entries] of Object.entries(file.passages)) {
        const source = records.find((r) => r.interview === slug && r.anchor === anchor)!;
        expect(source, `${slug}#${anchor}`).toBeDefined();
        expect(source.kind).not.toBe('question');
        expect(new Set(entries.map(([at]) => at)).size).toBe(entries.length);
        for (const [at, otherAnchor, speaker, opening] of entries) {
          const page = file.interviews[at]!.url;
          const other = records.find((r) => r.url === `${page}#${otherAnchor}`)!;
          expect(other, `${page}#${otherAnchor}`).toBeDefined();
          expect(other.interview).not.toBe(slug);
          expect(file.interviews[at]!.title).toBe(other.interviewTitle);
          expect(speaker).toBe(other.voices.join(', '));
          expect(other.text.startsWith(opening)).toBe(true);
          links++;
        }
      }
    }
    expect(links).toBeGreaterThan(0);
  });

  it('shows them under a passage when the reader asks, fetching them only then', async () => {
    const name = readdirSync(path.join(dir, 'ask/related'))[0]!;
    const slug = name.replace(/\.json$/, '');
    const file = JSON.parse(readFileSync(path.join(dir, 'ask/related', name), 'utf8')) as RelatedFile;
    const [anchor, entries] = Object.entries(file.passages)[0]!;
    const page = await (await browser.newContext()).newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${host.url}interviews/${slug}/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((p) => p.includes('/ask/'))).toEqual([]);
    const passage = page.locator(`section[id="${anchor}"]`);
    // The page adds a passage's buttons when it nears the viewport or the pointer reaches it (client/passage-tools.ts).
    await passage.hover();
    await passage.locator('button[data-related-button]').click();
    await page.waitForFunction((id) => document.getElementById(id)?.querySelector('[data-related] [data-related-item]'), anchor);
    expect(requests).toContain(`/ask/related/${slug}.json`);
    const items = passage.locator('[data-related-item]');
    await expect(items.count()).resolves.toBe(entries.length);
    const first = entries[0]!;
    await expect(items.first().locator('a').getAttribute('href')).resolves.toBe(`${file.interviews[first[0]]!.url}#${first[1]}`);
    await expect(items.first().textContent()).resolves.toContain(first[2]);
    await expect(items.first().locator('cite').textContent()).resolves.toBe(file.interviews[first[0]]!.title);
    await expect(passage.locator('button[data-related-button]').getAttribute('aria-expanded')).resolves.toBe('true');
    await passage.locator('button[data-related-button]').click();
    await expect(passage.locator('[data-related]').isHidden()).resolves.toBe(true);
    expect(existsSync(path.join(dir, 'ask/related', `${slug}.json`))).toBe(true);
    await page.context().close();
  });
});
