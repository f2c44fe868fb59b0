/** The CLI meets the same faults as the browser: files the manifest does not pin, noise for questions. */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePassageShard, splitPassageShard } from '../../src/lib/ask/shards.ts';
import { builtSite, inheritedEnv, ROOT } from '../helpers/site.ts';
import { copySite } from '../helpers/site-copy.ts';

function ask(dist: string, ...questions: string[]) {
  return spawnSync('npm', ['run', 'ask', '--', '--json', '--dist', dist, ...questions], { cwd: ROOT, env: inheritedEnv(), encoding: 'utf8', timeout: 120_000 });
}

describe('npm run ask on a damaged site', () => {
  it('refuses a passage shard whose vectors are other bytes, and answers from keywords with its texts, saying why on stderr', () => {
    const dist = copySite(builtSite().dir, (dir) => {
      for (const file of readdirSync(path.join(dir, 'passages'))) {
        const { texts, vectors } = splitPassageShard(readFileSync(path.join(dir, 'passages', file)), file);
        writeFileSync(path.join(dir, 'passages', file), encodePassageShard(texts, randomBytes(vectors.length)));
      }
    });
    const run = ask(dist, 'What did Altman say about the enterprise sales cycle?');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.trim()).toMatch(/^Answering from keywords only, because ask\/passages\/\d{4}\.bin is not the file this site's answer index was built with \(its SHA-256 differs[^\n]*\.$/);
    const [line, ...rest] = run.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    const result = JSON.parse(line!);
    expect(result.abstained).toBe(false);
    expect(result.answers[0].text).toContain('enterprise sales cycle');
  });

  it('fails naming the file when a passage shard is not the one the manifest pins', () => {
    const dist = copySite(builtSite().dir, (dir) => {
      const file = path.join(dir, 'passages', '0000.bin');
      writeFileSync(file, readFileSync(file).subarray(0, 100));
    });
    const run = ask(dist, 'What did Altman say about the enterprise sales cycle?');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ask\/passages\/0000\.bin is not the file this site's answer index was built with \(100 bytes, the manifest pins \d+\)/);
    expect(run.stdout).toBe('');
  });
});

describe('npm run ask on noise', () => {
  const noise = '"><img src=x onerror=alert(1)>';
  const chinese = '为什么OpenAI没有发布开源模型？';

  it('declines markup with no words and a question in a script the model does not read', () => {
    const run = ask(builtSite().dir, noise, chinese, 'Почему OpenAI не выпускает открытые модели?');
    expect(run.status, run.stderr).toBe(0);
    const results = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(results).toEqual([
      { question: noise, abstained: true, answers: [] },
      { question: chinese, abstained: true, answers: [] },
      { question: 'Почему OpenAI не выпускает открытые модели?', abstained: true, answers: [] },
    ]);
  });

  it('says why for people', () => {
    const run = spawnSync('npm', ['run', 'ask', '--', '--dist', builtSite().dir, noise, chinese], { cwd: ROOT, env: inheritedEnv(), encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`? ${noise}\n  No answer: There is nothing to look for in this question: ask it in words`);
    expect(run.stdout).toContain(`? ${chinese}\n  No answer: The archive answers questions asked in English.`);
  });
});

describe('npm run ask on a damaged manifest', () => {
  it('fails in one line naming the manifest when it is cut short', () => {
    const dist = copySite(builtSite().dir, (dir) => {
      const file = path.join(dir, 'manifest.json');
      writeFileSync(file, readFileSync(file).subarray(0, 200));
    });
    const run = ask(dist, 'anything');
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/ask\/manifest\.json is damaged \(not valid JSON: /);
    expect(run.stdout).toBe('');
  });
});
