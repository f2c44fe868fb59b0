import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the global setup builds the real site once for all tests. */
export const BUILT_SITE = path.join(ROOT, '.verbatim/test/site');

/** The real site built by the global setup: its output folder and the base path it was built with. */
export function builtSite(): { dir: string; base: string } {
  return { dir: BUILT_SITE, base: '/' };
}

/**
 * The test process's environment without what Vitest adds for its own import.meta.env
 * (BASE_URL, MODE, NODE_ENV=test, ...): a child build would take those as its own.
 */
export function inheritedEnv(): Record<string, string> {
  const env = { ...process.env } as Record<string, string>;
  for (const key of Object.keys(env)) {
    if (/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*|TEST)$/.test(key)) delete env[key];
  }
  return env;
}

/** What a build printed and how it ended. */
export interface BuildResult {
  code: number;
  output: string;
  outDir: string;
}

/** Options of buildSite: which content, under which base path, into which folder. */
export interface BuildOptions {
  content?: string;
  base?: string;
  outDir?: string;
  env?: Record<string, string>;
  /** Build as `npm run build` does (scripts/build.ts: Astro, then the indexes in a process of their own), not by `astro build` alone. */
  npm?: boolean;
}

/** Runs a real `astro build` in a child process (or, with `npm`, the two steps of `npm run build`) and collects its output. */
export function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? mkdtempSync(path.join(tmpdir(), 'verbatim-site-'));
  const env: Record<string, string> = {
    ...inheritedEnv(),
    ASTRO_TELEMETRY_DISABLED: '1',
    VERBATIM_OUT_DIR: outDir,
    ...(options.content ? { VERBATIM_CONTENT: options.content } : {}),
    ...(options.base ? { VERBATIM_BASE: options.base } : {}),
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const command = options.npm ? [path.join(ROOT, 'scripts/build.ts')] : [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'];
    const child = spawn(process.execPath, command, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output, outDir }));
  });
}
