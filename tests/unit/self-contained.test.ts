import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/site.ts';

/** Every TypeScript file under a folder of the repository, as paths relative to the root. */
function typeScriptFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f));
}

// A string naming a path into the workspace's shared folder beside the repository, however it is
// spelled: a relative path up and into it, a path.join of '..' and its name, or a path starting at
// it. (Comments that point a reader to its documents are not reads.)
const SHARED_FOLDER = new RegExp(String.raw`['"\`](?:\.\.[\\/])+shared\b|['"]\.\.['"]\s*,\s*['"]shared['"]|['"\`]shared[\\/]`);

describe('a clone of the repository alone', () => {
  it('has tests and scripts that read nothing from a shared folder beside the repository', () => {
    const files = [...typeScriptFiles('tests'), ...typeScriptFiles('scripts'), 'vitest.config.ts'];
    const readers = files.filter((f) => SHARED_FOLDER.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('carries the evaluation questions and both source texts the tests compare against', () => {
    const questions = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/eval/questions.json'), 'utf8')) as { q: string; expect: string | null }[];
    expect(questions.filter((q) => q.expect !== null)).toHaveLength(15);
    for (const source of ['altman-cisco-ai-summit.txt', 'altman-mistakes-money-mission.txt']) {
      expect(readFileSync(path.join(ROOT, 'tests/fixtures/sources', source), 'utf8').length).toBeGreaterThan(2000);
    }
  });
});
