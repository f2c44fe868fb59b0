import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, type Embedder } from '../../src/build/embedder.ts';
import { indexReader } from '../../src/lib/ask/load.ts';
import { checkManifest, type AskManifest } from '../../src/lib/ask/manifest.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { ScopeError } from '../../src/lib/ask/scope.ts';
import { ShardedIndex } from '../../src/lib/ask/sharded.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';
import { builtSite, inheritedEnv, ROOT } from '../helpers/site.ts';

const site = builtSite();
const records = (JSON.parse(readFileSync(path.join(site.dir, 'passages.json'), 'utf8')) as { passages: PassageRecord[] }).passages;
const slugOf = (p: AskPassage) => p.id.split('#')[0]!;
let embedder: Embedder;
let index: ShardedIndex;

/** The built site's answer index, each file it reads recorded in `reads`. */
async function openIndex(reads: string[] = []): Promise<ShardedIndex> {
  const dir = path.join(site.dir, 'ask');
  const manifest: AskManifest = checkManifest(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
  return ShardedIndex.open(
    manifest,
    indexReader(async (name) => {
      reads.push(name);
      return new Uint8Array(await readFile(path.join(dir, name)));
    }),
  );
}

async function askWithin(question: string, scope?: { kind: 'interview' | 'topic'; id: string }) {
  const [vector] = await embedder.embedQueries([question]);
  const resolved = scope && (await index.resolveScope(scope));
  const { result, passages } = await index.ask(question, vector!, resolved);
  return { result, answers: result.answers.map((a) => passages.get(a.passage)!) };
}

beforeAll(async () => {
  index = await openIndex();
  embedder = await createEmbedder(DEFAULT_MODEL);
});

afterAll(() => embedder?.dispose());

describe('questions asked within an interview or a topic, on the real built site', () => {
  it('answers from the interview alone, and declines there what only another interview answers', async () => {
    const question = 'What are OpenAI’s tailwinds?';
    const everywhere = await askWithin(question);
    expect(everywhere.answers[0]!.text).toContain('improving models');
    const home = slugOf(everywhere.answers[0]!);
    const other = [...new Set(records.map((r) => r.interview))].find((slug) => slug !== home)!;

    const within = await askWithin(question, { kind: 'interview', id: home });
    expect(within.answers[0]!.text).toContain('improving models');
    expect(within.answers.every((p) => slugOf(p) === home)).toBe(true);

    const elsewhere = await askWithin(question, { kind: 'interview', id: other });
    expect(elsewhere.result.abstained).toBe(true);
    expect(elsewhere.result.elsewhere).toBe(true);
    expect(elsewhere.result.suggestions.every((i) => records.filter((r) => r.kind !== 'note')[i]!.interview === other)).toBe(true);

    // A question nobody answers is declined within a scope as in the whole archive, and not sent elsewhere.
    const nowhere = await askWithin('How tall is the Eiffel Tower?', { kind: 'interview', id: home });
    expect(nowhere.result.abstained).toBe(true);
    expect(nowhere.result.elsewhere).toBeUndefined();
  });

  it('answers from a topic’s passages alone', async () => {
    const tagged = records.filter((r) => r.topics.includes('mission'));
    expect(tagged.length).toBeGreaterThan(0);
    const { result, answers } = await askWithin('What is OpenAI’s mission?', { kind: 'topic', id: 'mission' });
    expect(result.abstained).toBe(false);
    expect(answers[0]!.text).toContain('benefits all of humanity');
    for (const a of answers) expect(tagged.some((r) => r.id === a.id)).toBe(true);
  });

  it('reads only the scope table, and a topic’s own postings, beyond what an unscoped question reads', async () => {
    const plain: string[] = [];
    const [vector] = await embedder.embedQueries(['What did Altman get wrong?']);
    await (await openIndex(plain)).ask('What did Altman get wrong?', vector!);
    expect(plain.some((name) => name.startsWith('scopes'))).toBe(false);
    const reads: string[] = [];
    const fresh = await openIndex(reads);
    for (const scope of [{ kind: 'interview', id: 'altman-mistakes-money-mission' }, { kind: 'topic', id: 'mistakes' }] as const) {
      await fresh.ask('What did Altman get wrong?', vector!, await fresh.resolveScope(scope));
    }
    const scopeFiles = reads.filter((name) => name.startsWith('scopes'));
    expect(scopeFiles[0]).toBe('scopes.json');
    expect(new Set(scopeFiles).size).toBe(2);
    expect(scopeFiles.filter((name) => name === 'scopes.json')).toHaveLength(1);
    expect(scopeFiles[1]).toMatch(/^scopes\/\d{4}\.bin$/);
  });

  it('refuses an interview or topic the archive does not hold with a ScopeError that names it', async () => {
    await expect(index.resolveScope({ kind: 'interview', id: 'no-such-interview' })).rejects.toThrow(ScopeError);
    await expect(index.resolveScope({ kind: 'topic', id: 'no-such-topic' })).rejects.toThrow('this archive has no topic “no-such-topic” to ask within');
  });
});

describe('npm run ask -- --in', () => {
  const npm = (args: string[]) => spawnSync('npm', args, { cwd: ROOT, env: inheritedEnv(), encoding: 'utf8', timeout: 120_000 });

  it('answers within the scope it names, says which on standard error, and keeps the JSON contract', () => {
    const run = npm(['run', 'ask', '--', '--json', '--dist', site.dir, '--in', 'interview:altman-mistakes-money-mission', 'What did Altman get wrong?', 'What are OpenAI’s tailwinds?']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Answering from the interview “Sam Altman on Mistakes, Money, and What OpenAI Is Actually Trying to Do” alone');
    const [wrong, tailwinds] = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(Object.keys(wrong)).toEqual(['question', 'abstained', 'answers']);
    expect(wrong.answers.length).toBeGreaterThan(0);
    for (const a of wrong.answers) expect(a.url).toMatch(/^\/interviews\/altman-mistakes-money-mission\/#/);
    expect(tailwinds).toEqual({ question: 'What are OpenAI’s tailwinds?', abstained: true, answers: [] });
  });

  it('says in one line that a scope is unknown or malformed, and exits 1', () => {
    const unknown = npm(['run', 'ask', '--', '--dist', site.dir, '--in', 'topic:nothing-here', 'anything']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: this archive has no topic “nothing-here” to ask within');
    const malformed = npm(['run', 'ask', '--', '--dist', site.dir, '--in', 'altman', 'anything']);
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('expected interview:<slug> or topic:<id>');
    expect(malformed.stdout).toBe('');
  });
});
