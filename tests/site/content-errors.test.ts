import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/site.ts';
import { GOOD_CONTENT, writeContent, type ContentFiles } from '../helpers/fixture-content.ts';

const interview = GOOD_CONTENT['interviews/rail-talk.mdx']!;
const person = (extra: string) => `name: Cy Person\nrole: Writer\n${extra}`;
/** Builds a fixture site that must fail, and returns what the build printed. */
const failing = async (files: ContentFiles) => {
  const result = await buildSite({ content: writeContent(files) });
  expect(result.code, result.output).not.toBe(0);
  return result.output;
};
/** The problem lines of a failed build, as the author reads them: one line each. */
const problemLines = (output: string) => output.split('\n').filter((l) => /^ {2}- \S.*? {2}\S/.test(l)).map((l) => l.trim().slice(2));
/** Problem lines with the fixture folder left out of their paths. */
const shortLines = (output: string) => problemLines(output).map((l) => l.replace(/^.*?verbatim-content-[^/]+\//, ''));

describe('URL fields accept only absolute http(s) URLs, and mailto: for a person', () => {
  it('fails the build on javascript:, data:, relative and protocol-relative URLs, naming file, field and value', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'people/js.yaml': person('url: "javascript:alert(document.domain)"\n'),
      'people/data.yaml': person('url: "data:text/html,<script>alert(1)</script>"\n'),
      'people/relative.yaml': person('url: /about/\n'),
      'people/protocol-relative.yaml': person('url: //evil.example/\n'),
      'people/spaced.yaml': person('url: " javascript:alert(1)"\n'),
      'interviews/rail-talk.mdx': interview.replace('format: qa', 'format: qa\nurl: "JavaScript:alert(1)"\nmedia: "data:audio/mp3;base64,AAAA"'),
      'interviews/mailto.mdx': interview.replace('title: Rail talk', 'title: Mail\nslug: mail-talk\nurl: mailto:ann@example.com'),
    });
    const lines = problemLines(output);
    const expectLine = (file: string, line: number, field: string, found: string, mailto: boolean) =>
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(
        `${file.replace('.', '\\.')}:${line}  ${field}: an absolute http\\(s\\) URL such as https://example\\.com/\\S+${mailto ? ', or mailto:name@example\\.com' : ''}, found ${JSON.stringify(found).replace(/[()[\]|.*+?^$\\/]/g, '\\$&')}$`,
      )));
    expectLine('people/js.yaml', 3, 'url', 'javascript:alert(document.domain)', true);
    expectLine('people/data.yaml', 3, 'url', 'data:text/html,<script>alert(1)</script>', true);
    expectLine('people/relative.yaml', 3, 'url', '/about/', true);
    expectLine('people/protocol-relative.yaml', 3, 'url', '//evil.example/', true);
    expectLine('people/spaced.yaml', 3, 'url', ' javascript:alert(1)', true);
    expectLine('interviews/rail-talk.mdx', 6, 'url', 'JavaScript:alert(1)', false);
    expectLine('interviews/rail-talk.mdx', 7, 'media', 'data:audio/mp3;base64,AAAA', false);
    expectLine('interviews/mailto.mdx', 4, 'url', 'mailto:ann@example.com', false);
    expect(lines).toHaveLength(8);
  });

  it('links a person’s http(s) or mailto: URL as "Website" and an interview’s as "Original", exactly as written', async () => {
    const result = await buildSite({
      content: writeContent({
        ...GOOD_CONTENT,
        'people/ann-host.yaml': 'name: Ann Host\nrole: Host\nurl: mailto:ann@example.com\n',
        'people/bo-guest.yaml': 'name: Bo Guest\nrole: Engineer\norganisation: Rail Example\nurl: "https://bo.example/?a=1&b=%22x%22"\n',
        'interviews/rail-talk.mdx': interview.replace('format: qa', 'format: qa\nurl: http://radio.example/rail-talk\nmedia: https://radio.example/rail-talk.mp3'),
      }),
    });
    expect(result.code, result.output).toBe(0);
    const html = (rel: string) => parse(readFileSync(path.join(result.outDir, rel), 'utf8'));
    const link = (rel: string, text: string) => html(rel).querySelectorAll('a').find((a) => a.textContent.trim() === text)?.getAttribute('href');
    expect(link('people/bo-guest/index.html', 'Website')).toBe('https://bo.example/?a=1&b=%22x%22');
    expect(link('people/ann-host/index.html', 'Website')).toBe('mailto:ann@example.com');
    expect(link('interviews/rail-talk/index.html', 'Original')).toBe('http://radio.example/rail-talk');
    // A person without an organisation is shown with their role alone.
    expect(html('people/ann-host/index.html').querySelector('.meta')!.textContent).toBe('HostWebsite');
  });
});

describe('content that reaches an HTML attribute cannot carry script', () => {
  it('keeps hostile text in every text field as text: no event handler, no script URL, no injected element', async () => {
    const evil = '"><img src=x onerror="window.__injected=1"><script>window.__injected=1</script>\' onmouseover=\'x';
    const yaml = JSON.stringify(evil);
    const result = await buildSite({
      content: writeContent({
        ...GOOD_CONTENT,
        'people/ann-host.yaml': `name: ${yaml}\nrole: ${yaml}\norganisation: ${yaml}\nbio: ${yaml}\nurl: https://ann.example/\n`,
        'topics/trains.yaml': `title: ${yaml}\ndescription: ${yaml}\n`,
        'interviews/rail-talk.mdx': interview
          .replace('title: Rail talk', `title: ${yaml}`)
          .replace('publication: Radio Example', `publication: ${yaml}\nevent: ${yaml}\nstandfirst: ${yaml}\nurl: "https://radio.example/?q=%22%3E%3Cscript%3E"`)
          .replace('summary: Bo Guest on trains and the cities they make.', `summary: ${yaml}`)
          .replace('<Q topics="trains">', `<Q topics="trains" label=${JSON.stringify(evil.replace(/"/g, '&quot;'))}>`)
          .replace('Why trains?', evil.replace(/[<{]/g, '\\$&')),
      }),
    });
    expect(result.code, result.output).toBe(0);
    const files = readdirSync(result.outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(8);
    const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'cite', 'poster', 'data', 'srcset']);
    for (const file of files) {
      const html = parse(readFileSync(path.join(result.outDir, file), 'utf8'));
      expect(html.querySelectorAll('img'), file).toHaveLength(0);
      for (const script of html.querySelectorAll('script')) expect(script.textContent, file).not.toContain('__injected');
      for (const el of html.querySelectorAll('*')) {
        for (const [name, value] of Object.entries(el.attributes)) {
          expect(name, `${file}: ${el.outerHTML.slice(0, 100)}`).not.toMatch(/^on/i);
          if (urlAttributes.has(name.toLowerCase()) || name.startsWith('data-')) {
            expect(value, `${file}: ${name}`).not.toMatch(/^\s*(javascript|data|vbscript):/i);
          }
        }
      }
    }
    // The text itself is on the page, verbatim, where a reader sees it.
    const page = parse(readFileSync(path.join(result.outDir, 'interviews/rail-talk/index.html'), 'utf8'));
    expect(page.querySelector('h1')!.textContent).toBe(evil);
    expect(page.querySelector('[data-kind="question"] .passage-text')!.textContent).toContain(evil);
  });
});

describe('every content error reaches the build log in one line: file:line  field: expected, found X', () => {
  it('impossible dates fail the build instead of rolling into another day', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'interviews/rail-talk.mdx': interview.replace('published: 2025-03-01', 'published: 2026-02-30'),
      'interviews/month.mdx': interview.replace('published: 2025-03-01', 'published: 2026-13-01').replace('title: Rail talk', 'title: Month\nslug: month'),
      'interviews/quoted.mdx': interview.replace('published: 2025-03-01', 'published: "2025-02-29"').replace('title: Rail talk', 'title: Quoted\nslug: quoted'),
    });
    expect(shortLines(output)).toEqual([
      'interviews/month.mdx:5  published: a date such as 2026-02-03, or "undated", found "2026-13-01"',
      'interviews/quoted.mdx:5  published: a date such as 2026-02-03, or "undated", found "2025-02-29"',
      'interviews/rail-talk.mdx:4  published: a date such as 2026-02-03, or "undated", found "2026-02-30"',
    ]);
  });

  it('several broken fields in several files at once, each one line, with no residue of Astro’s format', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'interviews/rail-talk.mdx': interview
        .replace('title: Rail talk\n', '')
        .replace('format: qa', 'format: podcast\ncolour: blue')
        .replace('interviewers: [ann-host]', 'interviewers: [ann-host, Bad Id]')
        .replace('summary: Bo Guest on trains and the cities they make.', 'summary: ""'),
      'people/ann-host.yaml': 'name: Ann Host\nrole: 3\nurl: not a url\n',
      'topics/trains.yaml': 'title: Trains\ndescription: Short.\n',
      'people/Cy Person.yaml': person(''),
    });
    expect(output).not.toContain('**');
    expect(output).not.toMatch(/:0:0/);
    expect(output).not.toContain('InvalidContentEntryDataError');
    expect(output).not.toContain('Stack trace');
    expect(shortLines(output)).toEqual([
      'people/Cy Person.yaml  file name: a lower-case id such as "sam-altman.yaml", found "Cy Person.yaml"',
      'people/ann-host.yaml:2  role: a role such as "Host" or "CEO", found 3',
      'people/ann-host.yaml:3  url: an absolute http(s) URL such as https://example.com/about, or mailto:name@example.com, found "not a url"',
      'topics/trains.yaml:2  description: a one-paragraph description of the topic, found "Short."',
      'interviews/rail-talk.mdx  title: a title, found nothing',
      'interviews/rail-talk.mdx:4  format: "qa" (a question-and-answer interview), "article" (an article reporting an interview) or "conversation" (a transcript of a recorded conversation), found "podcast"',
      'interviews/rail-talk.mdx:6  interviewers: a lower-case id such as "sam-altman", found "Bad Id"',
      'interviews/rail-talk.mdx:8  summary: a one- or two-sentence summary, found ""',
      expect.stringMatching(/^interviews\/rail-talk\.mdx:5  colour: no such field \(the fields are title, slug, .*\), found "blue"$/),
    ]);
  });

  it('by naming a person who is not one of the element’s possible speakers', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'interviews/rail-talk.mdx': interview
        .replace('<A topics="trains, cities">', '<A by="ann-host" topics="trains, cities">')
        .replace('interviewees: [bo-guest]', 'interviewees: [bo-guest, nobody]'),
    });
    expect(shortLines(output)).toEqual([
      'interviews/rail-talk.mdx:7  interviewees: a person id from content/people, found "nobody"',
      'interviews/rail-talk.mdx:15  by: one of the interviewees (bo-guest, nobody), found "ann-host"',
    ]);
  });

  it('a raw { or < in the text carries the fix, before MDX’s own parser can fail on it', async () => {
    const output = await failing({
      ...GOOD_CONTENT,
      'interviews/rail-talk.mdx': interview.replace('Why trains?', 'Why {trains}?'),
      'interviews/angle.mdx': interview.replace('title: Rail talk', 'title: Angle\nslug: angle').replace('a promise that', 'a promise <3 that'),
    });
    expect(output).not.toContain('mdx-jsx');
    expect(output).not.toContain('acorn');
    expect(shortLines(output)).toEqual([
      expect.stringMatching(/^interviews\/angle\.mdx:17  text: plain text; write "\\<" for a literal "<", found ".*a promise <3 that.*"$/),
      'interviews/rail-talk.mdx:12  text: plain text; write "\\{" for a literal "{", found "Why {trains}?"',
    ]);
  });

  it('a byte that is not UTF-8 names the file and the line, in MDX and in YAML', async () => {
    const dir = writeContent(GOOD_CONTENT);
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    writeFileSync(path.join(dir, 'interviews/rail-talk.mdx'), latin1(interview.replace('Because a railway', 'Because a caf\u00e9 railway')));
    writeFileSync(path.join(dir, 'people/bo-guest.yaml'), latin1('name: Bo Gu\u00e9st\nrole: Engineer\n'));
    const result = await buildSite({ content: dir });
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).not.toContain('UNLOADABLE_DEPENDENCY');
    expect(shortLines(result.output)).toEqual([
      'people/bo-guest.yaml:1  encoding: UTF-8 text, found a byte that is not UTF-8 (0xE9); save the file as UTF-8',
      'interviews/rail-talk.mdx:16  encoding: UTF-8 text, found a byte that is not UTF-8 (0xE9); save the file as UTF-8',
    ]);
  });
});
