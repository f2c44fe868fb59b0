import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PassagesFile } from '../../src/integrations/verbatim.ts';
import { importTranscripts } from '../../src/build/import/import-transcripts.ts';
import { escapeMdxText } from '../../src/lib/import/to-mdx.ts';
import { writeContent } from '../helpers/fixture-content.ts';
import { mdxElements } from '../helpers/mdx.ts';
import { buildSite } from '../helpers/site.ts';
import { SEEN_UNSEEN, TRANSCRIPTS } from '../import/fixtures.ts';

const passagesOf = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'passages.json'), 'utf8')) as PassagesFile).passages;

describe('imported text in a real build', () => {
  it('MDX reads escaped text as exactly the transcript\'s characters, through Astro\'s own MDX compiler, and so does the site', async () => {
    const hostile = [
      'Costs run {from} $5 to <50> & more; 10*x, x_1, `ticks`, [link](https://x.org), ~~no~~, a \\ backslash, &amp; &#123;.',
      '# not a heading',
      '- not a list',
      '1. not a list either',
      '> not a quote </A> {/* not a comment */}',
    ];
    const body = hostile.map((t, i) => `<${i % 2 ? 'A' : 'Q'}>\n${escapeMdxText(t)}\n</${i % 2 ? 'A' : 'Q'}>`).join('\n\n');
    const content = writeContent({
      'people/ann-host.yaml': 'name: Ann Host\nrole: Host\norganisation: Radio Example\n',
      'people/bo-guest.yaml': 'name: Bo Guest\nrole: Guest\norganisation: Radio Example\n',
      'interviews/escapes.mdx': `---\ntitle: Escapes\npublication: Radio Example\npublished: 2025-03-01\nformat: qa\ninterviewers: [ann-host]\ninterviewees: [bo-guest]\nsummary: Every character MDX would read, escaped.\n---\n\n${body}\n`,
    });
    // The site reads bodies as data, never compiling them: MDX is asked here.
    expect(await mdxElements(body)).toEqual(hostile.map((text, i) => ({ tag: i % 2 ? 'A' : 'Q', text })));
    const result = await buildSite({ content });
    expect(result.code, result.output).toBe(0);
    expect(passagesOf(result.outDir).map((p) => p.text)).toEqual(hostile);
  });

  describe('with the conversation content model', () => {
    it('builds every imported fixture, each passage of the real episodes verbatim from its source', async () => {
      const content = writeContent({});
      importTranscripts({ inputs: [SEEN_UNSEEN, TRANSCRIPTS], out: content, speakers: { hosts: [], labels: {}, episodes: new Map() }, log: () => {} });
      const result = await buildSite({ content });
      expect(result.code, result.output).toBe(0);
      const passages = passagesOf(result.outDir);
      expect(new Set(passages.map((p) => p.interview))).toEqual(new Set(['e05', 'e22', 'e32', 'workshop-talk', 'night-shift', 'harbour-voices']));
      // Passages of the real episodes are pieces of their JSON turns (whitespace aside), however the site splits them.
      const real = ['e05', 'e22', 'e32'];
      const sources = real
        .map((e) => (JSON.parse(readFileSync(path.join(SEEN_UNSEEN, `chat/${e.toUpperCase()}.json`), 'utf8')) as { message: string }[]).map((t) => t.message).join(' '))
        .join('\n')
        .replace(/\s+/g, ' ');
      const ofReal = passages.filter((p) => real.includes(p.interview));
      expect(ofReal.length).toBeGreaterThan(50);
      for (const p of ofReal) expect(sources).toContain(p.text.replace(/\s+/g, ' '));
      // Every file is MDX, whose words MDX reads as the site does (the site splits long turns; MDX keeps them whole).
      for (const slug of ['e05', 'e22', 'e32', 'workshop-talk', 'night-shift', 'harbour-voices']) {
        const file = readFileSync(path.join(content, 'interviews', `${slug}.mdx`), 'utf8');
        const read = (await mdxElements(file.slice(file.indexOf('\n---', 3) + 4))).map((e) => e.text).join(' ');
        const site = passages.filter((p) => p.interview === slug).map((p) => p.text).join(' ');
        expect(read.replace(/\s+/g, ' '), slug).toBe(site.replace(/\s+/g, ' '));
      }
    });
  });
});
