import { describe, expect, it } from 'vitest';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import { MAX_SECTIONS, rankHits, readSectionPassages, searchSections, SECTION_WORDS, sectionContent, sectionHits, sectionWordsFor } from '../../src/lib/search-sections.ts';

let n = 0;
const record = (over: Partial<PassageRecord>): PassageRecord => ({
  id: `p${++n}`, interview: 'talk', interviewTitle: 'Talk', publication: 'Pub', published: '2026-01-01', anchor: `a${n}`,
  url: `/interviews/talk/#a${n}`, kind: 'answer', speaker: 'guest', speakerName: 'Guest', voices: ['Guest'], topics: [],
  topicTitles: [], topicDescriptions: [], text: 'some words here', ...over,
});

describe('search sections', () => {
  it('groups passages by interview and voices (not topics), leaves notes out, and starts a new section past the word budget', () => {
    const a = record({ text: 'one two three' });
    const host = record({ voices: ['Host'], kind: 'question', text: 'why?' });
    const b = record({ text: 'four five six' });
    const tagged = record({ topicTitles: ['Rail'], text: 'tagged' });
    const note = record({ kind: 'note', voices: [], text: '[Music]' });
    const c = record({ text: 'seven' });
    const other = record({ interview: 'other', interviewTitle: 'Other', text: 'elsewhere' });
    expect(searchSections([a, host, b, tagged, note, c, other], 6).map((s) => s.map((p) => p.id))).toEqual([
      [a.id, b.id], [host.id], [tagged.id, c.id], [other.id],
    ]);
  });

  it('keeps only the passages of the topics a search is filtered by, and each passage its own topics', () => {
    const rail = record({ topicTitles: ['Rail'], text: 'trains run late' });
    const plain = record({ text: 'trains again' });
    const both = record({ topicTitles: ['Rail', 'Cities'], text: 'city trains' });
    const stored = sectionContent([rail, plain, both]);
    // Each title once for the section, a passage's topics by their place in that list.
    expect(stored.topics).toEqual(['Rail', 'Cities']);
    expect(stored.passages.map((p) => p.topics)).toEqual([[0], undefined, [0, 1]]);
    const { content } = stored;
    const passages = readSectionPassages(stored.passages, stored.topics);
    expect(passages.map((p) => p.topics)).toEqual([['Rail'], undefined, ['Rail', 'Cities']]);
    // "trains" at word 0, 3 and 6.
    expect(sectionHits(content, [0, 3, 6], passages, ['Cities']).map((h) => h.anchor)).toEqual([both.anchor]);
    expect(sectionHits(content, [0, 3, 6], passages, ['Rail']).map((h) => h.anchor)).toEqual([rail.anchor, both.anchor]);
    expect(sectionHits(content, [0, 3, 6], passages).map((h) => h.anchor)).toEqual([rail.anchor, plain.anchor, both.anchor]);
    expect(sectionHits(content, [], passages, ['Rail']).map((h) => h.anchor)).toEqual([rail.anchor, both.anchor]);
  });

  it('keeps sections of 3,000 words until an archive would make more than MAX_SECTIONS of them, then makes them larger', () => {
    const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`).join(' ');
    const small = Array.from({ length: 100 }, () => record({ text: words(500) }));
    expect(sectionWordsFor(small)).toBe(SECTION_WORDS);
    // 6,000 passages of 3,000 words: 18 million words, past what MAX_SECTIONS sections of 3,000 hold.
    const text = words(3000);
    const large = Array.from({ length: 6000 }, (_, i) => record({ interview: `e${Math.floor(i / 6)}`, text }));
    expect(sectionWordsFor(large)).toBe(Math.ceil((6000 * 3000) / MAX_SECTIONS));
    expect(searchSections(large).length).toBeLessThanOrEqual(MAX_SECTIONS);
    // Notes are not searched, so they do not count.
    expect(sectionWordsFor([...small, ...Array.from({ length: 9000 }, () => record({ kind: 'note', text }))])).toBe(SECTION_WORDS);
  });

  it('gives each matching passage of a section its own verbatim text, anchor, time and matches, the most matched first', () => {
    const first = record({ text: 'He said  “capped-profit” twice &lt;b&gt;.' });
    const second = record({ label: 'Open source', text: 'More\nprofit, profit.', time: { text: '1:02', seconds: 62, url: 'https://x.example/a.mp3#t=62' } });
    const third = record({ text: 'Nothing here.' });
    const stored = sectionContent([first, second, third]);
    const { content } = stored;
    const passages = readSectionPassages(stored.passages, stored.topics);
    expect(passages.map((p) => p.start)).toEqual([0, 5, 10]);
    // Pagefind's word positions: 2 is “capped-profit” in the first, 8 and 9 are in the second.
    const hits = sectionHits(content, [2, 8, 9], passages);
    expect(hits.map((h) => [h.anchor, h.content, h.locations])).toEqual([
      [second.anchor, 'Open source: More\nprofit, profit.', [3, 4]],
      [first.anchor, 'He said  “capped-profit” twice &lt;b&gt;.', [2]],
    ]);
    expect(hits[0]).toMatchObject({ time: '1:02', timeUrl: 'https://x.example/a.mp3#t=62' });
    expect(sectionHits(content, [], passages).map((h) => h.content)).toEqual([first.text, `Open source: ${second.text}`, third.text]);
  });

  it('ranks the passages of several sections together: every word of the question before one word many times', () => {
    const hit = (anchor: string, content: string, locations: number[]) => ({ anchor, start: 0, content, locations });
    const many = hit('many', 'law law, Law.', [0, 1, 2]);
    const all = hit('all', 'The rule of law', [1, 2, 3]);
    const two = hit('two', 'rule and law', [0, 2]);
    const later = hit('later', 'rule by law', [0, 2]);
    expect(rankHits([[many, two], [later, all]]).map((h) => h.anchor)).toEqual(['all', 'two', 'later', 'many']);
  });
});

describe('search index parts', () => {
  it('cuts a large archive into even parts of whole sections, in archive order, and keeps a small one whole', async () => {
    const { searchParts } = await import('../../src/integrations/search-index.ts');
    const records = Array.from({ length: 100 }, (_, i) => record({ interview: `talk-${Math.floor(i / 10)}`, interviewTitle: `Talk ${Math.floor(i / 10)}`, text: `passage ${i} words` }));
    const sections = searchSections(records);
    const parts = searchParts(records, 35);
    expect(parts.length).toBe(3);
    // Every section once, in order, none cut.
    expect(parts.flat()).toEqual(sections);
    const sizes = parts.map((part) => part.reduce((n, s) => n + s.length, 0));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(35 + 10);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(10);
    expect(searchParts(records, 100)).toEqual([sections]);
    expect(searchParts([], 10)).toEqual([[]]);
  });
});

describe('a search bundle in parts, written by Pagefind', () => {
  it('lists its parts, and a smaller archive written over it leaves no part behind', async () => {
    const { closeSearch, writeSearchBundle } = await import('../../src/integrations/search-index.ts');
    const { existsSync, mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const out = mkdtempSync(path.join(tmpdir(), 'verbatim-search-parts-'));
    const records = Array.from({ length: 30 }, (_, i) => record({ interview: `talk-${Math.floor(i / 5)}`, interviewTitle: `Talk ${Math.floor(i / 5)}`, text: `railway words number ${i}` }));
    try {
      const told: string[] = [];
      await writeSearchBundle(records, out, 10, (done, total) => told.push(`${done}/${total}`));
      expect(told).toEqual(['1/3', '2/3', '3/3']);
      expect(JSON.parse(readFileSync(path.join(out, 'parts.json'), 'utf8'))).toEqual(['part-1/', 'part-2/']);
      expect(readdirSync(path.join(out, 'part-2')).sort()).toEqual(expect.arrayContaining(['filter', 'fragment', 'index', 'pagefind-entry.json']));
      expect(existsSync(path.join(out, 'part-2', 'pagefind.js'))).toBe(false);
      await writeSearchBundle(records, out, 100);
      expect(JSON.parse(readFileSync(path.join(out, 'parts.json'), 'utf8'))).toEqual([]);
      expect(readdirSync(out).filter((name) => name.startsWith('part-'))).toEqual([]);
      expect(existsSync(path.join(out, 'pagefind.js'))).toBe(true);
    } finally {
      await closeSearch();
    }
  }, 60_000);
});
