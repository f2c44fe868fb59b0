import type { AstroIntegration } from 'astro';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPublishedPassages } from '../lib/published-passages.ts';
import { withBase } from '../lib/passage-record.ts';
import { modelFiles, resolveModelConfig, type ModelConfig } from '../lib/model-config.ts';
import { contentDir } from '../lib/content-dir.ts';
import { checkContent } from '../build/content-check.ts';
import { ContentError } from '../lib/content-error.ts';
import { devBundle, readBundle } from './dev-bundle.ts';
import { buildSearchBundle } from './search-index.ts';
import { prepareModel, type PrepareModelOptions } from '../build/model/prepare.ts';
import { MAVEN_REPOSITORY_ENV } from '../build/maven-model.ts';
import { runtimeGluePath, runtimeModulePath, runtimeWasmPath } from '../build/model/site-files.ts';
import { ASK_FILES, buildAskIndex } from '../build/ask-index.ts';
import { finishSite, writeHandoff } from '../build/finish-site.ts';
import { isRelatedFile } from '../lib/ask/load.ts';
import { isScopeFile } from '../lib/ask/scope.ts';
import { isShardFile } from '../lib/ask/shards.ts';

/** Options of the Verbatim integration, set once in astro.config.mjs. */
export interface VerbatimOptions {
  /** The embedding model that answers questions; any subset of ModelConfig (src/lib/model-config.ts). */
  model?: Partial<ModelConfig>;
}

/** The `site` a build gets when none is set: a domain that is nobody's, so its URLs must not ship unnoticed. */
export const PLACEHOLDER_SITE = 'https://verbatim.example';

/** The module through which browser code learns the site's model configuration. */
const CONFIG_MODULE = 'virtual:verbatim/config';

export type { PassagesFile, PassagesIndex } from '../lib/published-passages.ts';

/**
 * Verbatim's build steps: the model prepared before the pages, then the Pagefind index of
 * passages, the model files and the answer index after them. In `astro dev` the same files are
 * built in memory and served, so search and answers work there too.
 */
export default function verbatim(options: VerbatimOptions = {}): AstroIntegration {
  let base = '/';
  let root = process.cwd();
  let site: string | undefined;
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
            // The runtime's glue is a file to serve by URL, not a dependency to bundle.
            optimizeDeps: { include: ['@huggingface/transformers'], exclude: ['verbatim:ort-glue?url', 'verbatim:ort-glue'] },
            // The onnxruntime-web .wasm that the bundled Transformers.js loads, by the same file, so the
            // worker can name its URL (and cache its bytes) and Vite emits it once, hashed, under the base.
            // And Transformers.js's import of onnxruntime-web goes to its CPU-only build, half the bytes
            // of the WebGPU-capable one (src/build/model/site-files.ts, RUNTIME_WASM).
            resolve: {
              alias: [
                { find: /^verbatim:ort-wasm/, replacement: runtimeWasmPath() },
                { find: /^verbatim:ort-glue/, replacement: runtimeGluePath() },
                { find: /^onnxruntime-web$/, replacement: runtimeModulePath() },
              ],
            },
          },
        });
      },
      'astro:config:done': ({ config }) => {
        base = config.base;
        site = config.site;
      },
      'astro:build:start': async ({ logger }) => {
        // Before any page is rendered: a model that cannot be had (offline hub id, broken
        // package) fails the build at once, with the fetcher's own advice.
        if (!site || new URL(site).origin === PLACEHOLDER_SITE) {
          logger.warn(
            `site is the placeholder ${PLACEHOLDER_SITE}: canonical URLs, og:url, the sitemap and the RSS feed will point there. Set VERBATIM_SITE=https://your.domain (or site in astro.config.mjs) for a site you deploy.`,
          );
        }
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
        // server's own published passages, and rebuilt when a page loads them again after an edit.
        const passages = (host: string) =>
          readPublishedPassages(async (sitePath) => {
            const response = await fetch(`http://${host}${withBase(base, sitePath)}`);
            if (!response.ok) throw new Error(`${sitePath} answered ${response.status}`);
            return response.text();
          });
        server.middlewares.use(
          devBundle({ prefix: withBase(base, 'pagefind/'), entry: 'pagefind.js', logger, build: async (host) => buildSearchBundle(await passages(host)) }),
        );
        server.middlewares.use(
          devBundle({
            prefix: withBase(base, 'ask/'),
            entry: ASK_FILES.manifest,
            serves: (file) => Object.values(ASK_FILES).includes(file as never) || isShardFile(file) || isScopeFile(file) || isRelatedFile(file),
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
        if (process.env.VERBATIM_FINISH_LATER) {
          // npm run build: the indexes are built by scripts/finish-build.ts once Astro has exited (src/build/finish-site.ts).
          await writeHandoff(outDir, model);
          logger.info('Pages written; the search and answer indexes come next, in a process of their own');
          return;
        }
        await finishSite(outDir, model, logger);
      },
    },
  };
}

/**
 * Where models come from: hub models from Hugging Face or the mirror named by its usual
 * HF_ENDPOINT variable; Maven jars from the repository VERBATIM_MAVEN_REPOSITORY names, else through Maven.
 */
function hubOptions(): PrepareModelOptions {
  return {
    ...(process.env.HF_ENDPOINT ? { remoteHost: process.env.HF_ENDPOINT } : {}),
    ...(process.env[MAVEN_REPOSITORY_ENV] ? { mavenRepository: process.env[MAVEN_REPOSITORY_ENV] } : {}),
  };
}
