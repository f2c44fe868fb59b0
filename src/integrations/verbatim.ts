import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PassageRecord } from '../lib/passage-record.ts';
import { withBase } from '../lib/passage-record.ts';
import { resolveModelConfig, type ModelConfig } from '../lib/model-config.ts';
import { buildSearchBundle, closeSearch } from './search-index.ts';
import { prepareModel } from '../../scripts/model/prepare.ts';
import { copyModelToSite, runtimeWasmPath, type SiteFile } from '../../scripts/model/site-files.ts';
import { buildAskIndex } from '../../scripts/ask/build-index.ts';

/** Options of the Verbatim integration, set once in astro.config.mjs. */
export interface VerbatimOptions {
  /** The embedding model that answers questions; any subset of ModelConfig (src/lib/model-config.ts). */
  model?: Partial<ModelConfig>;
}

/** The module through which browser code learns the site's model configuration. */
const CONFIG_MODULE = 'virtual:verbatim/config';

/** The published list of passages, written by src/pages/passages.json.ts. */
export interface PassagesFile {
  count: number;
  passages: PassageRecord[];
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript',
  json: 'application/json',
  css: 'text/css',
  wasm: 'application/wasm',
};

/**
 * Verbatim's build steps, after Astro has written the pages: the Pagefind index of passages.
 * In `astro dev` the same index is built in memory and served, so search works there too.
 */
export default function verbatim(options: VerbatimOptions = {}): AstroIntegration {
  let base = '/';
  let model: ModelConfig;
  return {
    name: 'verbatim',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        model = resolveModelConfig(options.model ?? {});
        const configModule = () => ({
          name: 'verbatim-config',
          resolveId: (id: string) => (id === CONFIG_MODULE ? `\0${CONFIG_MODULE}` : undefined),
          load: (id: string) => (id === `\0${CONFIG_MODULE}` ? `export const model = ${JSON.stringify(model)};` : undefined),
        });
        // Workers are bundled apart, with their own plugins: the answer worker needs the module too.
        updateConfig({
          vite: {
            plugins: [configModule()],
            worker: { format: 'es', plugins: () => [configModule()] },
            // The onnxruntime-web .wasm that the bundled Transformers.js loads, by the same file, so the
            // worker can name its URL (and cache its bytes) and Vite emits it once, hashed, under the base.
            resolve: { alias: [{ find: /^verbatim:ort-wasm/, replacement: runtimeWasmPath() }] },
          },
        });
      },
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:start': async ({ logger }) => {
        // Before any page is rendered: a model that cannot be had (offline hub id, broken
        // package) fails the build at once, with the fetcher's own advice.
        const started = performance.now();
        const { changed } = await prepareModel(model);
        logger.info(`Model ${model.id} (${model.dtype}) ${changed ? 'prepared' : 'ready'} in ${Math.round(performance.now() - started)} ms`);
      },
      'astro:server:setup': ({ server, logger }) => {
        server.middlewares.use(devSearch(base, logger));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { passages } = JSON.parse(await readFile(join(outDir, 'passages.json'), 'utf8')) as PassagesFile;
        const started = performance.now();
        try {
          const files = await buildSearchBundle(passages);
          for (const [path, content] of files) {
            const target = join(outDir, 'pagefind', path);
            await mkdir(dirname(target), { recursive: true });
            await writeFile(target, content);
          }
          logger.info(`Pagefind indexed ${passages.length} passages in ${Math.round(performance.now() - started)} ms`);
        } finally {
          await closeSearch();
        }
        const copied = await copyModelToSite(model, { outDir });
        logger.info(`Model served from the site: ${describeFiles(copied)}`);
        const index = await buildAskIndex({ passages, outDir, model });
        logger.info(
          `Answer index: ${index.manifest.passages.count} passages, ${index.embedded} embedded, ${index.cached} from cache, in ${Math.round(index.ms)} ms`,
        );
      },
    },
  };
}

function describeFiles(files: SiteFile[]): string {
  const mb = files.reduce((n, f) => n + f.bytes, 0) / 1e6;
  return `${files.length} files, ${mb.toFixed(1)} MB`;
}

/**
 * Serves `<base>pagefind/*` in dev from an in-memory index of the current passages. The index is
 * rebuilt whenever a page asks for pagefind.js (once per page load), so edits show up on reload.
 */
function devSearch(base: string, logger: AstroIntegrationLogger) {
  const prefix = withBase(base, 'pagefind/');
  let bundle: Promise<Map<string, Uint8Array>> | undefined;

  const rebuild = async (host: string) => {
    const response = await fetch(`http://${host}${withBase(base, 'passages.json')}`);
    if (!response.ok) throw new Error(`passages.json answered ${response.status}`);
    const { passages } = (await response.json()) as PassagesFile;
    const files = await buildSearchBundle(passages);
    logger.info(`Pagefind (dev) indexed ${passages.length} passages`);
    return files;
  };

  return async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(prefix)) return next();
    const file = path.slice(prefix.length);
    try {
      if (!bundle || file === 'pagefind.js') bundle = rebuild(req.headers.host ?? 'localhost');
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
      logger.error(`Search index for dev failed: ${(error as Error).message}`);
      res.statusCode = 500;
      res.end(String(error));
    }
  };
}
