/** Reads the answer index and model of a built site in Node, for the CLI, eval and bench. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ask, type AskIndex, type AskResult } from '../../src/lib/ask/answer.ts';
import { openAskIndex } from '../../src/lib/ask/load.ts';
import { checkManifest, type AskManifest } from '../../src/lib/ask/manifest.ts';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { createEmbedder, type Embedder } from '../model/embedder.ts';
import { DEFAULT_MODELS_DIR, modelDir } from '../model/paths.ts';
import { ASK_FILES } from './build-index.ts';

/** A loaded site: its index, the model that embeds questions, and `answer` to ask it. */
export type SiteAsker = {
  manifest: AskManifest;
  index: AskIndex;
  /** Answers questions in one batch, with the exact retrieval code the browser runs. */
  answer(questions: string[]): Promise<AskResult[]>;
  dispose(): Promise<void>;
};

/**
 * Opens `<dist>/ask/` and the model named by its manifest: from `<dist>/models/<id>/`, where the
 * build puts it for the browser, else from the build's models cache.
 */
export async function openSite(dist: string): Promise<SiteAsker> {
  const dir = path.join(dist, 'ask');
  const manifestFile = path.join(dir, ASK_FILES.manifest);
  if (!existsSync(manifestFile)) {
    throw new Error(`No answer index at ${manifestFile}. Build the site first (npm run build), or point --dist at a built site.`);
  }
  const raw = JSON.parse(await readFile(manifestFile, 'utf8')) as Partial<AskManifest>;
  // The CLI embeds questions with the model the index was built with; the manifest names it.
  const { dims: _dims, ...built } = raw.model ?? {};
  const config = resolveModelConfig(built);
  const manifest = checkManifest(raw, config);
  const index = openAskIndex(
    manifest,
    JSON.parse(await readFile(path.join(dir, manifest.passages.file), 'utf8')),
    new Uint8Array(await readFile(path.join(dir, manifest.vectors.file))),
  );
  const siteModels = path.join(dist, 'models');
  const modelsDir = existsSync(modelDir(siteModels, config.id)) ? siteModels : DEFAULT_MODELS_DIR;
  const embedder: Embedder = await createEmbedder(config, { modelsDir });
  checkManifest(manifest, config, embedder.dims);
  return {
    manifest,
    index,
    async answer(questions) {
      const vectors = await embedder.embedQueries(questions);
      return questions.map((question, i) => ask(index, manifest.calibration, question, vectors[i]!));
    },
    dispose: () => embedder.dispose(),
  };
}
