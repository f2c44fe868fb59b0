/**
 * The stamps the model folders keep beside their files (what they were made from, and each file's
 * size), read back to tell whether a folder is current or must be made again.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** A stamp file's contents, or undefined when it is missing or not JSON (the folder is then made again). */
export async function readStamp<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Whether each of `files` is in `dir` with the size the stamp recorded for it. */
export async function filesMatchStamp(dir: string, files: readonly string[], sizes: Record<string, number> | undefined): Promise<boolean> {
  if (!sizes) return false;
  for (const file of files) {
    const size = await stat(path.join(dir, file)).then((s) => s.size, () => -1);
    if (size !== sizes[file]) return false;
  }
  return true;
}
