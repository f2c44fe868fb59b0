/**
 * Faults the reader meets, made to happen: copies of the real built site with index files
 * tampered with, truncated or removed, and files a host answers with a plain 404, asked in Chromium.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAskIndex } from '../../src/build/ask-index.ts';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import { encodePassageShard, splitPassageShard } from '../../src/lib/ask/shards.ts';
import { sitePassages } from '../ask/ask-site.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';
import { builtSite, buildSite } from '../helpers/site.ts';
import { copySite } from '../helpers/site-copy.ts';

const site = builtSite();
const QUESTION = 'What did Altman say about the enterprise sales cycle?';
let browser: Browser;
const hosts: StaticHost[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.close()));
});

/** Serves a site folder (the real one unless given) and remembers to close it. */
async function serve(dir = site.dir): Promise<StaticHost> {
  const host = await serveStatic(dir, site.base);
  hosts.push(host);
  return host;
}

/** What the page shows once a question has been dealt with, and every uncaught error it raised. */
type Outcome = { page: Page; errors: string[]; mode: string | null; busy: string | null; status: string; text: string };

async function settled(page: Page, errors: string[]): Promise<Outcome> {
  await page.waitForFunction(() => {
    const region = document.querySelector('[data-ask-results]');
    return region?.getAttribute('aria-busy') === 'false' && region.querySelector('[data-answer], [data-no-answer], .ask-note');
  }, undefined, { timeout: 60_000 });
  // The status line is written when loading settles, which may come a moment after the answer.
  await page.waitForFunction(() => document.querySelector<HTMLProgressElement>('.ask-progress')?.hidden, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const region = document.querySelector('[data-ask-results]')!;
    return {
      mode: region.getAttribute('data-mode'),
      busy: region.getAttribute('aria-busy'),
      status: document.querySelector('[data-ask-status]')?.textContent ?? '',
      text: (region as HTMLElement).innerText,
    };
  }).then((o) => ({ page, errors, ...o }));
}

/** Opens /ask/?q= on a host in a fresh context and waits until the question is dealt with. */
async function askOnLoad(host: StaticHost, question: string): Promise<Outcome> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${host.url}ask/?q=${encodeURIComponent(question)}`);
  return settled(page, errors);
}

/** Asks another question in the same page's main box, and waits until its outcome replaces the last one. */
async function askAgain(page: Page, errors: string[], question: string): Promise<Outcome> {
  await page.evaluate(() => {
    (window as unknown as { shown?: Element | null }).shown = document.querySelector('[data-ask-results]')!.firstElementChild;
  });
  await page.locator('#ask-input').fill(question);
  await page.locator('#ask-input').press('Enter');
  await page.waitForFunction(() => {
    const region = document.querySelector('[data-ask-results]')!;
    return region.getAttribute('aria-busy') === 'false' && region.firstElementChild !== (window as unknown as { shown?: Element | null }).shown;
  }, undefined, { timeout: 60_000 });
  return settled(page, errors);
}

function expectKeywordAnswer(outcome: Outcome, reason: RegExp): void {
  expect(outcome.mode).toBe('keyword');
  expect(outcome.busy).toBe('false');
  expect(outcome.status).toBe('Answering from keywords only.');
  expect(outcome.text).toMatch(/^Answering by meaning is unavailable here, so these are keyword matches: /);
  expect(outcome.text.split('\n')[0]).toMatch(reason);
  expect(outcome.errors).toEqual([]);
}

describe('a manifest that pins its files', () => {
  it('refuses coarse codes of the right size holding other bytes, and answers from keywords saying why', async () => {
    const dir = copySite(site.dir, (ask) => {
      const size = readFileSync(path.join(ask, 'coarse.bin')).length;
      writeFileSync(path.join(ask, 'coarse.bin'), randomBytes(size));
    });
    const outcome = await askOnLoad(await serve(dir), QUESTION);
    expectKeywordAnswer(outcome, /ask\/coarse\.bin is not the file this site's answer index was built with \(its SHA-256 differs/);
    await expect(outcome.page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('enterprise sales cycle');
    await outcome.page.context().close();
  });

  it('refuses a passage shard whose vectors are other bytes when a question needs it, and answers it and the next from keywords, showing its texts', async () => {
    const dir = copySite(site.dir, (ask) => {
      for (const file of readdirSync(path.join(ask, 'passages'))) {
        const bytes = readFileSync(path.join(ask, 'passages', file));
        const { texts, vectors } = splitPassageShard(bytes, file);
        writeFileSync(path.join(ask, 'passages', file), encodePassageShard(texts, randomBytes(vectors.length)));
      }
    });
    const outcome = await askOnLoad(await serve(dir), QUESTION);
    expectKeywordAnswer(outcome, /ask\/passages\/\d{4}\.bin is not the file this site's answer index was built with \(its SHA-256 differs/);
    await expect(outcome.page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('enterprise sales cycle');
    const again = await askAgain(outcome.page, outcome.errors, 'What is OpenAI’s mission?');
    expectKeywordAnswer(again, /ask\/passages\/\d{4}\.bin is not the file/);
    await outcome.page.context().close();
  });

  it('refuses the vectors of another build with the same passage count', async () => {
    const passages = sitePassages();
    const at = passages.findIndex((p) => p.kind === 'report');
    const edited = passages.map((p, i) => (i === at ? { ...p, text: `${p.text} Edited.` } : p));
    const other = mkdtempSync(path.join(tmpdir(), 'verbatim-other-build-'));
    await buildAskIndex({ passages: edited, outDir: other, model: DEFAULT_MODEL, cacheDir: path.join(other, '.cache') });
    const shard = path.join('passages', '0000.bin');
    const otherVectors = splitPassageShard(readFileSync(path.join(other, 'ask', shard)), shard).vectors;
    const own = splitPassageShard(readFileSync(path.join(site.dir, 'ask', shard)), shard);
    expect(otherVectors.length).toBe(own.vectors.length);
    expect(Buffer.from(otherVectors).equals(Buffer.from(own.vectors))).toBe(false);

    // This site's texts with the other build's vectors.
    const dir = copySite(site.dir, (ask) => writeFileSync(path.join(ask, shard), encodePassageShard(own.texts, otherVectors)));
    const outcome = await askOnLoad(await serve(dir), QUESTION);
    expectKeywordAnswer(outcome, /ask\/passages\/0000\.bin is not the file this site's answer index was built with/);
    await outcome.page.context().close();
  });
});

/** Cuts a file of the index in half, as an interrupted upload leaves it. */
function truncate(file: string): void {
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

describe('a page that cannot hash', () => {
  it('says it cannot check the index files, and answers from keywords', async () => {
    // A host name other than localhost makes an insecure context, where browsers offer no crypto.subtle.
    const insecure = await launchBrowser(['--host-resolver-rules=MAP verbatim.test 127.0.0.1']);
    try {
      const host = await serve();
      const page = await insecure.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${host.url.replace('127.0.0.1', 'verbatim.test')}ask/?q=${encodeURIComponent(QUESTION)}`);
      expect(await page.evaluate(() => [window.isSecureContext, Boolean(globalThis.crypto?.subtle)])).toEqual([false, false]);
      const outcome = await settled(page, errors);
      expectKeywordAnswer(outcome, /this page cannot check the answer index files \(the browser offers SHA-256 only to pages served over HTTPS or from localhost\)/);
      await expect(page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('enterprise sales cycle');
    } finally {
      await insecure.close();
    }
  });
});

describe('a missing or damaged answer index', () => {
  it.each([
    ['missing', (ask: string) => rmSync(path.join(ask, 'manifest.json')), /ask\/manifest\.json is missing from the site \(the host answered 404\)/],
    ['truncated', (ask: string) => truncate(path.join(ask, 'manifest.json')), /ask\/manifest\.json is damaged \(not valid JSON: /],
  ])('answers from keywords when ask/manifest.json is %s, and says which file failed', async (_, damage, reason) => {
    const outcome = await askOnLoad(await serve(copySite(site.dir, damage)), QUESTION);
    expectKeywordAnswer(outcome, reason);
    await expect(outcome.page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('enterprise sales cycle');
    const again = await askAgain(outcome.page, outcome.errors, 'What is OpenAI’s mission?');
    expectKeywordAnswer(again, reason);
    await expect(outcome.page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('benefits all of humanity');
    await outcome.page.context().close();
  });

  it.each([
    ['missing', (ask: string) => rmSync(path.join(ask, 'structure.bin')), /ask\/structure\.bin is missing from the site \(the host answered 404\)/],
    ['truncated', (ask: string) => truncate(path.join(ask, 'structure.bin')), /ask\/structure\.bin is not the file this site's answer index was built with \(\d+ bytes, the manifest pins \d+\)/],
    [
      'truncated and the manifest missing',
      (ask: string) => {
        rmSync(path.join(ask, 'manifest.json'));
        truncate(path.join(ask, 'structure.bin'));
      },
      /ask\/structure\.bin is damaged \(/,
    ],
  ])('says in one sentence that nothing can be answered when ask/structure.bin is %s, and links to search', async (_, damage, reason) => {
    const outcome = await askOnLoad(await serve(copySite(site.dir, damage)), QUESTION);
    expect(outcome.mode).toBe('unavailable');
    expect(outcome.busy).toBe('false');
    expect(outcome.status).toBe('Answering is unavailable here; search still works.');
    const box = outcome.page.locator('[data-ask-results] [data-no-answer]');
    const lead = (await box.locator('p').first().textContent())!;
    expect(lead).toMatch(/^Questions cannot be answered here, because the answer index failed to load: /);
    expect(lead).toMatch(reason);
    expect(lead.match(/\.(\s|$)/g)).toHaveLength(1);
    await expect(box.locator('a').getAttribute('href')).resolves.toBe(`${site.base}search/?q=${encodeURIComponent(QUESTION)}`);
    expect(await outcome.page.locator('[data-answer]').count()).toBe(0);
    const again = await askAgain(outcome.page, outcome.errors, 'What is OpenAI’s mission?');
    expect(again.mode).toBe('unavailable');
    expect(again.text).toMatch(reason);
    expect(again.errors).toEqual([]);
    await outcome.page.context().close();
  });
});

describe('a model or runtime file behind a plain 404', () => {
  const wasm = readdirSync(path.join(site.dir, '_astro')).find((f) => f.endsWith('.wasm'))!;
  it.each([
    ['the model', 'models/verbatim/use-lite/onnx/model_quantized.onnx'],
    ['the model’s tokenizer', 'models/verbatim/use-lite/tokenizer.json'],
    ['the runtime', `_astro/${wasm}`],
  ])('names %s file that failed in plain words, and raises no page error on the next question', async (_, file) => {
    const host = await serve();
    host.hide(file);
    const outcome = await askOnLoad(host, QUESTION);
    const reason = new RegExp(`the model could not load: ${site.base}${file.replace(/[.]/g, '\\.')} is missing from the site \\(the host answered 404\\)`);
    expectKeywordAnswer(outcome, reason);
    expect(outcome.text).not.toMatch(/local_files_only|Could not locate|no available backend/i);
    const again = await askAgain(outcome.page, outcome.errors, 'What is OpenAI’s mission?');
    expectKeywordAnswer(again, reason);
    await expect(outcome.page.locator('[data-answer="1"] blockquote').textContent()).resolves.toContain('benefits all of humanity');
    await outcome.page.context().close();
  });
});

describe('noise for a question', () => {
  const noise = '"><img src=x onerror=alert(1)>';
  const declines = [
    [noise, /^There is nothing to look for in this question: ask it in words/],
    ['为什么OpenAI没有发布开源模型？', /^The archive answers questions asked in English\.$/],
    ['لماذا لم تطلق OpenAI نماذج مفتوحة المصدر؟', /^The archive answers questions asked in English\.$/],
  ] as const;

  it.each(declines)('declines %s with a sentence saying why, never with a passage', async (question, sentence) => {
    const outcome = await askOnLoad(await serve(), question);
    expect(outcome.mode).toBe('semantic');
    expect(outcome.busy).toBe('false');
    expect(await outcome.page.locator('[data-answer]').count()).toBe(0);
    await expect(outcome.page.locator('[data-no-answer] .no-answer-lead').textContent()).resolves.toMatch(sentence);
    expect(await outcome.page.evaluate(() => document.querySelectorAll('[data-ask-results] img').length)).toBe(0);
    expect(outcome.errors).toEqual([]);
    await outcome.page.context().close();
  });

  it('declines them alike when answering from keywords', async () => {
    const host = await serve();
    host.hide('models/');
    const outcome = await askOnLoad(host, noise);
    expect(outcome.mode).toBe('keyword');
    expect(await outcome.page.locator('[data-answer]').count()).toBe(0);
    await expect(outcome.page.locator('[data-no-answer] .no-answer-lead').textContent()).resolves.toMatch(declines[0][1]);
    const again = await askAgain(outcome.page, outcome.errors, declines[1][0]);
    expect(again.mode).toBe('keyword');
    await expect(outcome.page.locator('[data-no-answer] .no-answer-lead').textContent()).resolves.toMatch(declines[1][1]);
    await outcome.page.context().close();
  });
});

describe('the question length cap', () => {
  const long = `What did Altman say about open source? ${'and more words '.repeat(150)}`;

  it('caps ?q= as the box does, and the address bar carries only the capped question', async () => {
    const outcome = await askOnLoad(await serve(), long);
    const { value, maxLength, q } = await outcome.page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#ask-input')!;
      return { value: input.value, maxLength: input.maxLength, q: new URL(location.href).searchParams.get('q') };
    });
    expect(long.length).toBeGreaterThan(maxLength);
    expect(value.length).toBeLessThanOrEqual(maxLength);
    expect(q).toBe(value);
    expect(long.startsWith(value)).toBe(true);
    expect(outcome.errors).toEqual([]);
    await outcome.page.context().close();
  });

  it('caps a question a script puts in the box, on /ask/ and in the header box’s share link', async () => {
    const host = await serve();
    const outcome = await askOnLoad(host, 'What is OpenAI’s mission?');
    const page = outcome.page;
    await page.evaluate((text) => {
      const input = document.querySelector<HTMLInputElement>('#ask-input')!;
      input.value = text;
      input.form!.requestSubmit();
    }, long);
    await page.waitForFunction(() => (new URL(location.href).searchParams.get('q') ?? '').startsWith('What did Altman'));
    const q = await page.evaluate(() => new URL(location.href).searchParams.get('q')!);
    const maxLength = await page.locator('#ask-input').evaluate((input: HTMLInputElement) => input.maxLength);
    expect(q.length).toBeLessThanOrEqual(maxLength);
    expect(long.startsWith(q)).toBe(true);

    await page.goto(`${host.url}topics/mistakes/`);
    const box = page.locator('.header-ask');
    await box.locator('input[name="q"]').evaluate((input: HTMLInputElement, text) => {
      input.value = text;
      input.form!.requestSubmit();
    }, long);
    const share = await box.locator('a.ask-share').getAttribute('href', { timeout: 60_000 });
    const shared = new URL(share!, host.url).searchParams.get('q')!;
    expect(shared.length).toBeLessThanOrEqual(maxLength);
    expect(long.startsWith(shared)).toBe(true);
    await page.context().close();
  });
});

describe('search results', () => {
  it('show a passage holding markup and entities exactly as its text', async () => {
    const files = { ...GOOD_CONTENT };
    files['interviews/rail-talk.mdx'] += `
<Q topics="trains">
What did the tester type?
</Q>

<A topics="trains">
He typed \\<script>alert(1)\\</script> into the ticket form, & the page showed &lt;b&gt; as text; it held.
</A>
`;
    const build = await buildSite({ content: writeContent(files) });
    expect(build.code, build.output).toBe(0);
    const passages = (JSON.parse(readFileSync(path.join(build.outDir, 'passages.json'), 'utf8')) as { passages: { text: string }[] }).passages;
    const passage = passages.find((p) => p.text.includes('ticket form'))!.text;
    expect(passage).toBe('He typed <script>alert(1)</script> into the ticket form, & the page showed &lt;b&gt; as text; it held.');

    const host = await serveStatic(build.outDir, '/');
    hosts.push(host);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host.url}search/?q=ticket`);
    const excerpt = page.locator('[data-result] .excerpt').filter({ hasText: 'ticket' });
    await expect(excerpt.textContent({ timeout: 30_000 })).resolves.toBe(passage);
    await expect(excerpt.locator('mark').allTextContents()).resolves.toEqual(['ticket']);
    expect(await page.locator('[data-result] script, [data-result] b').count()).toBe(0);
    await context.close();
  });
});
