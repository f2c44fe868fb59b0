/** Reads the answer index and model of a built site in Node, for the CLI, eval and bench. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ask, type AskIndex, type AskResult } from '../../src/lib/ask/answer.ts';
import { keywordAnswers } from '../../src/lib/ask/keyword-answers.ts';
import { AskFileError, ASK_DIR, ASK_FILES, openAskIndex, openKeywordIndex } from '../../src/lib/ask/load.ts';
import { checkManifest, type AskManifest } from '../../src/lib/ask/manifest.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { capQuestion } from '../../src/lib/ask/question.ts';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { createEmbedder, type Embedder } from '../../src/build/embedder.ts';
import { DEFAULT_MODELS_DIR, modelDir } from '../model/paths.ts';

/** A loaded site: its passages, how it answers, and `answer` to ask it. */
export type SiteAsker = {
  manifest: AskManifest;
  passages: AskPassage[];
  /** The index with its vectors, when answers are by meaning; absent when the vectors were refused. */
  index?: AskIndex;
  /** Why answers come from keywords only, when they do: one sentence for the reader. */
  note?: string;
  /** Answers questions in one batch, each capped as the ask box caps it, with the exact retrieval code the browser runs. */
  answer(questions: string[]): Promise<AskResult[]>;
  dispose(): Promise<void>;
};

async function readIndexFile(dir: string, name: string): Promise<Uint8Array> {
  const bytes = await readFile(path.join(dir, name)).catch(() => {
    throw new AskFileError(ASK_DIR + name, `${ASK_DIR}${name} is missing from the built site; rebuild it (npm run build)`);
  });
  return new Uint8Array(bytes);
}

/**
 * Opens `<dist>/ask/` and the model named by its manifest: from `<dist>/models/<id>/`, where the
 * build puts it for the browser, else from the build's models cache. Vectors the manifest does not
 * pin are refused, as in the browser, and questions are answered from keywords, with a note saying why.
 */
export async function openSite(dist: string): Promise<SiteAsker> {
  const dir = path.join(dist, 'ask');
  const manifestFile = path.join(dir, ASK_FILES.manifest);
  if (!existsSync(manifestFile)) {
    throw new Error(`No answer index at ${manifestFile}. Build the site first (npm run build), or point --dist at a built site.`);
  }
  let raw: Partial<AskManifest>;
  try {
    raw = JSON.parse(await readFile(manifestFile, 'utf8')) as Partial<AskManifest>;
  } catch (error) {
    throw new Error(`${manifestFile} is damaged (not valid JSON: ${(error as Error).message}); rebuild the site (npm run build)`);
  }
  // The CLI embeds questions with the model the index was built with; the manifest names it.
  const { dims: _dims, ...built } = raw.model ?? {};
  const config = resolveModelConfig(built);
  const manifest = checkManifest(raw, config);
  const passageBytes = await readIndexFile(dir, manifest.passages.file);
  let index: AskIndex;
  try {
    index = await openAskIndex(manifest, passageBytes, await readIndexFile(dir, manifest.vectors.file));
  } catch (error) {
    if (!(error instanceof AskFileError) || error.file !== ASK_DIR + manifest.vectors.file) throw error;
    const keyword = await openKeywordIndex(manifest, passageBytes);
    return {
      manifest,
      passages: keyword.passages,
      note: `Answering from keywords only, because ${error.message}.`,
      answer: async (questions) => questions.map((question) => keywordAnswers(keyword.passages, keyword.params, capQuestion(question), keyword.languages)),
      dispose: async () => undefined,
    };
  }
  const siteModels = path.join(dist, 'models');
  const modelsDir = existsSync(modelDir(siteModels, config.id)) ? siteModels : DEFAULT_MODELS_DIR;
  const embedder: Embedder = await createEmbedder(config, { modelsDir });
  checkManifest(manifest, config, embedder.dims);
  return {
    manifest,
    passages: index.passages,
    index,
    async answer(questions) {
      const capped = questions.map(capQuestion);
      const vectors = await embedder.embedQueries(capped);
      return capped.map((question, i) => ask(index, manifest.calibration, question, vectors[i]!));
    },
    dispose: () => embedder.dispose(),
  };
}
