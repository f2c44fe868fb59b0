import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { INLINE_PASSAGES, readPublishedPassages, type PassagesFile, type PassagesIndex } from '../../src/lib/published-passages.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import { OPENING_WORDS } from '../../src/lib/paging.ts';
import { writeContent, type ContentFiles } from '../helpers/fixture-content.ts';
import { buildSite, type BuildResult } from '../helpers/site.ts';

// A generated archive, deterministic: 8 interviews of 90 questions by one host and 90 answers of
// about 130 words by one guest, every answer on one topic. The guest's page and the topic's would
// hold about 1.2 MB of HTML on one page.
const INTERVIEWS = 8;
const PAIRS = 90;
const MIB = 1024 * 1024;

function words(seed: number): () => string {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const syllables = ['ra', 'il', 'sta', 'tion', 'ti', 'me', 'ta', 'ble', 'ci', 'ty', 'gra', 'de', 'lo', 'co', 'mo', 'ti', 've'];
  return () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * syllables.length)]).join('');
}

function sentences(word: () => string, count: number): string {
  return Array.from({ length: count }, () => {
    const s = Array.from({ length: 12 }, word).join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  }).join(' ');
}

function content(): ContentFiles {
  const files: ContentFiles = {
    'people/ann-host.yaml': 'name: Ann Host\nrole: Host\n',
    'people/bo-guest.yaml': 'name: Bo Guest\nrole: Engineer\n',
    'topics/rails.yaml': 'title: Rails\ndescription: What it takes to build and run a railway.\n',
  };
  for (let i = 1; i <= INTERVIEWS; i++) {
    const word = words(i);
    const body = Array.from({ length: PAIRS }, (_, q) =>
      `<Q>\nQuestion ${q + 1} of talk ${i}: ${sentences(word, 1).slice(0, -1)}?\n</Q>\n\n<A topics="rails">\n${sentences(word, 11)}\n</A>\n`).join('\n');
    files[`interviews/talk-${i}.mdx`] = `---
title: Generated talk ${i}
publication: Generated
published: 2025-01-${String(i).padStart(2, '0')}
format: qa
interviewers: [ann-host]
interviewees: [bo-guest]
summary: A generated interview, for the size of the site.
---

${body}`;
  }
  return files;
}

let build: BuildResult;
let records: PassageRecord[];
const read = (rel: string) => readFileSync(path.join(build.outDir, rel), 'utf8');
/** The built file of a site path such as /people/bo-guest/2/. */
const htmlOf = (sitePath: string) => read(path.join(sitePath, 'index.html'));

function allFiles(dir: string): { rel: string; bytes: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const file = path.join(d.parentPath, d.name);
      return { rel: path.relative(dir, file), bytes: statSync(file).size };
    });
}

beforeAll(async () => {
  build = await buildSite({ content: writeContent(content()) });
  expect(build.code, build.output).toBe(0);
  records = await readPublishedPassages(async (rel) => read(rel));
}, 600_000);

describe('an archive larger than a page', () => {
  /** Follows the pages of a person or topic from the first by their next links, checking each link back. */
  function walk(first: string): { paths: string[]; ids: string[]; bytes: number } {
    const paths: string[] = [];
    const ids: string[] = [];
    let bytes = 0;
    for (let at: string | undefined = first; at; ) {
      const html = htmlOf(at);
      expect(Buffer.byteLength(html), `${at} is under 1 MB`).toBeLessThan(1_000_000);
      bytes += Buffer.byteLength(html);
      const doc = parse(html);
      const prev = doc.querySelector('a[rel=prev]')?.getAttribute('href');
      expect(prev, `${at} links back to the page before`).toBe(paths.at(-1));
      paths.push(at);
      ids.push(...doc.querySelectorAll('figure.quote').map((f) => f.getAttribute('data-passage')!));
      at = doc.querySelector('a[rel=next]')?.getAttribute('href');
    }
    return { paths, ids, bytes };
  }

  it.each([
    ['the guest', '/people/bo-guest/', (p: PassageRecord) => p.speaker === 'bo-guest', 1_000_000],
    ['the host', '/people/ann-host/', (p: PassageRecord) => p.speaker === 'ann-host', 0],
  ])('pages %s under 1 MB each, every passage on exactly one page, in order', (_, first, keep, oneFile) => {
    const { paths, ids, bytes } = walk(first);
    // One page would have been more than 1 MB.
    expect(bytes).toBeGreaterThan(oneFile);
    expect(paths.length).toBeGreaterThan(1);
    expect(paths.slice(1)).toEqual(paths.slice(1).map((_, i) => `${first}${i + 2}/`));
    expect(ids).toEqual(records.filter(keep).map((p) => p.id));
  });

  it('leads a topic across many interviews with two passages from each, oldest interview first, linking to all of them', () => {
    const doc = parse(htmlOf('/topics/rails/'));
    const groups = doc.querySelectorAll('section.group');
    expect(groups.map((g) => g.getAttribute('data-interview'))).toEqual(Array.from({ length: INTERVIEWS }, (_, i) => `talk-${i + 1}`));
    for (const g of groups) expect(g.querySelectorAll('figure.quote').length).toBe(2);
    expect(doc.querySelector('[data-all-passages]')!.getAttribute('href')).toBe('/topics/rails/all/');
  });

  it('lists every passage of a large topic under all/, a line each: its opening words exactly as said, who said them, a link to it', () => {
    const html = htmlOf('/topics/rails/all/');
    const doc = parse(html);
    // One page lists them all in less than half the bytes of their texts alone (quoted whole, with
    // their markup, they took two pages of more than a megabyte).
    expect(doc.querySelector('a[rel=next]')).toBeNull();
    const rails = records.filter((p) => p.topics.includes('rails'));
    expect(Buffer.byteLength(html)).toBeLessThan(rails.reduce((n, p) => n + Buffer.byteLength(p.text), 0) / 2);
    const items = doc.querySelectorAll('.passage-list li');
    expect(items.map((li) => li.getAttribute('data-passage'))).toEqual(rails.map((p) => p.id));
    for (const [i, li] of items.entries()) {
      const record = rails[i]!;
      const link = li.querySelector('a')!;
      expect(link.getAttribute('href')).toBe(record.url);
      const shown = link.text.replace(/^“|”$/g, '');
      const cut = shown.endsWith(' …');
      const opening = cut ? shown.slice(0, -2) : shown;
      expect(opening.split(/\s+/).length, record.id).toBe(Math.min(OPENING_WORDS, record.text.split(/\s+/).length));
      expect(record.text.startsWith(opening), record.id).toBe(true);
      expect(cut).toBe(opening.length < record.text.length);
      expect(li.querySelector('.by')!.text).toBe(record.speakerName);
    }
  });

  it('gives agents the topic as Markdown the same way: every passage a line, linked to where it was said', () => {
    const md = read('topics/rails.md');
    const rails = records.filter((p) => p.topics.includes('rails'));
    expect(md).toContain(`## Every passage (${rails.length})`);
    const lines = md.split('\n').filter((l) => l.startsWith('- [“'));
    expect(lines.map((l) => new URL(l.match(/\]\(([^)]+)\)/)![1]!).pathname + new URL(l.match(/\]\(([^)]+)\)/)![1]!).hash)).toEqual(rails.map((p) => p.url));
    for (const [i, line] of lines.entries()) expect(line.endsWith(` — ${rails[i]!.speakerName}`), line).toBe(true);
    expect(Buffer.byteLength(md)).toBeLessThan(rails.reduce((n, p) => n + Buffer.byteLength(p.text), 0) / 2);
  });

  it('leads the first page with a summary of interviews linking to where each one starts', () => {
    const doc = parse(htmlOf('/people/bo-guest/'));
    const links = doc.querySelectorAll('.page-summary a');
    expect(links.map((a) => a.text)).toEqual(Array.from({ length: INTERVIEWS }, (_, i) => `Generated talk ${INTERVIEWS - i}`));
    expect(doc.querySelector('.page-summary')!.text).toContain(`${PAIRS} passages`);
    for (const link of links) {
      const [page, hash] = link.getAttribute('href')!.split('#');
      expect(parse(htmlOf(page!)).getElementById(hash!), link.getAttribute('href')).not.toBeNull();
    }
  });
});

describe('what the host is given', () => {
  it('stays within static hosts’ limits: no file over 25 MiB, no page over 1 MB, and not a search file per passage', () => {
    const files = allFiles(build.outDir);
    const passages = INTERVIEWS * PAIRS * 2;
    expect(records.length).toBe(passages);
    for (const f of files) expect(f.bytes, f.rel).toBeLessThan(25 * MIB);
    for (const f of files.filter((f) => f.rel.endsWith('.html'))) expect(f.bytes, f.rel).toBeLessThan(1_000_000);
    // Pagefind writes one fragment per record: records are sections of passages, not passages.
    const fragments = files.filter((f) => f.rel.startsWith('pagefind/fragment/')).length;
    expect(fragments).toBeGreaterThan(0);
    expect(fragments).toBeLessThanOrEqual(Math.ceil(passages / 10));
    const entry = JSON.parse(read('pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    expect(Object.values(entry.languages)[0]!.page_count).toBe(fragments);
    // Per interview a page, its Markdown and its passages; the search index grows slower than the passages.
    expect(files.length).toBeLessThan(passages / 4);
  });

  it('publishes the passages as an index of per-interview files, none holding the whole archive', () => {
    const index = JSON.parse(read('passages.json')) as PassagesIndex;
    expect(index.count).toBeGreaterThan(INLINE_PASSAGES);
    expect(index.passages).toBeUndefined();
    expect(index.interviews.map((e) => [e.url, e.count])).toEqual(
      Array.from({ length: INTERVIEWS }, (_, i) => [`/passages/talk-${INTERVIEWS - i}.json`, PAIRS * 2]),
    );
    expect(new Set(records.map((p) => p.id)).size).toBe(index.count);
    // Each file describes its topics once, not with every passage; read back, every passage has them.
    const file = JSON.parse(read('passages/talk-3.json')) as PassagesFile;
    expect(file.topics).toEqual({ rails: { title: 'Rails', description: 'What it takes to build and run a railway.' } });
    expect(file.passages.some((p) => 'topicDescriptions' in p)).toBe(false);
    expect(records.filter((p) => p.topics.includes('rails')).every((p) => p.topicDescriptions[0] === 'What it takes to build and run a railway.')).toBe(true);
    expect(records.filter((p) => p.interview === 'talk-3').map((p) => p.text).join('\n')).toBe(
      content()['interviews/talk-3.mdx']!.split('---\n')[2]!.match(/^(?!<|$).+$/gm)!.join('\n'),
    );
  });
});
