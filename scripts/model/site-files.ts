/**
 * Puts the model and the onnxruntime-web runtime into the built site, so the browser loads every
 * byte from the site's own origin (Transformers.js `env.localModelPath` and `wasmPaths`).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { modelFiles, type ModelConfig } from '../../src/lib/model-config.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './paths.ts';

/** A file written into the site: path relative to the output folder, and its size. */
export type SiteFile = { path: string; bytes: number };

/** The onnxruntime-web binary of Transformers.js 3.8's web build (its JS glue is bundled with it). */
export const RUNTIME_WASM = 'ort-wasm-simd-threaded.jsep.wasm';

// Not needed to run, but the licence must travel with redistributed weights.
const LICENCE_FILES = ['LICENSE', 'PROVENANCE.md'];

/** Copies the configured model's run-time files (and its licence) to `<outDir>/models/<id>/`. */
export async function copyModelToSite(config: ModelConfig, options: { modelsDir?: string; outDir: string }): Promise<SiteFile[]> {
  const from = modelDir(options.modelsDir ?? DEFAULT_MODELS_DIR, config.id);
  const missing = modelFiles(config).filter((file) => !existsSync(path.join(from, file)));
  if (missing.length > 0) {
    throw new Error(`Model ${config.id} is not prepared in ${from}: missing ${missing.join(', ')}. Prepare it before copying it into the site.`);
  }
  const files = [...modelFiles(config), ...LICENCE_FILES.filter((file) => existsSync(path.join(from, file)))];
  return copyAll(from, files, options.outDir, path.posix.join('models', config.id));
}

/**
 * The onnxruntime-web .wasm that the web build of Transformers.js loads: the one next to the
 * onnxruntime-web bundle that Transformers.js itself resolves, which names it with
 * `new URL(..., import.meta.url)`. The site build lets Vite emit exactly this file (hashed, under the
 * base path) and hands its URL to the worker, so runtime code and binary can never disagree.
 */
export function runtimeWasmPath(): string {
  const transformers = createRequire(import.meta.url).resolve('@huggingface/transformers');
  const ort = createRequire(transformers).resolve('onnxruntime-web');
  const file = path.join(path.dirname(ort), RUNTIME_WASM);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: reinstall with \`npm install\` so Transformers.js and its onnxruntime-web are complete.`);
  }
  return file;
}

async function copyAll(from: string, files: string[], outDir: string, prefix: string): Promise<SiteFile[]> {
  const copied: SiteFile[] = [];
  for (const file of files) {
    const relative = path.posix.join(prefix, file);
    const target = path.join(outDir, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(from, file), target);
    copied.push({ path: relative, bytes: (await stat(target)).size });
  }
  return copied;
}

