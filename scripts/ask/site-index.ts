/** Reads the answer index and model of a built site in Node, for the CLI, eval and bench. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ask, type AskResult } from '../../src/lib/ask/answer.ts';
import { AskFileError, ASK_DIR, ASK_FILES, indexReader, type IndexReader } from '../../src/lib/ask/load.ts';
import { checkManifest, type AskManifest } from '../../src/lib/ask/manifest.ts';
import type { AskPassage } from '../../src/lib/ask/passage-data.ts';
import { capQuestion } from '../../src/lib/ask/question.ts';
import type { AskScope, ResolvedScope } from '../../src/lib/ask/scope.ts';
import { openExactIndex, ShardedIndex } from '../../src/lib/ask/sharded.ts';
import { resolveModelConfig } from '../../src/lib/model-config.ts';
import { createEmbedder, type Embedder } from '../../src/build/embedder.ts';
import { DEFAULT_MODELS_DIR, modelDir } from '../../src/build/model/paths.ts';

/** A loaded site: how it answers, and `answer` to ask it. */
export type SiteAsker = {
  manifest: AskManifest;
  /** Why answers come from keywords only, when they do: one sentence for the reader. */
  note?: string;
  /**
   * Answers questions in one batch, each capped as the ask box caps it, with the exact retrieval
   * code the browser runs, within `scope` when given; each result with the passages it names.
   */
  answer(questions: string[], scope?: ResolvedScope): Promise<{ result: AskResult; passages: ReadonlyMap<number, AskPassage> }[]>;
  /** The passages of an interview or topic, to answer within; a ScopeError when the archive has none by that name. */
  resolveScope(scope: AskScope): Promise<ResolvedScope>;
  dispose(): Promise<void>;
};

/** How the site is read: `exact` scores every passage on its exact vector (every shard read), to measure the two passes against. */
export type OpenSiteOptions = { exact?: boolean };

function siteReader(dir: string): IndexReader {
  return indexReader(async (name) => {
    const bytes = await readFile(path.join(dir, name)).catch(() => {
      throw new AskFileError(ASK_DIR + name, `${ASK_DIR}${name} is missing from the built site; rebuild it (npm run build)`);
    });
    return new Uint8Array(bytes);
  });
}

/**
 * Opens `<dist>/ask/` and the model named by its manifest: from `<dist>/models/<id>/`, where the
 * build puts it for the browser, else from the build's models cache. Questions are answered as in
 * the browser, in two passes over the shards; a file the manifest does not pin is refused, as in
 * the browser, and when it holds vectors questions are answered from keywords, with a note saying why.
 */
export async function openSite(dist: string, options: OpenSiteOptions = {}): Promise<SiteAsker> {
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
  const read = siteReader(dir);
  // The files that hold vectors: a passage shard whose vectors are refused may still show its texts (its texts are pinned apart).
  const vectorFiles = new Set([manifest.coarse.file, ...manifest.passages.files.map((pin) => pin.file)].map((file) => ASK_DIR + file));
  const keywordsOnly = async (error: unknown): Promise<SiteAsker> => {
    if (!(error instanceof AskFileError) || !vectorFiles.has(error.file)) throw error;
    const keyword = await ShardedIndex.openKeywords(manifest, read);
    return {
      manifest,
      note: `Answering from keywords only, because ${error.message}.`,
      answer: (questions, scope) => Promise.all(questions.map((question) => keyword.askByKeywords(capQuestion(question), scope))),
      resolveScope: (scope) => keyword.resolveScope(scope),
      dispose: async () => undefined,
    };
  };
  let index: ShardedIndex;
  let exact: Awaited<ReturnType<typeof openExactIndex>> | undefined;
  let exactPassages: Map<number, AskPassage> | undefined;
  try {
    index = await ShardedIndex.open(manifest, read);
    if (options.exact) exact = await openExactIndex(manifest, read);
    exactPassages = exact && new Map(exact.passages.map((p, k) => [k, p]));
  } catch (error) {
    return keywordsOnly(error);
  }
  const siteModels = path.join(dist, 'models');
  const modelsDir = existsSync(modelDir(siteModels, config.id)) ? siteModels : DEFAULT_MODELS_DIR;
  const embedder: Embedder = await createEmbedder(config, { modelsDir });
  checkManifest(manifest, config, embedder.dims);
  let fallback: SiteAsker | undefined;
  return {
    manifest,
    get note() {
      return fallback?.note;
    },
    resolveScope: (scope) => index.resolveScope(scope),
    async answer(questions, scope) {
      const capped = questions.map(capQuestion);
      const vectors = await embedder.embedQueries(capped);
      if (exact) {
        const all = exact;
        return capped.map((question, i) => ({ result: ask(all, manifest.calibration, question, vectors[i]!, scope?.members), passages: exactPassages! }));
      }
      const results = [];
      for (const [i, question] of capped.entries()) {
        if (fallback) {
          results.push(...(await fallback.answer([question], scope)));
          continue;
        }
        try {
          results.push(await index.ask(question, vectors[i]!, scope));
        } catch (error) {
          // A vector shard refused while answering: keywords answer it and the rest, as in the browser.
          fallback = await keywordsOnly(error);
          results.push(...(await fallback.answer([question], scope)));
        }
      }
      return results;
    },
    dispose: () => embedder.dispose(),
  };
}
