/**
 * A recorded conversation, built for real: several speakers, speech, a note, a long answer split
 * into passages, times and an audio file. Checked in the built HTML, the published passages, the
 * Markdown twin and the answer index, then in Chromium (the player loads nothing until asked).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse, type HTMLElement } from 'node-html-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassagesFile } from '../../src/integrations/verbatim.ts';
import { checkManifest } from '../../src/lib/ask/manifest.ts';
import { unpackPassages, type AskPassagesFile } from '../../src/lib/ask/passage-data.ts';
import { autoAnchor } from '../../src/lib/anchors.ts';
import { splitPassageShard } from '../../src/lib/ask/shards.ts';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { CONVERSATION_CONTENT, LONG_TURN, writeContent } from '../helpers/fixture-content.ts';
import { buildSite } from '../helpers/site.ts';

const MEDIA = 'https://media.example.org/rail-podcast/episode-12.mp3';
let dir: string;
const read = (rel: string) => readFileSync(path.join(dir, rel), 'utf8');
const visible = (el: HTMLElement) => el.textContent.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  const result = await buildSite({ content: writeContent(CONVERSATION_CONTENT) });
  expect(result.code, result.output).toBe(0);
  dir = result.outDir;
});

describe('a conversation page', () => {
  const podcast = () => parse(read('interviews/rail-podcast/index.html'));

  it('names the speaker at each change of speaker and on questions, and shows speech, questions and notes apart', () => {
    const html = podcast();
    const sections = html.querySelectorAll('[data-passage]');
    const rows = sections.map((s) => [s.getAttribute('data-kind'), s.querySelector('.speaker') ? visible(s.querySelector('.speaker')!) : null]);
    expect(rows).toEqual([
      ['note', null],
      ['speech', 'Ann Host'],
      ['question', 'Ann Host'],
      ['answer', 'Bo Guest'],
      ['answer', null],
      ['answer', null],
      ['speech', 'Cy Guest'],
      ['speech', null],
      ['question', 'Ann Host'],
      ['answer', 'Cy Guest'],
    ]);
    expect(visible(sections[0]!.querySelector('[data-text]')!)).toBe('[Music]');
  });

  it('shows a long answer as one turn of several passages, every word kept, each with its own anchor and link', () => {
    const turn = podcast().querySelector('#where-it-started')!.closest('.turn')!;
    const parts = turn.querySelectorAll('[data-passage]');
    expect(parts.length).toBe(3);
    const texts = parts.map((p) => p.querySelector('[data-text]')!.textContent);
    expect(texts.join(' ')).toBe(LONG_TURN);
    expect(parts.map((p) => p.id)).toEqual(['where-it-started', autoAnchor(texts[1]!), autoAnchor(texts[2]!)]);
    for (const p of parts) expect(p.querySelector(`a.anchor-link[href="#${p.id}"]`)?.textContent).toBe('¶ Link');
  });

  it('links each time to the recording at that moment, and offers a player that preloads nothing', () => {
    const html = podcast();
    const times = html.querySelectorAll('a.time').map((a) => [a.textContent, a.getAttribute('href')]);
    expect(times).toEqual([
      ['0:00', `${MEDIA}#t=0`],
      ['0:05', `${MEDIA}#t=5`],
      ['0:12', `${MEDIA}#t=12`],
      ['0:16', `${MEDIA}#t=16`],
      ['0:48', `${MEDIA}#t=48.5`],
      ['0:55', `${MEDIA}#t=55`],
      ['0:58', `${MEDIA}#t=58`],
    ]);
    const player = html.querySelector('audio[data-player]')!;
    expect(player.getAttribute('src')).toBe(MEDIA);
    expect(player.getAttribute('preload')).toBe('none');

    const video = parse(read('interviews/rail-video/index.html'));
    expect(video.querySelector('[data-player]')).toBeNull();
    expect(video.querySelectorAll('a.time').map((a) => a.getAttribute('href'))).toEqual([
      'https://www.youtube.com/watch?v=abc123DEF45&t=3723s',
      'https://www.youtube.com/watch?v=abc123DEF45&t=3729s',
    ]);
  });

  it('carries the time into quotes, /passages.json and the Markdown twin, and keeps notes out of answers', () => {
    const quote = parse(read('topics/cities/index.html')).querySelector('figure.quote:has(a.time)')!;
    expect(quote.querySelector('a.time')!.getAttribute('href')).toBe(`${MEDIA}#t=16`);
    // The caption reads as a line: each part set off by a spaced dot.
    expect(quote.querySelector('figcaption')!.textContent.replace(/\s+/g, ' ')).toMatch(/ · 0:16 · in context/);

    const records = (JSON.parse(read('passages.json')) as PassagesFile).passages.filter((p) => p.interview === 'rail-podcast');
    expect(records[0]).toMatchObject({ kind: 'note', speakerName: '', voices: [], time: { seconds: 0, text: '0:00', url: `${MEDIA}#t=0` } });
    const parts = records.filter((p) => p.kind === 'answer' && p.speaker === 'bo-guest');
    expect(parts.map((p) => p.turn)).toEqual([undefined, 'where-it-started', 'where-it-started']);
    expect(parts.map((p) => p.question)).toEqual(['Bo, where did it all start?', 'Bo, where did it all start?', 'Bo, where did it all start?']);
    expect(parts[0]!.time).toEqual({ seconds: 16, text: '0:16', url: `${MEDIA}#t=16` });

    const markdown = read('interviews/rail-podcast.md');
    expect(markdown).toContain(`- Recording: ${MEDIA}`);
    expect(markdown).toContain(`[0:00](${MEDIA}#t=0) _\\[Music\\]_ [#music]`);
    expect(markdown).toContain(`[0:05](${MEDIA}#t=5) **Ann Host:** Welcome back`);

    const manifest = checkManifest(JSON.parse(read('ask/manifest.json')));
    const index = { passages: manifest.passages.files.flatMap((pin) => unpackPassages(JSON.parse(gunzipSync(splitPassageShard(readFileSync(path.join(dir, `ask/${pin.file}`)), pin.file).texts).toString('utf8')) as AskPassagesFile)) };
    expect(index.passages.some((p) => p.kind === 'note')).toBe(false);
    const second = index.passages.find((p) => p.text.startsWith('A railway is a promise that a city keeps for a century, and'))!;
    expect(index.passages[second.turn!]!.url).toBe('/interviews/rail-podcast/#where-it-started');
    expect(index.passages.find((p) => p.url.endsWith('#where-it-started'))!.time).toEqual({ text: '0:16', url: `${MEDIA}#t=16` });
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let host: StaticHost;
  const mediaRequests: string[] = [];

  /** A second of silence per 8,000 bytes: a real, playable WAV file of `seconds` seconds. */
  function silence(seconds: number): Buffer {
    const samples = 8000 * seconds;
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + samples, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(8000, 28);
    header.writeUInt16LE(1, 32);
    header.writeUInt16LE(8, 34);
    header.write('data', 36);
    header.writeUInt32LE(samples, 40);
    return Buffer.concat([header, Buffer.alloc(samples, 128)]);
  }

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage();
    const wav = silence(70);
    // As media hosts do, the recording is served in the byte ranges the player asks for.
    await page.route('https://media.example.org/**', (route) => {
      mediaRequests.push(route.request().url());
      const [, from = '0', to] = /bytes=(\d+)-(\d*)/.exec(route.request().headers().range ?? '') ?? [];
      const start = Number(from);
      const end = to ? Number(to) : wav.length - 1;
      return route.fulfill({
        status: 206,
        headers: { 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${wav.length}` },
        body: wav.subarray(start, end + 1),
      });
    });
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    host = await serveStatic(dir, '/');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('loads no media until a time is pressed, then plays the page’s player from that moment without leaving', async () => {
    const page = await open(`${host.url}interviews/rail-podcast/`);
    await page.waitForLoadState('networkidle');
    expect(mediaRequests).toEqual([]);
    await expect(page.locator('.passage[data-kind="note"] .passage-text').evaluate((el) => getComputedStyle(el).fontStyle)).resolves.toBe('italic');
    await expect(page.locator('.passage[data-kind="speech"] .passage-text').first().evaluate((el) => getComputedStyle(el).fontWeight)).resolves.toBe('400');

    await page.locator('a.time', { hasText: '0:48' }).click();
    await page.waitForFunction(() => {
      const player = document.querySelector<HTMLAudioElement>('[data-player]')!;
      return player.readyState > 0 && player.currentTime >= 48.5;
    });
    expect(page.url()).toBe(`${host.url}interviews/rail-podcast/`);
    expect(mediaRequests.length).toBeGreaterThan(0);
    expect(new Set(mediaRequests)).toEqual(new Set([MEDIA]));
    await page.waitForFunction(() => document.querySelector('.is-playing')?.textContent?.includes('stations are where a city meets'));
    await page.close();
  });

  it('answers with the time the passage starts, linked to the recording', async () => {
    const page = await open(`${host.url}ask/?q=${encodeURIComponent('What would Cy build first?')}`);
    const answer = page.locator('[data-answer]', { hasText: 'A bench and a clock, before any new line.' });
    await answer.waitFor({ timeout: 60_000 });
    await expect(answer.locator('a.time').getAttribute('href')).resolves.toBe(`${MEDIA}#t=58`);
    await expect(answer.locator('a.time').textContent()).resolves.toBe('0:58');
    await page.close();
  });

  it('shows an answer with the question it follows and who asked it, linking only to the passage', async () => {
    const page = await open(`${host.url}ask/?q=${encodeURIComponent('What would Cy build first?')}`);
    const answer = page.locator('[data-answer]', { hasText: 'A bench and a clock, before any new line.' });
    await answer.waitFor({ timeout: 60_000 });
    const asked = answer.locator('[data-asked]');
    await expect(asked.textContent()).resolves.toBe('Ann Host asked: Cy, what would you build first?');
    // The only link into the interview is the one to the answering passage.
    const links = await answer.locator('a[href^="/interviews/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^\/interviews\/rail-podcast\/(\?sentence=[\d-]+)?#a-bench-and-a-clock/);
    // It sits above the quote, and is not part of what Copy quote copies.
    await expect(answer.locator('[data-text]').allTextContents()).resolves.toEqual(['A bench and a clock, before any new line.']);
    await page.close();
  });

  it('shows an answer that runs over two passages of one long turn whole, in reading order, as one answer', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${host.url}ask/?q=${encodeURIComponent('Why did Bo spend three years on drainage, and what do people want a station to be?')}`);
    const answers = page.locator('[data-answer]');
    await answers.first().waitFor({ timeout: 60_000 });
    const best = answers.first();
    const parts = await best.locator('blockquote [data-text]').allTextContents();
    expect(parts.length).toBeGreaterThanOrEqual(2);
    // Consecutive parts of the turn, every word kept: together, one unbroken stretch of the answer.
    expect(LONG_TURN).toContain(parts.join(' '));
    await expect(best.locator('blockquote').getAttribute('data-parts')).resolves.toBe(String(parts.length));
    await expect(best.locator('[data-asked]').textContent()).resolves.toBe('Ann Host asked: Bo, where did it all start?');
    // No other answer repeats a part of it.
    const others = (await answers.allTextContents()).slice(1);
    for (const part of parts) for (const other of others) expect(other).not.toContain(part);
    // Copy quote copies all of it, a paragraph a passage.
    await best.locator('button[data-copy-quote]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(`${parts.join('\n\n')}\n`);
    await context.close();
  });

  it('does not search notes', async () => {
    const page = await open(`${host.url}search/?q=music`);
    await page.waitForFunction(() => /No passage matches/.test(document.querySelector('#search-status')?.textContent ?? ''));
    await page.locator('#search-input').fill('forty');
    await page.locator('[data-result]').first().waitFor();
    await expect(page.locator('[data-result] .meta a.time').first().getAttribute('href')).resolves.toBe(`${MEDIA}#t=16`);
    await page.close();
  });
});
