import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { castEpisode } from '../../src/lib/import/cast.ts';
import { decodeTranscript, parseTranscript } from '../../src/lib/import/detect.ts';
import { elementsOf, escapeMdxText, QUESTION_MAX_WORDS, transcriptToMdx, type EpisodeCast } from '../../src/lib/import/to-mdx.ts';
import type { TranscriptTurn } from '../../src/lib/import/transcript.ts';
import { ownExpected, TRANSCRIPTS } from './fixtures.ts';
import { readBack } from './read-back.ts';

const noOptions = { hosts: [], labels: {}, episodes: new Map() };
const facts = { title: 'T', publication: 'P', published: 'undated', summary: 'S', source: 'x.txt' };
const cast: EpisodeCast = { idOf: (l) => (l === 'H' ? 'host' : 'guest'), hosts: new Set(['host']), interviewers: ['host'], interviewees: ['guest'] };
const turn = (speaker: string, ...paragraphs: string[]): TranscriptTurn => ({ kind: 'speech', speaker, paragraphs, line: 1 });

describe('MDX escapes', () => {
  it('round-trips every ASCII punctuation character, anywhere, and every line-start marker, exactly', () => {
    const punctuation = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => /[!-/:-@[-`{-~]/.test(c));
    const texts = [
      punctuation.join(' '),
      punctuation.join(''),
      ...['# h', '- item', '+ item', '= x', '| a | b |', '> quote', '1. first', '2) second', '{/* comment */}', '</S> <b>x</b>', 'a\\{b\\}', '&amp; &#123;', '`code`', '*em* _em_ ~~del~~', '[link](https://x.org) ![img](a.png)', 'https://x.org <https://x.org>'],
    ];
    const turns = texts.map((t) => turn('G', t));
    const elements = readBack(transcriptToMdx({ format: 'text', turns }, facts, cast), 'x.mdx');
    expect(elements.map((e) => e.text)).toEqual(texts);
  });

  it('leaves ordinary words alone', () => {
    expect(escapeMdxText("It's 3 a.m., isn't it? Yes: “quite” — 50% (or so).")).toBe("It's 3 a.m., isn't it? Yes: “quite” — 50% (or so).");
  });
});

describe('elements of a conversation', () => {
  it('writes Q only for a host question that is not a long speech, S for other host turns, A after any host turn ending in a question, S otherwise', () => {
    const long = `${'word '.repeat(QUESTION_MAX_WORDS)}so what now?`;
    const tags = elementsOf(
      [turn('H', 'Welcome to the show.'), turn('G', 'Thanks.'), turn('H', 'Why trains?'), turn('G', 'Because.', 'And more.'), turn('G', 'Me too.'), turn('H', long), turn('G', 'Well.'), turn('H', 'Intro.', 'Then a question?')],
      cast,
    ).map((e) => `${e.tag}:${e.by}`);
    expect(tags).toEqual(['S:host', 'S:guest', 'Q:host', 'A:guest', 'A:guest', 'S:guest', 'S:host', 'A:guest', 'S:host', 'Q:host']);
  });

  it('writes notes as <N> with no speaker, keeps the time on the first paragraph of a turn, by= on every other element', () => {
    const elements = elementsOf([{ kind: 'note', paragraphs: ['[Music]'], time: '00:00:01.000', line: 1 }, { ...turn('H', 'One.', 'Two?'), time: '00:00:02.500' }], cast);
    expect(elements).toEqual([
      { tag: 'N', time: '00:00:01.000', text: '[Music]' },
      { tag: 'S', by: 'host', time: '00:00:02.500', text: 'One.' },
      { tag: 'Q', by: 'host', text: 'Two?' },
    ]);
  });

  for (const name of ['workshop-talk.txt', 'night-shift.srt', 'harbour-voices.vtt']) {
    it(`${name}: the elements, times and frontmatter the transcript calls for, the same bytes every time`, () => {
      const expected = ownExpected(name);
      const read = () => {
        const t = parseTranscript(decodeTranscript(readFileSync(path.join(TRANSCRIPTS, name)), name), name);
        const result = castEpisode(t, { slug: 'x', file: name }, noOptions);
        return transcriptToMdx(t, { ...facts, title: t.title ?? 'T', published: expected.published ?? 'undated', ...(t.media ? { media: t.media } : {}) }, result.cast);
      };
      const mdx = read();
      expect(read()).toBe(mdx);
      const elements = readBack(mdx, name);
      expect(elements.map((e) => e.tag)).toEqual(expected.elements);
      if (expected.times) expect(elements.filter((e) => e.time).map((e) => e.time)).toEqual(expected.times);
      if (expected.title) expect(mdx).toContain(`title: ${JSON.stringify(expected.title)}\n`);
      if (expected.media) expect(mdx).toContain(`media: "${expected.media}"\n`);
      expect(mdx).toContain('format: conversation\n');
    });
  }
});
