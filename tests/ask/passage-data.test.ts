import { describe, expect, it } from 'vitest';
import { embeddingTexts, keywordDocuments, packPassages, toAskPassages, unpackPassages } from '../../src/lib/ask/passage-data.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';

const record = (over: Partial<PassageRecord>): PassageRecord => ({
  id: 'i#p1',
  interview: 'i',
  interviewTitle: 'An interview',
  publication: 'A publication',
  published: null,
  anchor: 'p1',
  url: '/interviews/i/#p1',
  kind: 'report',
  speaker: 'sam',
  speakerName: 'Sam',
  voices: ['Sam'],
  topics: ['outlook'],
  topicTitles: ['Tailwinds and headwinds'],
  topicDescriptions: ['What helps and what threatens the business.'],
  text: 'Tailwinds are improving models.',
  ...over,
});

describe('answer index passages', () => {
  it('carry their topics\u2019 descriptions, and keyword scoring reads them as their own field', () => {
    const [passage] = toAskPassages([record({})]);
    expect(passage!.about).toEqual(['What helps and what threatens the business.']);
    expect(keywordDocuments([passage!])[0]!.about).toBe('What helps and what threatens the business.');
  });

  it('leave out a description quoted from a passage, which would give its words to every passage of its topic', () => {
    // As `topics suggest` describes a topic: sentences of one of its passages, word for word.
    const quote = 'Ports decide where a city grows, and the railway follows them.';
    const topics = { topics: ['outlook', 'ports'], topicTitles: ['Tailwinds and headwinds', 'Ports'], topicDescriptions: ['What helps and what threatens the business.', quote] };
    const passages = toAskPassages([
      record({ ...topics, id: 'i#p1', anchor: 'p1', text: `Think of Bombay. ${quote} It was always so.` }),
      record({ ...topics, id: 'i#p2', anchor: 'p2', text: 'Tailwinds are improving models.' }),
    ]);
    // The editor's words stay, in their place; the quoted sentences are nobody's description.
    for (const passage of passages) expect(passage.about).toEqual(['What helps and what threatens the business.', '']);
    expect(keywordDocuments(passages)[1]!.about).not.toContain('railway');
  });

  it('read records published before descriptions existed, and leave out empty descriptions', () => {
    const { topicDescriptions: _d, ...older } = record({});
    expect(toAskPassages([older as PassageRecord])[0]!.about).toBeUndefined();
    expect(toAskPassages([record({ topicDescriptions: [''] })])[0]!.about).toBeUndefined();
    expect(keywordDocuments(toAskPassages([older as PassageRecord]))[0]!.about).toBe('');
  });

  it('embed their text alone by default, and topic titles or descriptions before it when asked', () => {
    const passages = toAskPassages([record({})]);
    expect(embeddingTexts(passages)).toEqual(['Tailwinds are improving models.']);
    expect(embeddingTexts(passages, { section: false, question: false, topics: true, about: true })).toEqual([
      'Tailwinds and headwinds\nWhat helps and what threatens the business.\nTailwinds are improving models.',
    ]);
  });

  it('ship each description once, and get them back on opening', () => {
    const passages = toAskPassages([record({}), record({ id: 'i#p2', anchor: 'p2', text: 'Headwinds too.' }), record({ id: 'i#p3', topics: [], topicTitles: [], topicDescriptions: [] })]);
    const file = packPassages(passages);
    expect(file.about).toEqual({ 'Tailwinds and headwinds': 'What helps and what threatens the business.' });
    expect(file.passages.every((p) => !('about' in p))).toBe(true);
    expect(unpackPassages(JSON.parse(JSON.stringify(file)))).toEqual(passages);
    // A file written before descriptions existed opens unchanged.
    expect(unpackPassages({ passages: file.passages })).toEqual(file.passages);
  });
});

describe('embedding texts', () => {
  it('leave notes out of the index and link later parts of a long turn to its first part', () => {
    const passages = toAskPassages([
      record({ id: 'i#music', anchor: 'music', kind: 'note', text: '[Music]' }),
      record({ id: 'i#first', anchor: 'first', kind: 'answer', text: 'First part.', time: { seconds: 16, text: '0:16', url: 'https://e.org/a.mp3#t=16' } }),
      record({ id: 'i#second', anchor: 'second', kind: 'answer', text: 'Second part.', turn: 'first' }),
    ]);
    expect(passages.map((p) => [p.id, p.turn])).toEqual([['i#first', undefined], ['i#second', 0]]);
    expect(passages[0]!.time).toEqual({ text: '0:16', url: 'https://e.org/a.mp3#t=16' });
  });
});
