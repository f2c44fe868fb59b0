import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2Session, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
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
  /**
   * Serves over HTTP/2 with TLS (and HTTP/1.1 to clients that do not offer HTTP/2), as the common
   * static hosts do, instead of plain HTTP/1.1: a browser then sends all of a page's requests on one
   * connection instead of queueing them six connections at a time. The certificate is self-signed for
   * 127.0.0.1 (made with `openssl`), so a browser must be told to accept it (Playwright's
   * `ignoreHTTPSErrors`).
   */
  http2?: boolean;
}

/** A key and a self-signed certificate for 127.0.0.1, made with the openssl command-line tool. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'verbatim-tls-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    const argv = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert];
    argv.push('-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');
    try {
      execFileSync('openssl', argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not on the PATH (Debian: apt-get install openssl)' : String((error as { stderr?: Buffer }).stderr ?? error);
      throw new Error(`serveStatic: HTTP/2 needs a TLS certificate, and making one failed: ${reason}`);
    }
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

  // HTTP/2's compatibility API answers as HTTP/1.1's does, for all that this uses of it.
  const handle = (req: IncomingMessage | Http2ServerRequest, response: ServerResponse | Http2ServerResponse) => {
    const res = response as ServerResponse;
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
  };
  const server = options.http2
    ? createSecureServer({ ...selfSignedCertificate(), allowHTTP1: true }, handle)
    : (createServer(handle) as Server);
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.http2 ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    requests,
    hide: (prefix, answer = '404') => hidden.push({ prefix, answer }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser keeps its connections open: they are closed too, or closing would wait for it.
        if ('closeAllConnections' in server) server.closeAllConnections();
        for (const session of sessions) session.close();
      }),
  };
}
