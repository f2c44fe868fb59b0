import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { headersFor, parseHeadersFile, type HeaderRule } from '../../src/lib/headers-file.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
};

/** A running static host: its URL (with the base path) and what it was asked for. */
export interface StaticHost {
  /** Origin plus base path, ending in a slash: `http://127.0.0.1:PORT/kb/`. */
  url: string;
  origin: string;
  requests: string[];
  /**
   * Makes paths under the base that start with a prefix answer as missing: with the site's 404 page
   * (status 404), or, as single-page-app hosts do, with the home page and status 200.
   */
  hide(prefix: string, answer?: '404' | 'index'): void;
  close(): Promise<void>;
}

/** How serveStatic behaves beyond a plain static host. */
export interface StaticHostOptions {
  /**
   * A `_headers` file (Netlify and Cloudflare Pages syntax) whose rules are applied to every
   * response, matched on the request's path, as those hosts do; the file itself is then not served.
   */
  headersFile?: string;
}

/**
 * Serves a built site the way a plain static host does: `dir/index.html` for `dir/`, the site's
 * 404 page (status 404) for anything missing, on 127.0.0.1 only.
 */
export async function serveStatic(root: string, base = '/', options: StaticHostOptions = {}): Promise<StaticHost> {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const requests: string[] = [];
  const hidden: { prefix: string; answer: '404' | 'index' }[] = [];
  const notFound = path.join(root, '404.html');
  const rules: HeaderRule[] = options.headersFile ? parseHeadersFile(readFileSync(options.headersFile, 'utf8'), options.headersFile) : [];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    let file: string | undefined;
    if (url.pathname.startsWith(prefix)) {
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      const candidate = path.join(root, rel);
      const hide = hidden.find((h) => rel.startsWith(h.prefix));
      const rulesFile = Boolean(options.headersFile) && rel === '_headers';
      if (hide?.answer === 'index') file = path.join(root, 'index.html');
      else if (!hide && !rulesFile && candidate.startsWith(root) && existsSync(candidate)) {
        file = statSync(candidate).isDirectory() ? path.join(candidate, 'index.html') : candidate;
        if (!existsSync(file)) file = undefined;
      }
    }
    const status = file ? 200 : 404;
    const body = file ?? (existsSync(notFound) ? notFound : undefined);
    res.writeHead(status, {
      'content-type': body ? (TYPES[path.extname(body)] ?? 'application/octet-stream') : 'text/plain',
      ...headersFor(rules, url.pathname),
    });
    if (!body || req.method === 'HEAD') return res.end(body ? undefined : 'Not found');
    createReadStream(body).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    requests,
    hide: (prefix, answer = '404') => hidden.push({ prefix, answer }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
