import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inheritedEnv, ROOT } from '../helpers/site.ts';

/** Runs npm in the repository with warnings shown, as the README's install command does. */
function npm(args: string[]) {
  return spawnSync('npm', [...args, '--loglevel=warn'], { cwd: ROOT, env: inheritedEnv(), encoding: 'utf8', timeout: 60_000 });
}

describe('the install', () => {
  it('reads only configuration npm knows from the project .npmrc', () => {
    const run = npm(['config', 'get', 'loglevel']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/Unknown (project|user|cli) config/);
  });

  it('leaves no dependency install script unreviewed, and denies the one that downloads CUDA files', () => {
    const run = npm(['install-scripts', 'ls', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ allowScripts: [] });
    const { allowScripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    expect(allowScripts['onnxruntime-node']).toBe(false);
  });
});
