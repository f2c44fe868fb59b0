/**
 * The content loader of the interviews collection: each `.mdx` file under the folder, its
 * frontmatter as the entry's data and its body as the entry's body, read as data and never compiled.
 *
 * The site reads an interview's body as data (src/lib/mdx-turns.ts) and never renders it as MDX.
 * Astro's glob loader would mark every MDX entry for rendering, and the build would then compile
 * and bundle each file as a module nothing imports: on the 311-episode archive the larger part of
 * the pages step's memory and time. This loader keeps what the glob loader gives the pages (ids,
 * data checked by the collection's schema, body, file path, a digest that skips unchanged files on
 * the next build, and reloading in dev) and leaves the compiling out.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parse } from 'yaml';
import { splitInterviewFile } from './content-check.ts';

/** The loader of every `.mdx` file under `base` (relative to the project root, or absolute); an entry's id is its path under `base`. */
export function interviewLoader(base: string): Loader {
  return {
    name: 'verbatim-interviews',
    load: (context) => loadInterviews(context, base),
  };
}

async function loadInterviews({ config, store, parseData, generateDigest, logger, watcher }: LoaderContext, base: string): Promise<void> {
  const root = fileURLToPath(config.root);
  const dir = path.resolve(root, base);
  const idOf = (file: string) => path.relative(dir, file).split(path.sep).join('/');

  async function sync(file: string): Promise<void> {
    const id = idOf(file);
    const text = await readFile(file, 'utf8');
    const digest = generateDigest(text);
    // An entry the glob loader left in the content cache is marked for rendering: read it again.
    const cached = store.get(id);
    if (cached?.digest === digest) {
      if (!cached.deferredRender) return;
      // The store keeps an entry whose digest is unchanged, whatever else is new: replace it.
      store.delete(id);
    }
    const parts = splitInterviewFile(text);
    // The content check has already failed the build for such a file; in dev it says so once.
    if (!parts) throw new Error(`${path.relative(root, file)}: no frontmatter block between "---" lines at the top of the file`);
    const raw: unknown = parse(parts.yaml);
    const data = await parseData({ id, data: (raw ?? {}) as Record<string, unknown>, filePath: file });
    store.set({ id, data, body: parts.body, filePath: path.relative(root, file).split(path.sep).join('/'), digest });
  }

  const files = await interviewFiles(dir);
  const untouched = new Set(store.keys());
  for (const file of files) {
    untouched.delete(idOf(file));
    try {
      await sync(file);
    } catch (error) {
      // A build has already stopped at the content check, which names every problem in one line;
      // in dev, which goes on, the interview is left out until it is fixed.
      store.delete(idOf(file));
      logger.warn(`${idOf(file)} is left out until the problems the content check names are fixed (${firstLine(error)})`);
    }
  }
  for (const id of untouched) store.delete(id);

  if (!watcher) return;
  watcher.add(dir);
  const ours = (file: string) => file.endsWith('.mdx') && !path.relative(dir, file).startsWith('..');
  const reload = async (file: string) => {
    if (!ours(file)) return;
    try {
      await sync(file);
      logger.info(`Reloaded ${idOf(file)}`);
    } catch (error) {
      store.delete(idOf(file));
      logger.warn(`${idOf(file)} is left out until the problems the content check names are fixed (${firstLine(error)})`);
    }
  };
  watcher.on('change', reload);
  watcher.on('add', reload);
  watcher.on('unlink', (file) => {
    if (ours(file)) store.delete(idOf(file));
  });
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

/** Every `.mdx` file under `dir`, in subfolders too, sorted; none when the folder is missing. */
async function interviewFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => name.endsWith('.mdx')).map((name) => path.join(dir, name)).sort();
}
