import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inheritedEnv, ROOT } from '../helpers/site.ts';
import { buildAskSite } from './ask-site.ts';

function npm(args: string[], input?: string) {
  return spawnSync('npm', args, { cwd: ROOT, env: inheritedEnv(), input, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run ask', () => {
  let dist: string;
  beforeAll(async () => {
    dist = (await buildAskSite()).outDir;
  });

  it('prints exactly one contract JSON object per question with --json', () => {
    const run = npm(['run', 'ask', '--', '--json', '--dist', dist, 'What is OpenAI\u2019s mission?', 'How tall is the Eiffel Tower?']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [answered, declined] = lines.map((line) => JSON.parse(line));
    expect(Object.keys(answered)).toEqual(['question', 'abstained', 'answers']);
    expect(answered).toMatchObject({ question: 'What is OpenAI\u2019s mission?', abstained: false });
    expect(answered.answers[0].text).toContain('benefits all of humanity');
    for (const a of answered.answers) {
      expect(Object.keys(a)).toEqual(['text', 'speaker', 'interview', 'url', 'score']);
      expect(a.url).toMatch(/^\/interviews\/[a-z0-9-]+\/#[a-z0-9-]+$/);
      expect(typeof a.score).toBe('number');
    }
    const scores = answered.answers.map((a: { score: number }) => a.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(declined).toEqual({ question: 'How tall is the Eiffel Tower?', abstained: true, answers: [] });
  });

  it('reads questions from standard input, one per line, and prints for people without --json', () => {
    const run = npm(['run', 'ask', '--', '--dist', dist], 'What are OpenAI\u2019s tailwinds?\n\nHow tall is the Eiffel Tower?\n');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('? What are OpenAI\u2019s tailwinds?');
    expect(run.stdout).toMatch(/marked: Altman said tailwinds to the business are improving models\./);
    expect(run.stdout).toContain('/interviews/altman-cisco-ai-summit/#');
    expect(run.stdout).toMatch(/\? How tall is the Eiffel Tower\?\n {2}No answer/);
  });

  it('fails with a clear message when there is no built site', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'verbatim-empty-'));
    const run = npm(['run', 'ask', '--', '--json', '--dist', empty, 'anything']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`No answer index at ${path.join(empty, 'ask', 'manifest.json')}`);
    expect(run.stdout).toBe('');
  });

  it('evaluates a question file with npm run eval -- --json', () => {
    const run = npm(['run', 'eval', '--', '--json', '--dist', dist, 'tests/fixtures/eval/questions.json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ answerable: 15, unanswerable: 2 });
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.9);
  });
});
