/** Where model files live on disk at build time. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is src/build/model/paths.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The build cache of models, one folder per model id; gitignored. */
export const DEFAULT_MODELS_DIR = path.join(PROJECT_ROOT, '.verbatim', 'models');

/** The folder of one model id inside a models directory (`owner/name` becomes two levels). */
export function modelDir(modelsDir: string, id: string): string {
  return path.join(modelsDir, ...id.split('/'));
}
