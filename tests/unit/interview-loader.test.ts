import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { describe, expect, it } from 'vitest';
// Astro's own store, the one its content layer hands a loader (not among the package's public exports).
import { MutableDataStore } from '../../node_modules/astro/dist/content/mutable-data-store.js';
import { interviewSchema } from '../../src/build/content-schema.ts';
import { interviewLoader } from '../../src/build/interview-loader.ts';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';

const INTERVIEW = GOOD_CONTENT['interviews/rail-talk.mdx']!;

/** Runs the loader over `root`'s interviews into `store`, as Astro's content layer does, and counts the entries it parsed. */
async function load(store: MutableDataStore, root: string): Promise<{ parsed: string[] }> {
  const parsed: string[] = [];
  const context = {
    collection: 'interviews',
    store: store.scopedStore('interviews'),
    meta: store.metaStore('interviews'),
    logger: { info() {}, warn() {}, error() {}, debug() {} },
    config: { root: pathToFileURL(`${root}/`) },
    parseData: async ({ id, data }: { id: string; data: Record<string, unknown> }) => {
      parsed.push(id);
      return interviewSchema.parse(data) as Record<string, unknown>;
    },
    generateDigest: (data: string | Record<string, unknown>) => createHash('sha1').update(typeof data === 'string' ? data : JSON.stringify(data)).digest('hex'),
  } as unknown as LoaderContext;
  await interviewLoader(path.join(root, 'interviews')).load(context);
  return { parsed };
}

describe('the interviews loader', () => {
  it('gives each MDX file as data and body, marks none for compiling, and reads again only what changed', async () => {
    const root = writeContent({
      ...GOOD_CONTENT,
      'interviews/season-2/night-train.mdx': INTERVIEW.replace('title: Rail talk', 'title: Night train'),
    });
    const store = new MutableDataStore();
    const first = await load(store, root);
    expect(first.parsed.sort()).toEqual(['rail-talk.mdx', 'season-2/night-train.mdx']);

    const entry = store.get('interviews', 'rail-talk.mdx') as { data: Record<string, unknown>; body: string; filePath: string; deferredRender?: boolean };
    expect(entry.data.title).toBe('Rail talk');
    expect(entry.data.interviewees).toEqual(['bo-guest']);
    // The body is the file after its frontmatter, to the byte, and the path is the project's.
    expect(entry.body).toBe(INTERVIEW.slice(INTERVIEW.indexOf('---\n', 4) + 3));
    expect(entry.filePath).toBe('interviews/rail-talk.mdx');
    expect((store.get('interviews', 'season-2/night-train.mdx') as { data: { title: string } }).data.title).toBe('Night train');

    // Nothing for the build to compile and bundle: the module list Astro writes is empty.
    expect(entry.deferredRender).toBeUndefined();
    const modules = path.join(root, 'content-modules.mjs');
    await store.writeModuleImports(modules);
    expect(readFileSync(modules, 'utf8')).toBe('export default new Map();');

    // Unchanged files are not read again; a changed one is, and a deleted one leaves.
    expect((await load(store, root)).parsed).toEqual([]);
    writeFileSync(path.join(root, 'interviews/rail-talk.mdx'), INTERVIEW.replace('a century', 'two centuries'));
    rmSync(path.join(root, 'interviews/season-2'), { recursive: true });
    expect((await load(store, root)).parsed).toEqual(['rail-talk.mdx']);
    expect((store.get('interviews', 'rail-talk.mdx') as { body: string }).body).toContain('two centuries');
    expect(store.has('interviews', 'season-2/night-train.mdx')).toBe(false);
  });

  it('reads an entry the glob loader left marked for compiling again, and an archive with no interviews folder as empty', async () => {
    const root = writeContent(GOOD_CONTENT);
    const store = new MutableDataStore();
    await load(store, root);
    const cached = store.get('interviews', 'rail-talk.mdx') as Record<string, unknown>;
    store.set('interviews', 'rail-talk.mdx', { ...cached, deferredRender: true });
    expect((await load(store, root)).parsed).toEqual(['rail-talk.mdx']);
    expect((store.get('interviews', 'rail-talk.mdx') as { deferredRender?: boolean }).deferredRender).toBeUndefined();

    const empty = writeContent({ 'people/ann-host.yaml': GOOD_CONTENT['people/ann-host.yaml']! });
    mkdirSync(path.join(empty, 'topics'));
    const none = new MutableDataStore();
    expect((await load(none, empty)).parsed).toEqual([]);
    expect([...none.keys('interviews')]).toEqual([]);
  });
});
