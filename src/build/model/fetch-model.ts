/**
 * Puts a hub model into the local models cache at build time: downloaded in the hub's URL
 * layout (`<host>/<id>/resolve/main/<file>`) or copied from a local folder (`model.local`).
 * Every file is checked before it is kept, so an HTML error page is never cached as a model.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { modelFiles, type ModelConfig } from '../../lib/model-config.ts';
import { checkModelFile } from '../../lib/model-file-check.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './paths.ts';

/** The Hugging Face hub. */
export const DEFAULT_REMOTE_HOST = 'https://huggingface.co';

/** Options of fetchModel. */
export type FetchModelOptions = {
  modelsDir?: string;
  /** Base URL serving models in the hub's layout. */
  remoteHost?: string;
  /** Per-file limit, so a dead network fails the build instead of hanging it. */
  timeoutMs?: number;
};

/** A model file could not be obtained or is not a model file; the message says what to do. */
export class ModelFetchError extends Error {
  override name = 'ModelFetchError';
}

/** Makes the configured model's files present and valid in the cache; returns its folder and what was fetched. */
export async function fetchModel(config: ModelConfig, options: FetchModelOptions = {}): Promise<{ dir: string; fetched: string[] }> {
  const dir = modelDir(options.modelsDir ?? DEFAULT_MODELS_DIR, config.id);
  const fetched: string[] = [];
  for (const file of modelFiles(config)) {
    const target = path.join(dir, file);
    if (!config.local && existsSync(target) && checkModelFile(file, await readFile(target)) === null) continue;
    const bytes = config.local ? await readLocal(config, file) : await download(config, file, options);
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside then renamed: an interrupted build never leaves half a file in the cache.
    await writeFile(`${target}.partial-${process.pid}`, bytes);
    await rename(`${target}.partial-${process.pid}`, target);
    fetched.push(file);
  }
  if (config.local) await copyLicences(config.local, dir);
  return { dir, fetched };
}

async function download(config: ModelConfig, file: string, options: FetchModelOptions): Promise<Uint8Array> {
  const host = (options.remoteHost ?? DEFAULT_REMOTE_HOST).replace(/\/+$/, '');
  const url = `${host}/${config.id}/resolve/main/${file}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000), redirect: 'follow' });
  } catch (error) {
    throw new ModelFetchError(
      `Cannot download model ${config.id}: ${url} is unreachable (${networkReason(error)}). ` +
        `Connect to the internet and build again, or put the model's files (${modelFiles(config).join(', ')}) in a folder and set model.local to it.`,
    );
  }
  if (!response.ok) {
    throw new ModelFetchError(
      `Cannot download model ${config.id}: ${url} answered HTTP ${response.status}. ` +
        (response.status === 404 ? `Check model.id and that the model has ${file} (dtype "${config.dtype}").` : 'Try again later, or set model.local to a folder holding the model.'),
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  const problem = contentType.includes('text/html') ? 'is an HTML page, not a model file' : checkModelFile(file, bytes);
  if (problem) throw new ModelFetchError(`Cannot download model ${config.id}: ${url} ${problem}; nothing was saved.`);
  return bytes;
}

async function readLocal(config: ModelConfig, file: string): Promise<Uint8Array> {
  const source = path.resolve(config.local!, file);
  const bytes = await readFile(source).catch(() => {
    throw new ModelFetchError(`model.local: ${source} is missing; model ${config.id} with dtype "${config.dtype}" needs ${modelFiles(config).join(', ')} in ${config.local}.`);
  });
  const problem = checkModelFile(file, bytes);
  if (problem) throw new ModelFetchError(`model.local: ${source} ${problem}.`);
  return bytes;
}

// A model's licence travels with it when the site redistributes its weights.
async function copyLicences(from: string, to: string): Promise<void> {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'README.md']) {
    if (existsSync(path.join(from, name))) await copyFile(path.join(from, name), path.join(to, name));
  }
}

/** The cause of a failed request or spawn in a few words, with its code (ENOTFOUND, ECONNREFUSED...) when it has one. */
export function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

