import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ROOT } from '../helpers/site.ts';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Workflow {
  on: { push?: { branches?: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { needs?: string; steps: Step[] }>;
}

const text = readFileSync(path.join(ROOT, '.github/workflows/deploy.yml'), 'utf8');
const document = parseDocument(text, { uniqueKeys: true, strict: true });
const workflow = document.toJS() as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/** A value with GitHub's `${{ steps.<id>.outputs.<name> }}` expressions filled from the given step outputs. */
function evaluate(value: string, outputs: Record<string, Record<string, string>>): string {
  return value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_, id: string, name: string) => {
    const output = outputs[id]?.[name];
    if (output === undefined) throw new Error(`no output ${name} of step ${id}`);
    return output;
  });
}

/** The README's first command line (install, build, preview), as a reader copies it. */
const readmeCommands = readFileSync(path.join(ROOT, 'README.md'), 'utf8').match(/```sh\n(npm install[^\n]*)/)![1]!;

describe('the GitHub Pages workflow', () => {
  it('is valid YAML without duplicate keys', () => {
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
  });

  it('builds on every push to main with the README commands and deploys the built folder', () => {
    expect(workflow.on.push?.branches).toEqual(['main']);
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const [install, build] = readmeCommands.split('&&').map((c) => c.trim());
    const runs = steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
    expect(runs[0]).toBe(install);
    expect(runs.at(-1)).toBe(build);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload?.with?.path).toBe('dist');
    const deploy = Object.values(workflow.jobs).find((job) => job.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
    expect(deploy?.needs).toBe('build');
  });

  it.each([
    ['a project site', { origin: 'https://someone.github.io', base_path: '/verbatim' }, 'https://someone.github.io', '/verbatim/'],
    ['a project site whose Pages URL ends in a slash', { origin: 'https://someone.github.io', base_path: '/verbatim/' }, 'https://someone.github.io', '/verbatim/'],
    ['a user site or a custom domain', { origin: 'https://kb.example.org', base_path: '/' }, 'https://kb.example.org', '/'],
    ['a site whose Pages URL has no path', { origin: 'https://kb.example.org', base_path: '' }, 'https://kb.example.org', '/'],
  ])('builds %s under the base path and URL GitHub Pages serves it at', (_, pages, site, base) => {
    const configure = steps.find((s) => s.uses?.startsWith('actions/configure-pages@'))!;
    const buildAt = steps.findIndex((s) => s.run?.trim() === 'npm run build');
    // Every step before the build runs as GitHub runs it: bash, its env filled from the outputs of
    // configure-pages, and what it appends to $GITHUB_ENV becomes the environment of later steps.
    const githubEnv = path.join(mkdtempSync(path.join(tmpdir(), 'verbatim-workflow-')), 'env');
    writeFileSync(githubEnv, '');
    for (const step of steps.slice(0, buildAt).filter((s) => s.run && !s.run.startsWith('npm '))) {
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), { [configure.id!]: pages })]));
      const run = spawnSync('bash', ['-e', '-c', step.run!], { env: { PATH: process.env.PATH, GITHUB_ENV: githubEnv, ...env }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    }
    const buildEnv = Object.fromEntries(readFileSync(githubEnv, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect({ ...buildEnv, ...steps[buildAt]!.env }).toEqual({ VERBATIM_SITE: site, VERBATIM_BASE: base });
  });
});
