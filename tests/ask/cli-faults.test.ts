/** The CLI meets the same faults as the browser: files the manifest does not pin, noise for questions. */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtSite, inheritedEnv, ROOT } from '../helpers/site.ts';
import { copySite } from '../helpers/site-copy.ts';

function ask(dist: string, ...questions: string[]) {
  return spawnSync('npm', ['run', 'ask', '--', '--json', '--dist', dist, ...questions], { cwd: ROOT, env: inheritedEnv(), encoding: 'utf8', timeout: 120_000 });
}

describe('npm run ask on a damaged site', () => {
  it('refuses vectors.bin of the right size with other bytes, and answers from keywords, saying why on stderr', () => {
    const dist = copySite(builtSite().dir, (dir) => {
      writeFileSync(path.join(dir, 'vectors.bin'), randomBytes(readFileSync(path.join(dir, 'vectors.bin')).length));
    });
    const run = ask(dist, 'What did Altman say about the enterprise sales cycle?');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.trim()).toMatch(/^Answering from keywords only, because ask\/vectors\.bin is not the file this site's answer index was built with \(its SHA-256 differs[^\n]*\.$/);
    const [line, ...rest] = run.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    const result = JSON.parse(line!);
    expect(result.abstained).toBe(false);
    expect(result.answers[0].text).toContain('enterprise sales cycle');
  });

  it('fails naming the file when passages.json is not the one the manifest pins', () => {
    const dist = copySite(builtSite().dir, (dir) => {
      const file = path.join(dir, 'passages.json');
      writeFileSync(file, readFileSync(file).subarray(0, 100));
    });
    const run = ask(dist, 'anything');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ask\/passages\.json is not the file this site's answer index was built with \(100 bytes, the manifest pins \d+\)/);
    expect(run.stdout).toBe('');
  });
});
