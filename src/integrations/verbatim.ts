import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PassageRecord } from '../lib/passage-record.ts';
import { withBase } from '../lib/passage-record.ts';
import { modelFiles, resolveModelConfig, type ModelConfig } from '../lib/model-config.ts';
import { contentDir } from '../lib/content-dir.ts';
import { checkContent } from '../build/content-check.ts';
import { ContentError } from '../lib/content-error.ts';
import { devBundle, readBundle } from './dev-bundle.ts';
import { buildSearchBundle, closeSearch } from './search-index.ts';
import { prepareModel } from '../../scripts/model/prepare.ts';
import { copyModelToSite, runtimeWasmPath, type SiteFile } from '../../scripts/model/site-files.ts';
import { ASK_FILES, buildAskIndex } from '../../scripts/ask/build-index.ts';
import { isShardFile } from '../lib/ask/shards.ts';

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

/**
 * Verbatim's build steps: the model prepared before the pages, then the Pagefind index of
 * passages, the model files and the answer index after them. In `astro dev` the same files are
 * built in memory and served, so search and answers work there too.
 */
export default function verbatim(options: VerbatimOptions = {}): AstroIntegration {
  let base = '/';
  let root = process.cwd();
  let model: ModelConfig;
  return {
    name: 'verbatim',
    hooks: {
      'astro:config:setup': async ({ command, config, updateConfig, logger }) => {
        model = resolveModelConfig(options.model ?? {});
        root = fileURLToPath(config.root);
        if (command === 'build') {
          // Before Astro reads any content: every problem of every file, each in one line.
          const started = performance.now();
          const checked = await checkContent(path.resolve(root, contentDir()), root).catch((error: unknown) => {
            // The author needs the problems, one line each, not where in Verbatim they were found.
            if (error instanceof ContentError) error.stack = '';
            throw error;
          });
          logger.info(`Content checked: ${checked.files} files, ${checked.passages} passages, in ${Math.round(performance.now() - started)} ms`);
        }
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
            // Found only inside the answer worker, Transformers.js would be optimised late in dev,
            // costing the first question a page reload.
            optimizeDeps: { include: ['@huggingface/transformers'] },
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
        const { changed } = await prepareModel(model, hubOptions());
        logger.info(`Model ${model.id} (${model.dtype}) ${changed ? 'prepared' : 'ready'} in ${Math.round(performance.now() - started)} ms`);
      },
      'astro:server:setup': ({ server, logger }) => {
        // In dev the same check runs at start and after each change to the content, and prints its
        // problems without stopping the server, so that an edit is checked as a build would check it.
        const content = path.resolve(root, contentDir());
        let pending: ReturnType<typeof setTimeout> | undefined;
        let failing = false;
        const check = () => {
          pending = undefined;
          checkContent(content, root).then(
            () => {
              if (failing) logger.info('Content checked: no problems left');
              failing = false;
            },
            (error: unknown) => {
              failing = true;
              logger.error(error instanceof ContentError ? error.message : String(error));
            },
          );
        };
        check();
        server.watcher.on('all', (_event, file) => {
          if (!file.startsWith(content + path.sep)) return;
          clearTimeout(pending);
          pending = setTimeout(check, 100);
        });
        // In dev, search and answers work too: their files are built in memory from the dev
        // server's own /passages.json, and rebuilt when a page loads them again after an edit.
        const passages = async (host: string) => {
          const response = await fetch(`http://${host}${withBase(base, 'passages.json')}`);
          if (!response.ok) throw new Error(`passages.json answered ${response.status}`);
          return ((await response.json()) as PassagesFile).passages;
        };
        server.middlewares.use(
          devBundle({ prefix: withBase(base, 'pagefind/'), entry: 'pagefind.js', logger, build: async (host) => buildSearchBundle(await passages(host)) }),
        );
        server.middlewares.use(
          devBundle({
            prefix: withBase(base, 'ask/'),
            entry: ASK_FILES.manifest,
            serves: (file) => Object.values(ASK_FILES).includes(file as never) || isShardFile(file),
            logger,
            build: async (host) => {
              await prepareModel(model, hubOptions());
              const outDir = await mkdtemp(join(tmpdir(), 'verbatim-dev-ask-'));
              try {
                const built = await buildAskIndex({ passages: await passages(host), outDir, model });
                return readBundle(join(outDir, 'ask'), built.files.map((file) => relative(join(outDir, 'ask'), file)));
              } finally {
                await rm(outDir, { recursive: true, force: true });
              }
            },
          }),
        );
        server.middlewares.use(
          devBundle({
            prefix: withBase(base, `models/${model.id}/`),
            entry: 'config.json',
            logger,
            build: async () => readBundle((await prepareModel(model, hubOptions())).dir, modelFiles(model)),
          }),
        );
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

/** Where hub models come from: Hugging Face, or the mirror named by its usual HF_ENDPOINT variable. */
function hubOptions(): { remoteHost?: string } {
  return process.env.HF_ENDPOINT ? { remoteHost: process.env.HF_ENDPOINT } : {};
}

function describeFiles(files: SiteFile[]): string {
  const mb = files.reduce((n, f) => n + f.bytes, 0) / 1e6;
  return `${files.length} files, ${mb.toFixed(1)} MB`;
}
