/**
 * Puts the model and the onnxruntime-web runtime into the built site, so the browser loads every
 * byte from the site's own origin (Transformers.js `env.localModelPath` and `wasmPaths`).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { modelFiles, type ModelConfig } from '../../lib/model-config.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './paths.ts';

/** A file written into the site: path relative to the output folder, and its size. */
export type SiteFile = { path: string; bytes: number };

/**
 * The onnxruntime-web binary the site serves: the CPU-only (WebAssembly) build, 11.1 MB (2.9 MB
 * gzipped), not the 21.6 MB (5.1 MB gzipped) WebGPU-capable one that Transformers.js's web build
 * imports by default; a sentence encoder this small runs on WebAssembly anyway. The site's bundle
 * swaps the import for the CPU-only module (runtimeModulePath), whose glue loads this binary.
 */
export const RUNTIME_WASM = 'ort-wasm-simd-threaded.wasm';

/** The CPU-only onnxruntime-web module that goes with RUNTIME_WASM. */
export const RUNTIME_MODULE = 'ort.wasm.bundle.min.mjs';

/**
 * The binary's JS glue, which that module imports at run time from beside the binary (unlike the
 * WebGPU-capable bundle, it does not carry it): emitted as a file of the site, its URL given too.
 */
export const RUNTIME_GLUE = 'ort-wasm-simd-threaded.mjs';

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
  return runtimeFile(RUNTIME_WASM);
}

/** The CPU-only onnxruntime-web module of the same package (see RUNTIME_WASM). */
export function runtimeModulePath(): string {
  return runtimeFile(RUNTIME_MODULE);
}

/** The binary's JS glue (see RUNTIME_GLUE). */
export function runtimeGluePath(): string {
  return runtimeFile(RUNTIME_GLUE);
}

function runtimeFile(name: string): string {
  const transformers = createRequire(import.meta.url).resolve('@huggingface/transformers');
  const ort = createRequire(transformers).resolve('onnxruntime-web');
  const file = path.join(path.dirname(ort), name);
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

