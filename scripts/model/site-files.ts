/**
 * Copies the model and the onnxruntime-web runtime into the built site, so the browser loads
 * every byte from the site's own origin (Transformers.js `env.localModelPath` and `wasmPaths`).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { modelFiles, type ModelConfig } from '../../src/lib/model-config.ts';
import { DEFAULT_MODELS_DIR, modelDir } from './paths.ts';

/** A file written into the site: path relative to the output folder, and its size. */
export type SiteFile = { path: string; bytes: number };

/** The onnxruntime-web files that the web build of Transformers.js 3.8 requests when wasmPaths is a folder. */
export const RUNTIME_FILES = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'] as const;

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

/** Copies the exact onnxruntime-web .mjs/.wasm pair the installed Transformers.js loads to `<outDir>/ort/`. */
export async function copyRuntimeToSite(outDir: string): Promise<SiteFile[]> {
  const from = await runtimeDir();
  return copyAll(from, [...RUNTIME_FILES], outDir, 'ort');
}

// The web build imports the onnxruntime-web that Transformers.js itself resolves; its copy in
// Transformers.js's dist/ must be the same bytes, or the pair would not be the one the code expects.
async function runtimeDir(): Promise<string> {
  const require = createRequire(import.meta.url);
  const transformersDist = path.dirname(require.resolve('@huggingface/transformers'));
  const ortDist = path.dirname(createRequire(path.join(transformersDist, '..', 'package.json')).resolve('onnxruntime-web'));
  for (const file of RUNTIME_FILES) {
    const [ours, theirs] = await Promise.all([digest(path.join(ortDist, file)), digest(path.join(transformersDist, file))]);
    if (ours !== theirs) {
      throw new Error(`onnxruntime-web's ${file} (${ortDist}) differs from the one Transformers.js ships (${transformersDist}): reinstall with \`npm install\` so both come from the same release.`);
    }
  }
  return ortDist;
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

async function digest(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => {
    throw new Error(`${file} is missing: reinstall @huggingface/transformers with \`npm install\`.`);
  });
  return createHash('sha256').update(bytes).digest('hex');
}
