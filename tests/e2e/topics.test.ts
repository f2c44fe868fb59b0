import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticHost } from '../../scripts/lib/static-server.ts';
import { readContent } from '../../src/build/content-check.ts';
import { applyTopics, suggestIntoReview } from '../../src/build/topics.ts';
import { formatReview, parseReview, type Review, type ReviewTopic } from '../../src/lib/topics/review.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { writeContent } from '../helpers/fixture-content.ts';
import { buildSite, ROOT } from '../helpers/site.ts';
import { THEMES, themedArchive } from '../helpers/themed-archive.ts';

// The whole way of a topic: suggested from a real archive's real embeddings, reviewed by an editor
// (edits made to the review file's text), applied to the MDX, suggested again after new interviews,
// built, and read in Chromium.
const run = promisify(execFile);
let content: string;
let reviewFile: string;
let cacheDir: string;
const review = () => parseReview(readFileSync(reviewFile, 'utf8'), reviewFile);
const writeReview = (r: Review) => writeFileSync(reviewFile, formatReview(r));
const archive = async () => (await readContent(content, path.dirname(content))).archive;

/** The theme most of a topic's passages are about, and what share of them it holds. */
async function themeOf(topic: ReviewTopic): Promise<{ theme: string; share: number }> {
  const texts = new Map((await archive()).passages.map((p) => [p.id, p.text]));
  const counts = new Map<string, number>();
  for (const p of topic.passages) {
    const text = texts.get(p.id) ?? '';
    const theme = Object.keys(THEMES).find((t) => THEMES[t]!.some((s) => text.includes(s)))!;
    counts.set(theme, (counts.get(theme) ?? 0) + 1);
  }
  const [theme, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return { theme, share: n / topic.passages.length };
}

/** Every file of the content folder with its SHA-256. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return out;
}

beforeAll(async () => {
  content = writeContent(themedArchive(6));
  reviewFile = path.join(content, 'topics-review.yaml');
  cacheDir = mkdtempSync(path.join(tmpdir(), 'verbatim-topics-cache-'));
  await suggestIntoReview({ contentDir: content, reviewFile, cacheDir });
}, 300_000);

describe('topics suggest and apply', () => {
  it('suggests topics that each run across interviews and hold one theme, described in their own words', async () => {
    const { topics } = review();
    expect(topics.length).toBeGreaterThanOrEqual(3);
    const texts = (await archive()).passages.map((p) => p.text);
    for (const topic of topics) {
      expect(topic.interviews, topic.id).toBeGreaterThanOrEqual(3);
      expect((await themeOf(topic)).share, topic.id).toBeGreaterThanOrEqual(0.8);
      expect(topic.decision).toBe('proposed');
      // The description is whole sentences of one of its passages, word for word.
      expect(texts.some((t) => t.includes(topic.description) && /[.?!]$/.test(topic.description)), topic.id).toBe(true);
    }
    const themes = new Set(await Promise.all(topics.map(async (t) => (await themeOf(t)).theme)));
    expect(themes).toEqual(new Set(Object.keys(THEMES)));
  });

  it('applies what the editor accepted, renamed and merged: topic files and tags, and no word of any text', async () => {
    const r = review();
    const byTheme = new Map<string, ReviewTopic[]>();
    for (const t of r.topics) {
      const { theme } = await themeOf(t);
      byTheme.set(theme, [...(byTheme.get(theme) ?? []), t]);
    }
    const [trains, ...moreTrains] = byTheme.get('trains')!;
    trains!.decision = 'accept';
    trains!.title = 'Railways';
    for (const t of moreTrains) t.mergeInto = trains!.id;
    for (const t of byTheme.get('cooking')!) t.decision = 'drop';
    trains!.passages[1]!.decision = 'reject';
    writeReview(r);
    // The editor renames the topic in the file's own text, as anyone would.
    writeFileSync(reviewFile, readFileSync(reviewFile, 'utf8').replaceAll(`id: ${trains!.id}\n`, 'id: railways\n').replaceAll(`merge-into: ${trains!.id}\n`, 'merge-into: railways\n'));

    const before = await archive();
    await applyTopics({ contentDir: content, reviewFile });
    const after = await archive();
    expect(after.passages.map((p) => [p.id, p.text])).toEqual(before.passages.map((p) => [p.id, p.text]));

    const topic = parseYaml(readFileSync(path.join(content, 'topics/railways.yaml'), 'utf8'));
    expect(topic.title).toBe('Railways');
    expect(topic.lead.length).toBeGreaterThan(0);
    const perInterview = new Map<string, number>();
    for (const id of topic.lead as string[]) perInterview.set(id.split('#')[0]!, (perInterview.get(id.split('#')[0]!) ?? 0) + 1);
    expect(Math.max(...perInterview.values())).toBeLessThanOrEqual(2);

    const listed = [trains!, ...moreTrains].flatMap((t) => t.passages);
    const tagged = after.passages.filter((p) => p.topics.includes('railways')).map((p) => p.id);
    const rejected = new Set(listed.filter((p) => p.decision === 'reject').map((p) => p.id));
    expect(rejected.size).toBe(1);
    expect(new Set(tagged)).toEqual(new Set(listed.filter((p) => !rejected.has(p.id)).map((p) => p.id)));
    // The editor's own tags are all still there.
    expect(after.passages.filter((p) => p.topics.includes('editor-pick')).map((p) => p.id)).toEqual(before.passages.filter((p) => p.topics.includes('editor-pick')).map((p) => p.id));
    expect(readdirSync(path.join(content, 'topics')).sort()).toEqual(['editor-pick.yaml', 'railways.yaml']);
  });

  it('changes nothing when applied again', async () => {
    const before = hashes(content);
    const result = await applyTopics({ contentDir: content, reviewFile });
    expect(result.elementsChanged).toBe(0);
    expect(hashes(content)).toEqual(before);
  });

  it('takes back only the tag it wrote when the editor rejects a passage it had tagged', async () => {
    const r = review();
    const railways = r.topics.find((t) => t.id === 'railways')!;
    const picked = new Set((await archive()).passages.filter((p) => p.topics.includes('editor-pick')).map((p) => p.id));
    const both = railways.passages.find((p) => picked.has(p.id) && p.decision !== 'reject')!;
    expect(both).toBeDefined();
    both.decision = 'reject';
    writeReview(r);
    await applyTopics({ contentDir: content, reviewFile });
    const passage = (await archive()).passages.find((p) => p.id === both.id)!;
    expect(passage.topics).toEqual(['editor-pick']);
  });

  it('suggests again after new interviews: every decision kept, new passages proposed under the topics they belong to', async () => {
    const decided = review();
    const added = themedArchive(2, 7);
    for (const [file, text] of Object.entries(added)) if (file.startsWith('interviews/') || file.startsWith('people/guest')) writeFileSync(path.join(content, file), text);
    const result = await suggestIntoReview({ contentDir: content, reviewFile, cacheDir });
    const next = review();
    for (const before of decided.topics) {
      const now = next.topics.find((t) => t.id === before.id)!;
      expect(now, before.id).toBeDefined();
      expect({ ...now, passages: now.passages.slice(0, before.passages.length), interviews: 0 }).toEqual({ ...before, interviews: 0 });
    }
    const railways = next.topics.find((t) => t.id === 'railways')!;
    const fresh = railways.passages.slice(decided.topics.find((t) => t.id === 'railways')!.passages.length);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((p) => p.decision === 'proposed' && /^talk-[78]#/.test(p.id))).toBe(true);
    expect(result.newPassages).toBeGreaterThan(0);
    // Nothing about cooking, which the editor dropped, is proposed again.
    for (const t of next.topics.filter((t) => !decided.topics.some((d) => d.id === t.id))) expect((await themeOf(t)).theme).not.toBe('cooking');
  }, 300_000);

  it('stops at a bad review file with one line naming the file, its line and the field', async () => {
    const bad = path.join(content, 'bad-review.yaml');
    const text = readFileSync(reviewFile, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l === '    decision: accept');
    lines[at] = '    decision: maybe';
    writeFileSync(bad, lines.join('\n'));
    const failed = await run(process.execPath, [path.join(ROOT, 'scripts/topics.ts'), 'apply', '--content', content, '--review', bad], { cwd: ROOT }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed!.stderr.trim().split('\n')).toEqual([`${path.relative(ROOT, bad)}:${at + 1}  decision: one of proposed, accept, drop, found "maybe"`]);
  });
});

describe('a topic page across many interviews', () => {
  let browser: Browser;
  let host: StaticHost;
  let outDir: string;

  beforeAll(async () => {
    await applyTopics({ contentDir: content, reviewFile });
    const build = await buildSite({ content });
    expect(build.code, build.output).toBe(0);
    outDir = build.outDir;
    browser = await launchBrowser();
    host = await serveStatic(outDir, '/');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('leads with one or two passages from each interview, oldest first, the rest a click away, and an ask box', async () => {
    const tagged = (await archive()).passages.filter((p) => p.topics.includes('railways'));
    expect(tagged.length).toBeGreaterThan(24);
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${host.url}topics/railways/`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Railways');
      const groups = await page.locator('section.group').evaluateAll((sections) =>
        sections.map((s) => ({ interview: s.getAttribute('data-interview'), quotes: s.querySelectorAll('figure.quote').length })),
      );
      expect(groups.map((g) => g.interview)).toEqual(Array.from({ length: 8 }, (_, i) => `talk-${i + 1}`));
      expect(groups.every((g) => g.quotes >= 1 && g.quotes <= 2)).toBe(true);
      // One ask box, the header's, given the topic as its scope.
      await expect(page.locator('[data-ask-box] input[type="search"]').count()).resolves.toBe(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      if (process.env.VERBATIM_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.VERBATIM_SCREENSHOTS, `topic-${viewport.width}.png`), fullPage: false });
      await page.locator('[data-all-passages]').click();
      await page.waitForURL(/\/topics\/railways\/all\/$/);
      // Every passage a line, its opening words linked to it in its interview.
      const all = await page.locator('.passage-list li').evaluateAll((items) => items.map((li) => li.getAttribute('data-passage')));
      expect(all.sort()).toEqual(tagged.map((p) => p.id).sort());
      const overflowAll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflowAll).toBeLessThanOrEqual(0);
      const first = page.locator('.passage-list li a').first();
      const opening = (await first.textContent())!.replace(/^“|”$/g, '').replace(/ …$/, '');
      await first.click();
      await page.waitForURL(/\/interviews\/talk-\d+\/#/);
      const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
      await expect(page.locator(`[id="${anchor}"] [data-text]`).textContent()).resolves.toMatch(new RegExp(`^${opening.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      await context.close();
    }
    const html = readFileSync(path.join(outDir, 'topics/railways/index.html'));
    expect(html.length).toBeLessThan(1_000_000);
  });

  it('shows under a topic on a person page the person’s passages that say most about it, by the topic’s ranking', async () => {
    const lead = (parseYaml(readFileSync(path.join(content, 'topics/railways.yaml'), 'utf8')) as { lead: string[] }).lead;
    const passages = (await archive()).passages;
    const url = (id: string) => `/interviews/${id.split('#')[0]}/#${id.split('#')[1]}`;
    const person = parse(readFileSync(path.join(outDir, 'people/guest-3/index.html'), 'utf8'));
    const links = person.querySelectorAll('[data-person-topic="railways"] ul a').map((a) => a.getAttribute('href'));
    const ranked = lead.filter((id) => id.startsWith('talk-3#'));
    expect(ranked.length).toBeGreaterThan(0);
    // The ranked first, best first, then the rest of what they said on it in reading order.
    const rest = passages.filter((p) => p.interview === 'talk-3' && p.topics.includes('railways') && !ranked.includes(p.id)).map((p) => p.id);
    expect(links).toEqual([...ranked, ...rest].slice(0, 3).map(url));
  });
});
