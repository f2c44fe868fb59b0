import { readFileSync } from 'node:fs';
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

/** The README's two commands block, as a reader copies it. */
const readmeCommands = readFileSync(path.join(ROOT, 'README.md'), 'utf8').match(/```sh\n(npm install[^\n]*)/)![1]!;

describe('the GitHub Pages workflow', () => {
  it('is valid YAML without duplicate keys', () => {
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
  });

  it('builds on every push to main with the README commands and deploys the built folder', () => {
    expect(workflow.on.push?.branches).toEqual(['main']);
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const runs = steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
    const [install, build] = readmeCommands.split('&&').map((c) => c.trim());
    expect(runs).toEqual([install, build]);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload?.with?.path).toBe('dist');
    const deploy = Object.values(workflow.jobs).find((job) => job.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
    expect(deploy?.needs).toBe('build');
  });

  it.each([
    ['a project site', { origin: 'https://someone.github.io', base_path: '/verbatim' }, 'https://someone.github.io', '/verbatim/'],
    ['a user site or a custom domain', { origin: 'https://kb.example.org', base_path: '' }, 'https://kb.example.org', '/'],
  ])('builds %s under the base path and URL GitHub Pages serves it at', (_, pages, site, base) => {
    const configure = steps.find((s) => s.uses?.startsWith('actions/configure-pages@'))!;
    const build = steps.find((s) => s.run?.trim() === 'npm run build')!;
    const env = Object.fromEntries(Object.entries(build.env ?? {}).map(([k, v]) => [k, evaluate(String(v), { [configure.id!]: pages })]));
    expect(env).toEqual({ VERBATIM_SITE: site, VERBATIM_BASE: base });
  });
});
