import { describe, expect, it } from 'vitest';
import { castEpisode } from '../../src/lib/import/cast.ts';
import { decodeTranscript, parseTranscript } from '../../src/lib/import/detect.ts';
import { transcriptToMdx } from '../../src/lib/import/to-mdx.ts';
import { verbatimCases } from './fixtures.ts';
import { readBack, squeeze } from './read-back.ts';

const noOptions = { hosts: [], labels: {}, episodes: new Map() };

describe('the verbatim test: every imported element, read back by the site parser, is the source', () => {
  const cases = verbatimCases();

  it('covers every format', () => {
    const formats = cases.map((c) => parseTranscript(decodeTranscript(c.bytes, c.file), c.file).format);
    expect(new Set(formats)).toEqual(new Set(['json', 'webvtt', 'srt', 'text']));
  });

  for (const c of cases) {
    it(`${c.file}: each speaker's words and the notes, character for character, whitespace aside`, () => {
      const transcript = parseTranscript(decodeTranscript(c.bytes, c.file), c.file);
      const { cast } = castEpisode(transcript, { slug: 'fixture', file: c.file }, noOptions);
      const mdx = transcriptToMdx(transcript, { title: 'T', publication: 'P', published: 'undated', summary: 'S', source: c.file }, cast);
      const elements = readBack(mdx, c.file);

      const expected = new Map<string, string>();
      for (const [label, words] of c.speakers) {
        const id = cast.idOf(label);
        expected.set(id, (expected.get(id) ?? '') + squeeze(words.join('')));
      }
      const found = new Map<string, string>();
      for (const e of elements.filter((e) => e.tag !== 'N')) {
        expect(e.by, `an element without by= in ${c.file}`).toBeTruthy();
        found.set(e.by!, (found.get(e.by!) ?? '') + squeeze(e.text));
      }
      expect(found).toEqual(expected);
      expect(elements.filter((e) => e.tag === 'N').map((e) => squeeze(e.text))).toEqual(c.notes.map(squeeze));
    });
  }
});
