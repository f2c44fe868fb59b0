import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/build/content-check.ts';
import { ContentError } from '../../src/lib/content-error.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';

describe('checkContent', () => {
  it('checks 300 large interviews and finds one bad byte near the end of the last one', async () => {
    const interview = GOOD_CONTENT['interviews/rail-talk.mdx']!;
    const head = interview.slice(0, interview.indexOf('<Q'));
    const answer = 'Because a railway is a promise that a city keeps for a century, and “promises” cost money. '.repeat(3);
    const body = Array.from({ length: 200 }, (_, i) => `<Q topics="trains">\nWhy trains, part ${i}?\n</Q>\n\n<A topics="cities">\n${answer}\n</A>\n`).join('\n');
    const files = { ...GOOD_CONTENT };
    for (let n = 0; n < 300; n++) files[`interviews/talk-${String(n).padStart(3, '0')}.mdx`] = head + body;
    const dir = writeContent(files);
    const bytes = Buffer.from(head + body, 'utf8');
    const last = path.join(dir, 'interviews/talk-299.mdx');
    const at = bytes.lastIndexOf('century');
    bytes[at] = 0xff;
    writeFileSync(last, bytes);
    expect(bytes.length).toBeGreaterThan(60_000);

    const error = await checkContent(dir, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    expect((error as ContentError).problems).toEqual([
      { file: 'interviews/talk-299.mdx', line, field: 'encoding', expected: 'UTF-8 text, found a byte that is not UTF-8 (0xFF); save the file as UTF-8' },
    ]);
  });

  it('reports YAML that does not parse, a missing frontmatter and a JSON data file at their lines', async () => {
    const interview = GOOD_CONTENT['interviews/rail-talk.mdx']!;
    const dir = writeContent({
      ...GOOD_CONTENT,
      'people/ann-host.yaml': 'name: Ann Host\nrole: [Host\n',
      'people/cy-json.json': '{"name": "Cy", "role": "Writer", "url": "javascript:alert(1)"}',
      'interviews/no-frontmatter.mdx': '<Q>\nWhy?\n</Q>\n',
      'interviews/dup.mdx': interview.replace('title: Rail talk', 'title: Rail talk\ntitle: Again\nslug: dup'),
    });
    const error = (await checkContent(dir, dir).catch((e: unknown) => e)) as ContentError;
    expect(error).toBeInstanceOf(ContentError);
    expect(error.problems.map((p) => `${p.file}:${p.line ?? ''}  ${p.field}`)).toEqual([
      'people/ann-host.yaml:3  yaml',
      'people/cy-json.json:1  url',
      'interviews/dup.mdx:3  yaml',
      'interviews/no-frontmatter.mdx:1  frontmatter',
    ]);
    expect(error.problems[2]!.expected).toMatch(/^valid YAML, found .*unique/i);
  });

  it('returns what it checked when every file is right', async () => {
    expect(await checkContent(writeContent(GOOD_CONTENT), '/')).toEqual({ files: 5, passages: 2 });
  });
});
