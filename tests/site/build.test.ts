import { readFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PassagesFile } from '../../src/integrations/verbatim.ts';
import { publishedRecords } from '../../src/lib/published-passages.ts';
import { builtSite, buildSite, ROOT } from '../helpers/site.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';
import { runtimeWasmPath } from '../../src/build/model/site-files.ts';
import { heapCeilingMB, MIN_HEAP_MB } from '../../scripts/build.ts';
import { handoffFile } from '../../src/build/finish-site.ts';
import { searchSections } from '../../src/lib/search-sections.ts';

const site = builtSite();
const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');
const page = (dir: string, rel: string) => parse(read(dir, rel));
const passagesOf = (dir: string) => publishedRecords(JSON.parse(read(dir, 'passages.json')) as PassagesFile);
/** Text as a reader sees it: entities decoded, whitespace as the browser collapses it. */
const visible = (el: HTMLElement) => el.textContent.replace(/\s+/g, ' ').trim();
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the real site', () => {
  const passages = passagesOf(site.dir);

  it('holds every paragraph of both source pieces, verbatim, and none of their residue', () => {
    const sources = ['altman-cisco-ai-summit.txt', 'altman-mistakes-money-mission.txt'].map((f) =>
      readFileSync(path.join(ROOT, 'tests/fixtures/sources', f), 'utf8'));
    for (const p of passages) {
      const published = p.label ? `${p.label}: ${p.text}` : p.text;
      expect(sources.some((s) => s.includes(published)), `not verbatim: ${published.slice(0, 60)}`).toBe(true);
    }
    const all = passages.map((p) => p.text).join('\n');
    expect(all).not.toContain('Leave a Reply');
    expect(all).not.toContain('Cisco’s Patel and Sam Altman');
    // Every content paragraph of the sources is on the site: only the titles and the standfirst
    // (both shown from the frontmatter), bylines, captions and the comment form are not passages.
    const paragraphs = sources.flatMap((s) => s.split('\n').map((l) => l.trim()).filter((l) => l.length > 60));
    const left = paragraphs.filter((l) => !passages.some((p) => l.endsWith(p.text)));
    expect(left).toEqual([
      passages[0]!.interviewTitle,
      passages.at(-1)!.interviewTitle,
      expect.stringMatching(/^Sam Altman agreed to speak with prompt\/power/),
    ]);
    expect(passages.filter((p) => p.interview === 'altman-cisco-ai-summit')).toHaveLength(20);
    expect(passages.filter((p) => p.interview === 'altman-mistakes-money-mission')).toHaveLength(9);
  });

  it('puts every passage on its interview page, under its anchor, with its speaker and text', () => {
    for (const slug of new Set(passages.map((p) => p.interview))) {
      const html = page(site.dir, `interviews/${slug}/index.html`);
      const onPage = html.querySelectorAll('[data-passage]');
      const expected = passages.filter((p) => p.interview === slug);
      expect(onPage.map((el) => el.id)).toEqual(expected.map((p) => p.anchor));
      for (const [i, p] of expected.entries()) {
        const el = html.getElementById(p.anchor)!;
        expect(collapse(visible(el.querySelector('.passage-text')!))).toBe(collapse(p.label ? `${p.label}: ${p.text}` : p.text));
        // Named at each change of speaker, on every question and on every paragraph of an article.
        const named = p.kind === 'question' || p.kind === 'report' || expected[i - 1]?.speaker !== p.speaker;
        if (named) expect(visible(el.querySelector('.speaker')!)).toBe(p.voices.join(', '));
        else expect(el.querySelector('.speaker')).toBeNull();
        expect(el.querySelector(`a[href="#${p.anchor}"]`)).not.toBeNull();
        expect(el.querySelectorAll('[data-topic]').map((a) => a.getAttribute('data-topic'))).toEqual(p.topics);
      }
    }
  });

  it('lists on each topic page exactly the passages tagged with it, grouped by interview, linking back', () => {
    const topicDirs = readdirSync(path.join(site.dir, 'topics'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(topicDirs.length).toBeGreaterThanOrEqual(10);
    for (const dir of topicDirs) {
      const html = page(site.dir, `topics/${dir.name}/index.html`);
      const shown = html.querySelectorAll('[data-passage]').map((el) => el.getAttribute('data-passage'));
      const tagged = passages.filter((p) => p.topics.includes(dir.name)).map((p) => p.id);
      expect(shown.sort()).toEqual(tagged.sort());
      for (const link of html.querySelectorAll('[data-passage-link]')) {
        expect(passages.some((p) => p.url === link.getAttribute('href'))).toBe(true);
      }
      const groups = html.querySelectorAll('section.group').map((s) => s.getAttribute('data-interview'));
      expect(groups).toEqual([...new Set(groups)]);
    }
  });

  it('gathers on each person page what they said by topic, the topics they spoke on most first, each linked', () => {
    const people = readdirSync(path.join(site.dir, 'people'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    let gathered = 0;
    for (const person of people) {
      const html = page(site.dir, `people/${person}/index.html`);
      const name = visible(html.querySelector('h1')!);
      // What they said, and what a report quotes them as saying.
      const said = passages.filter((p) => p.speaker === person || p.voices.includes(name));
      const expected = new Map<string, { passages: number; interviews: Set<string> }>();
      for (const p of said) {
        for (const t of p.topics) {
          const entry = expected.get(t) ?? { passages: 0, interviews: new Set<string>() };
          expected.set(t, entry);
          entry.passages++;
          entry.interviews.add(p.interview);
        }
      }
      const listed = html.querySelectorAll('[data-person-topic]');
      expect(listed.map((li) => li.getAttribute('data-person-topic')).sort(), person).toEqual([...expected.keys()].sort());
      const counts = listed.map((li) => expected.get(li.getAttribute('data-person-topic')!)!.passages);
      expect(counts, `${person}: most first`).toEqual([...counts].sort((a, b) => b - a));
      for (const li of listed) {
        const id = li.getAttribute('data-person-topic')!;
        const { passages: n, interviews } = expected.get(id)!;
        expect(visible(li.querySelector('.meta')!)).toBe(`${n} passage${n === 1 ? '' : 's'} in ${interviews.size} interview${interviews.size === 1 ? '' : 's'}`);
        expect(li.querySelector('h3 a')!.getAttribute('href')).toBe(`/topics/${id}/`);
        const links = li.querySelectorAll('ul a').map((a) => a.getAttribute('href'));
        expect(links.length).toBe(Math.min(3, n));
        for (const href of links) expect(said.some((p) => p.url === href && p.topics.includes(id)), href).toBe(true);
        // One from each interview before a second from any.
        expect(new Set(links.map((href) => href!.split('#')[0])).size).toBe(Math.min(links.length, interviews.size));
        gathered++;
      }
    }
    expect(gathered).toBeGreaterThanOrEqual(5);
  });

  it('has a Pagefind index of every passage, a sitemap, a feed, a 404 page and per-page metadata', () => {
    const entry = JSON.parse(read(site.dir, 'pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    // Pagefind's records are sections of passages (src/lib/search-sections.ts), each passage in one.
    const sections = searchSections(passages);
    expect(sections.flat().map((p) => p.id)).toEqual(expect.arrayContaining(passages.filter((p) => p.kind !== 'note').map((p) => p.id)));
    expect(sections.flat().length).toBe(passages.filter((p) => p.kind !== 'note').length);
    expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0)).toBe(sections.length);
    expect(existsSync(path.join(site.dir, 'pagefind/pagefind.js'))).toBe(true);
    expect(read(site.dir, 'sitemap-0.xml')).toContain('/topics/open-source/');
    const rss = read(site.dir, 'rss.xml');
    expect(rss).toContain('<title>OpenAI&apos;s Altman on fully AI companies, open source, infrastructure</title>');
    expect(rss).toContain('/interviews/altman-mistakes-money-mission/');
    expect(existsSync(path.join(site.dir, '404.html'))).toBe(true);
    const home = page(site.dir, 'index.html');
    const topic = page(site.dir, 'topics/open-source/index.html');
    expect(topic.querySelector('title')!.text).toBe('Open source and open models · Verbatim');
    expect(topic.querySelector('link[rel=canonical]')!.getAttribute('href')).toMatch(/^https?:\/\/[^/]+\/topics\/open-source\/$/);
    expect(topic.querySelector('meta[property="og:title"]')!.getAttribute('content')).toBe('Open source and open models');
    expect(topic.querySelector('meta[name=description]')!.getAttribute('content')).toContain('open models');
    expect(home.querySelector('form.search-form')!.getAttribute('action')).toBe('/search/');
  });
});

describe('npm run build', () => {
  it('builds the pages in Astro and the indexes in a process of their own, which takes up the handoff and leaves none', () => {
    // The real site is built so (tests/setup/build-site.ts); every test here reads its indexes.
    expect(existsSync(path.join(site.dir, 'ask/manifest.json'))).toBe(true);
    expect(existsSync(path.join(site.dir, 'pagefind/pagefind.js'))).toBe(true);
    expect(existsSync(handoffFile(site.dir))).toBe(false);
    expect(heapCeilingMB(0)).toBe(MIN_HEAP_MB);
    // The 1,000-episode benchmark archive's 135 MB of MDX get more than a small site's.
    expect(heapCeilingMB(135e6)).toBeGreaterThan(MIN_HEAP_MB);
  });

  it('leaves the indexes to the next step when told to, and that step finishes the site', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'verbatim-two-step-'));
    const pages = await buildSite({ outDir, env: { VERBATIM_FINISH_LATER: '1' } });
    expect(pages.code, pages.output).toBe(0);
    expect(existsSync(path.join(outDir, 'interviews/index.html'))).toBe(true);
    expect(existsSync(path.join(outDir, 'ask/manifest.json'))).toBe(false);
    expect(existsSync(handoffFile(outDir))).toBe(true);
    const finish = spawnSync(process.execPath, [path.join(ROOT, 'scripts/finish-build.ts'), '--dist', outDir], { cwd: ROOT, encoding: 'utf8' });
    expect(finish.status, finish.stderr).toBe(0);
    expect(finish.stdout).toMatch(/\[verbatim\] Answer index: \d+ passages/);
    expect(existsSync(path.join(outDir, 'ask/manifest.json'))).toBe(true);
    expect(existsSync(path.join(outDir, 'pagefind/pagefind.js'))).toBe(true);
    expect(existsSync(handoffFile(outDir))).toBe(false);
    // Run again with nothing handed over, it says so and changes nothing.
    const again = spawnSync(process.execPath, [path.join(ROOT, 'scripts/finish-build.ts'), '--dist', outDir], { cwd: ROOT, encoding: 'utf8' });
    expect([again.status, again.stdout]).toEqual([0, expect.stringContaining('nothing to finish')]);
  });
});

describe('the model and its runtime, served by the site itself', () => {
  it('ships the model files and exactly one runtime binary, the one the bundled Transformers.js loads', () => {
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx', 'LICENSE']) {
      expect(existsSync(path.join(site.dir, 'models/verbatim/use-lite', file)), file).toBe(true);
    }
    const wasm = readdirSync(path.join(site.dir, '_astro')).filter((f) => f.endsWith('.wasm'));
    expect(wasm).toHaveLength(1);
    expect(readFileSync(path.join(site.dir, '_astro', wasm[0]!)).equals(readFileSync(runtimeWasmPath()))).toBe(true);
    const manifest = JSON.parse(read(site.dir, 'ask/manifest.json')) as { model: { id: string }; passages: { count: number } };
    expect(manifest.model.id).toBe('verbatim/use-lite');
    expect(manifest.passages.count).toBe(passagesOf(site.dir).length);
  });
});

describe('for programs and agents', () => {
  const passages = passagesOf(site.dir);

  it('offers every interview and topic as Markdown holding its passages verbatim, indexed by llms.txt', () => {
    const llms = read(site.dir, 'llms.txt');
    for (const slug of new Set(passages.map((p) => p.interview))) {
      expect(llms).toContain(`/interviews/${slug}.md`);
      const md = read(site.dir, `interviews/${slug}.md`).replace(/\\(.)/g, '$1');
      for (const p of passages.filter((r) => r.interview === slug)) {
        expect(md).toContain(p.text);
        expect(md).toContain(`/interviews/${slug}/#${p.anchor})`);
      }
    }
    const topic = read(site.dir, 'topics/open-source.md').replace(/\\(.)/g, '$1');
    for (const p of passages.filter((r) => r.topics.includes('open-source'))) expect(topic).toContain(p.text);
    expect(llms).toContain('/topics/open-source.md');
  });
});

describe('a site under a base path', () => {
  let dir: string;
  let output: string;
  beforeAll(async () => {
    const result = await buildSite({ content: writeContent(GOOD_CONTENT), base: '/kb/' });
    expect(result.code, result.output).toBe(0);
    dir = result.outDir;
    output = result.output;
  });

  it('says once, built without a site of its own, that its URLs point at the placeholder domain', () => {
    expect(output.match(/site is the placeholder https:\/\/verbatim\.example/g)).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('<link rel="canonical" href="https://verbatim.example/kb/"');
  });

  it('links every page, asset, passage and search record under the base path', () => {
    const files = ['index.html', 'interviews/rail-talk/index.html', 'topics/trains/index.html', 'people/bo-guest/index.html', 'search/index.html', '404.html'];
    for (const file of files) {
      const html = page(dir, file);
      for (const el of html.querySelectorAll('[href], [src], [action]')) {
        const url = el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action')!;
        if (/^(https?:|#|mailto:)/.test(url)) continue;
        expect(url, `${file}: ${el.outerHTML.slice(0, 80)}`).toMatch(/^\/kb\//);
      }
    }
    const [record] = passagesOf(dir);
    expect(record!.url).toBe(`/kb/interviews/rail-talk/#${record!.anchor}`);
    expect(page(dir, 'search/index.html').querySelector('#search')!.getAttribute('data-bundle')).toBe('/kb/pagefind/');
  });

  it('gives interviews and topics a social preview image of their own, a PNG of 1200x630 under the base path', () => {
    for (const [file, image] of [['interviews/rail-talk/index.html', 'og/interviews/rail-talk.png'], ['topics/trains/index.html', 'og/topics/trains.png']] as const) {
      const head = page(dir, file);
      expect(head.querySelector('meta[property="og:image"]')!.getAttribute('content')).toBe(`https://verbatim.example/kb/${image}`);
      expect(head.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary_large_image');
      const png = readFileSync(path.join(dir, image));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    }
    expect(page(dir, 'people/bo-guest/index.html').querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary');
  });

  it('reports how many social preview images it drew and took from the cache', () => {
    expect(output).toMatch(/Social preview images: \d+ drawn, \d+ from cache, in \d+ ms/);
  });
});

describe('malformed content fails the build naming the file, the field and what was expected', () => {
  const failing = async (files: Record<string, string>) => {
    const result = await buildSite({ content: writeContent(files) });
    expect(result.code, result.output).not.toBe(0);
    return result.output;
  };
  const interview = GOOD_CONTENT['interviews/rail-talk.mdx']!;

  it('a missing frontmatter field', async () => {
    const output = await failing({ ...GOOD_CONTENT, 'interviews/rail-talk.mdx': interview.replace('title: Rail talk\n', '') });
    expect(output).toMatch(/rail-talk\.mdx/);
    expect(output).toMatch(/title/);
  });

  it('a wrongly typed field', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'interviews/rail-talk.mdx': interview.replace('published: 2025-03-01', 'published: soon\nmedia: ftp://example.org/rail.mp3'),
    });
    expect(output).toMatch(/rail-talk\.mdx/);
    expect(output).toMatch(/published/);
    expect(output).toMatch(/media/);
    expect(output).toContain('a date such as 2026-02-03, or "undated"');
  });

  it('unknown topic and person, duplicate slug and anchor, a passage without speaker, an empty body', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'interviews/unknown-refs.mdx': interview.replace('interviewers: [ann-host]', 'interviewers: [ann-host, nobody]').replace('topics="trains, cities"', 'topics="trains, planes"'),
      'interviews/same-slug.mdx': interview.replace('title: Rail talk', 'title: Other\nslug: rail-talk'),
      'interviews/dup-anchor.mdx': interview.replace('<Q topics="trains">', '<Q id="why">').replace('<A topics="trains, cities">', '<A id="why">'),
      'interviews/no-speaker.mdx': interview.replace('interviewees: [bo-guest]', 'interviewees: [bo-guest, ann-host]'),
      'interviews/empty.mdx': interview.slice(0, interview.indexOf('---', 4) + 4),
      'interviews/bad-time.mdx': interview.replace('<A topics="trains, cities">', '<A time="1:2" topics="trains, cities">'),
    });
    expect(output).toMatch(/unknown-refs\.mdx:6\s+interviewers: a person id from content\/people, found "nobody"/);
    expect(output).toMatch(/unknown-refs\.mdx:\d+\s+topics: a topic id from content\/topics, found "planes"/);
    expect(output).toMatch(/same-slug\.mdx:3\s+slug: a slug no other interview has, found "rail-talk"/);
    expect(output).toMatch(/dup-anchor\.mdx:\d+\s+id: an anchor unique in this interview, found "why" twice/);
    expect(output).toMatch(/no-speaker\.mdx:\d+\s+by: a speaker: by="<person id>" on this <A>/);
    expect(output).toMatch(/empty\.mdx\s+body: at least one <Q>, <A> or <P> passage/);
    expect(output).toContain('bad-time.mdx:15  time: a time such as "00:12:34" (HH:MM:SS, H:MM:SS or MM:SS, optional .mmm), found "1:2"');
  });
});
