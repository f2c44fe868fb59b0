import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Files of a content folder, by path relative to it. */
export type ContentFiles = Record<string, string>;

/** A small, valid content folder: two people, two topics, one Q&A interview. */
export const GOOD_CONTENT: ContentFiles = {
  'people/ann-host.yaml': 'name: Ann Host\nrole: Host\norganisation: Radio Example\n',
  'people/bo-guest.yaml': 'name: Bo Guest\nrole: Engineer\norganisation: Rail Example\n',
  'topics/trains.yaml': 'title: Trains\ndescription: Why trains, and what it takes to build a railway people use.\n',
  'topics/cities.yaml': 'title: Cities\ndescription: How cities grow around stations and what that does to them.\n',
  'interviews/rail-talk.mdx': `---
title: Rail talk
publication: Radio Example
published: 2025-03-01
format: qa
interviewers: [ann-host]
interviewees: [bo-guest]
summary: Bo Guest on trains and the cities they make.
---

<Q topics="trains">
Why trains?
</Q>

<A topics="trains, cities">
Because a railway is a promise that a city keeps for a century.
</A>
`,
};

/** Writes a content folder to a new temporary directory and returns its path. */
export function writeContent(files: ContentFiles): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-content-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}
