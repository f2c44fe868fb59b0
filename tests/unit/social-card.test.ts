/**
 * Social preview cards: what each says, from the published passages, and how they are drawn at
 * build time (satori, resvg-wasm, fonts from npm), each once for the same words.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSocialCards } from '../../src/build/social-cards.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import { clip, socialCards } from '../../src/lib/social-card.ts';

const record = (over: Partial<PassageRecord>): PassageRecord => ({
  id: 'talk#a', interview: 'talk', interviewTitle: 'Rail talk', publication: 'Radio Example', published: '2025-03-01', anchor: 'a',
  url: '/interviews/talk/#a', kind: 'answer', speaker: 'bo', speakerName: 'Bo Guest', voices: ['Bo Guest'], topics: ['trains'],
  topicTitles: ['Trains'], topicDescriptions: ['Why trains.'], text: 'Because.', ...over,
});

describe('social preview cards', () => {
  it('says for an interview whose words it holds, where and when; for a topic its description and reach', () => {
    const cards = socialCards([
      record({ kind: 'question', speaker: 'ann', speakerName: 'Ann Host', voices: ['Ann Host'], id: 'talk#q', anchor: 'q' }),
      record({}),
      record({ interview: 'other', interviewTitle: 'Other talk', published: null, id: 'other#a' }),
    ], 'Verbatim');
    expect(cards).toEqual([
      { path: 'og/interviews/talk.png', text: { kind: 'Interview · Verbatim', title: 'Rail talk', detail: 'Radio Example · 1 March 2025', byline: 'Bo Guest' } },
      { path: 'og/interviews/other.png', text: { kind: 'Interview · Verbatim', title: 'Other talk', detail: 'Radio Example · Undated', byline: 'Bo Guest' } },
      { path: 'og/topics/trains.png', text: { kind: 'Topic · Verbatim', title: 'Trains', detail: 'Why trains.', byline: '3 passages from 2 interviews' } },
    ]);
    expect(clip('one two three four', 12)).toBe('one two…');
  });

  it('draws a card once for the same words, and again when they change', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'verbatim-cards-'));
    const outDir = mkdtempSync(path.join(tmpdir(), 'verbatim-cards-out-'));
    const cards = socialCards([record({})], 'Verbatim');
    expect(await writeSocialCards(cards, { outDir, cacheDir })).toMatchObject({ drawn: 2, cached: 0 });
    const png = readFileSync(path.join(outDir, 'og/interviews/talk.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(await writeSocialCards(cards, { outDir, cacheDir })).toMatchObject({ drawn: 0, cached: 2 });
    const renamed = socialCards([record({ interviewTitle: 'Rail talk, revised' })], 'Verbatim');
    expect(await writeSocialCards(renamed, { outDir, cacheDir })).toMatchObject({ drawn: 1, cached: 1 });
    expect(readFileSync(path.join(outDir, 'og/interviews/talk.png')).equals(png)).toBe(false);
  });
});
