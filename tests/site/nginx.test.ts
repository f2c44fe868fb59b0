import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSite, ROOT } from '../helpers/site.ts';

// It needs nginx itself (Debian: apt-get install nginx-light), which .ci/run installs and `npm install`
// does not. Without it the check is skipped, and says so.
const NGINX = process.env.NGINX_PATH ?? 'nginx';
const available = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).status === 0;
if (!available) console.log(`tests/site/nginx.test.ts skipped: no nginx on this machine ("${NGINX} -v" failed); set NGINX_PATH or install nginx to check deploy/nginx.conf.`);

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Replaces one exact line of the example, failing if the example no longer has it. */
function replaceOnce(text: string, line: string, by: string): string {
  if (text.split(line).length !== 2) throw new Error(`deploy/nginx.conf no longer has exactly one "${line.trim()}"`);
  return text.replace(line, by);
}

let nginx: ChildProcess | undefined;
let url = '';
let log = '';

describe.skipIf(!available)('deploy/nginx.conf, run by nginx, serving the built site under /kb/', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-nginx-'));
    chmodSync(dir, 0o755);
    // The example's layout: the site's files in <root>/kb/.
    symlinkSync(builtSite().dir, path.join(dir, 'kb'));
    const port = await freePort();
    let server = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
    server = replaceOnce(server, '  listen 80;', `  listen 127.0.0.1:${port};`);
    server = replaceOnce(server, '  root /var/www/verbatim;', `  root ${dir};`);
    writeFileSync(path.join(dir, 'server.conf'), server);
    writeFileSync(path.join(dir, 'nginx.conf'), [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events {}',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/server.conf;`,
      '}',
    ].join('\n'));
    nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr!.on('data', (d) => (log += d));
    url = `http://127.0.0.1:${port}/kb/`;
    for (let i = 0; i < 100; i++) {
      if (nginx.exitCode !== null) throw new Error(`nginx stopped: ${log}`);
      if (await fetch(url).then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx did not answer: ${log}`);
  });

  afterAll(() => {
    nginx?.kill();
  });

  const headers = async (rel: string) => {
    const response = await fetch(`${url}${rel}`);
    await response.arrayBuffer();
    return { status: response.status, get: (name: string) => response.headers.get(name) };
  };
  const IMMUTABLE = 'public, max-age=31536000, immutable';
  const REVALIDATE = 'public, max-age=0, must-revalidate';

  it('sends the CSP of public/_headers, the same caching and the types of .wasm, .mjs and .onnx', async () => {
    const rules = readFileSync(path.join(ROOT, 'public/_headers'), 'utf8');
    const csp = /Content-Security-Policy: (.+)/.exec(rules)![1]!;
    const wasm = readdirSync(path.join(builtSite().dir, '_astro')).find((f) => f.endsWith('.wasm'))!;

    const page = await headers('');
    expect([page.status, page.get('content-security-policy'), page.get('cache-control'), page.get('content-type')]).toEqual([200, csp, REVALIDATE, 'text/html']);
    const runtime = await headers(`_astro/${wasm}`);
    expect([runtime.status, runtime.get('content-type'), runtime.get('cache-control'), runtime.get('content-security-policy')]).toEqual([200, 'application/wasm', IMMUTABLE, csp]);
    // The runtime's glue is a module the worker imports: a script type, or the browser refuses it (nosniff).
    const glue = readdirSync(path.join(builtSite().dir, '_astro')).find((f) => f.endsWith('.mjs'))!;
    const imported = await headers(`_astro/${glue}`);
    expect([imported.status, imported.get('content-type'), imported.get('cache-control')]).toEqual([200, 'text/javascript', IMMUTABLE]);
    const model = await headers('models/verbatim/use-lite/onnx/model_quantized.onnx');
    expect([model.status, model.get('content-type'), model.get('cache-control')]).toEqual([200, 'application/octet-stream', IMMUTABLE]);
    const tokenizer = await headers('models/verbatim/use-lite/tokenizer.json');
    expect([tokenizer.get('content-type'), tokenizer.get('cache-control')]).toEqual(['application/json', IMMUTABLE]);
    const manifest = await headers('ask/manifest.json');
    expect([manifest.get('content-type'), manifest.get('cache-control')]).toEqual(['application/json', REVALIDATE]);
  });

  it('answers a missing file with the site’s 404 page, and does not serve the rules file of other hosts', async () => {
    const missing = await fetch(`${url}no/such/page/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(readFileSync(path.join(builtSite().dir, '404.html'), 'utf8'));
    expect((await headers('_headers')).status).toBe(404);
  });
});
