import type { AstroIntegrationLogger } from 'astro';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript',
  json: 'application/json',
  css: 'text/css',
  wasm: 'application/wasm',
};

/** Files by their path below a URL prefix. */
export type Bundle = Map<string, Uint8Array>;

/** Reads files of a folder into a bundle, under their relative paths. */
export async function readBundle(dir: string, files: string[]): Promise<Bundle> {
  return new Map(await Promise.all(files.map(async (f) => [f, new Uint8Array(await readFile(join(dir, f)))] as const)));
}

/**
 * Dev-server middleware that serves a bundle of generated files under `prefix`, building it on
 * first use and again whenever `entry` is requested (once per page load), so edits show up on reload.
 */
export function devBundle(options: {
  prefix: string;
  entry: string;
  /** Which files are served, when others under the prefix belong to pages (such as /ask/ itself). */
  serves?: (file: string) => boolean;
  logger: AstroIntegrationLogger;
  build: (host: string) => Promise<Bundle>;
}) {
  let bundle: Promise<Bundle> | undefined;
  return async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    if (!path.startsWith(options.prefix)) return next();
    const file = path.slice(options.prefix.length);
    if (options.serves && !options.serves(file)) return next();
    try {
      if (!bundle || file === options.entry) bundle = options.build(req.headers.host ?? 'localhost');
      const content = (await bundle).get(file);
      if (!content) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('Content-Type', CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream');
      res.end(content);
    } catch (error) {
      bundle = undefined;
      options.logger.error(`${options.prefix} for dev failed: ${(error as Error).message}`);
      res.statusCode = 500;
      res.end(String(error));
    }
  };
}
