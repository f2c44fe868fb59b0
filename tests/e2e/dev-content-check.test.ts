import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_CONTENT, writeContent } from '../helpers/fixture-content.ts';
import { inheritedEnv, ROOT } from '../helpers/site.ts';

const interview = GOOD_CONTENT['interviews/rail-talk.mdx']!;
let dev: ChildProcess;
let output = '';
let content: string;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the dev server has printed something matching, after what it had printed before. */
function printed(pattern: RegExp, from: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const m = pattern.exec(output.slice(from).replace(/\x1b\[[0-9;]*m/g, ''));
      if (m) {
        clearInterval(poll);
        resolve(m[0]);
      } else if (Date.now() - started > 60_000) {
        clearInterval(poll);
        reject(new Error(`astro dev never printed ${pattern}:\n${output.slice(-3000)}`));
      }
    }, 100);
  });
}

beforeAll(async () => {
  content = writeContent({ ...GOOD_CONTENT, 'interviews/rail-talk.mdx': interview.replace('published: 2025-03-01', 'published: 2026-02-30') });
  port = await freePort();
  const args = ['dev', '--port', String(port), '--host', '127.0.0.1', '--ignore-lock'];
  dev = spawn(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), ...args], {
    cwd: ROOT,
    env: { ...inheritedEnv(), ASTRO_TELEMETRY_DISABLED: '1', VERBATIM_CONTENT: content },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (d) => (output += d));
  dev.stderr!.on('data', (d) => (output += d));
});

afterAll(() => {
  dev?.kill();
});

describe('astro dev checks content as the build does', () => {
  it('prints each problem in one line at start, after an edit, and says when none is left', async () => {
    await printed(/rail-talk\.mdx:4 {2}published: a date such as 2026-02-03, or "undated", found "2026-02-30"/, 0);
    // Edits count once the server watches the content, after its first sync.
    await printed(/watching for file changes/, 0);

    let from = output.length;
    writeFileSync(path.join(content, 'interviews/rail-talk.mdx'), interview.replace('<A topics="trains, cities">', '<A by="ann-host" topics="trains, cities">'));
    const line = await printed(/rail-talk\.mdx:\d+ {2}by: .*/, from);
    expect(line).toBe('rail-talk.mdx:15  by: one of the interviewees (bo-guest), found "ann-host"');

    from = output.length;
    writeFileSync(path.join(content, 'interviews/rail-talk.mdx'), interview);
    await printed(/Content checked: no problems left/, from);
  }, 120_000);

  it('shows an edited interview on its page without a restart', async () => {
    const page = async () => (await fetch(`http://127.0.0.1:${port}/interviews/rail-talk/`)).text();
    await expect.poll(page, { timeout: 60_000, interval: 500 }).toContain('a promise that a city keeps for a century');
    writeFileSync(path.join(content, 'interviews/rail-talk.mdx'), interview.replace('for a century', 'for two centuries'));
    await expect.poll(page, { timeout: 60_000, interval: 500 }).toContain('a promise that a city keeps for two centuries');
  }, 150_000);
});
