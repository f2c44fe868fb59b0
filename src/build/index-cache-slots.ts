/**
 * The answer index's work kept between builds (coarse-cache.ts, related-cache.ts) describes one
 * archive: a build of another archive in the same project (the test suite's build of the source
 * interviews, a fixture site, a second content folder) would otherwise replace it, and the next
 * build of the large archive would train its codebook and search its neighbours again (36 s and
 * 17 s on the real archive). So each content folder has a slot of its own, under a hash of its
 * path. Beyond MAX_SLOTS, the smallest slots go first, other than the one in use: they are the
 * cheapest to redo, and the many small sites tests build never push out a large archive's.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** How many content folders keep their index work at once. */
export const MAX_SLOTS = 6;

/** The file in each slot that says which content folder it is for (for a person looking). */
const SLOT_NOTE = 'content-folder.txt';

/** The slot of `contentDir` under `root` (made if new), after pruning the others beyond `maxSlots`. */
export async function indexCacheSlot(root: string, contentDir: string, maxSlots = MAX_SLOTS): Promise<string> {
  const absolute = path.resolve(contentDir);
  const name = createHash('sha256').update(absolute).digest('hex').slice(0, 16);
  const slot = path.join(root, name);
  await mkdir(slot, { recursive: true });
  await writeFile(path.join(slot, SLOT_NOTE), `${absolute}\n`);
  const others: { dir: string; bytes: number }[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === name) continue;
    const dir = path.join(root, entry.name);
    // The single slot of earlier versions (coarse/, related/ directly under the root) is for no known folder.
    if (!existsSync(path.join(dir, SLOT_NOTE))) {
      await rm(dir, { recursive: true, force: true });
      continue;
    }
    others.push({ dir, bytes: await folderBytes(dir) });
  }
  others.sort((a, b) => b.bytes - a.bytes);
  for (const { dir } of others.slice(Math.max(0, maxSlots - 1))) await rm(dir, { recursive: true, force: true });
  return slot;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
