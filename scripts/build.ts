/**
 * `npm run build`: builds the site in two processes, so that its memory peaks at the larger of
 * them rather than at their sum (src/build/finish-site.ts): Astro writes the pages (the
 * integration leaves the indexes to the next step, VERBATIM_FINISH_LATER), then
 * scripts/finish-build.ts builds Pagefind's bundle, the preview images, the model's files and the
 * answer index. `astro build` alone still builds everything, in one process.
 *
 * Astro's heap is given a ceiling in proportion to the content (HEAP_PER_CONTENT_BYTE, at least
 * MIN_HEAP_MB): V8 otherwise lets garbage grow far past what the build keeps alive. On the
 * 311-episode archive (43 MB of MDX) that took the page step from 3.4 GB to 2.6 GB at no cost in
 * time, when Astro still compiled every interview as an MDX module; since the interviews are read
 * as data (src/build/interview-loader.ts), it peaks at 1.4 GB under the smallest ceiling. In
 * proportion, a larger archive gets a larger ceiling, never one it cannot build under.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { contentDir } from '../src/lib/content-dir.ts';
import { PROJECT_ROOT } from '../src/build/model/paths.ts';

/**
 * Astro's heap ceiling per byte of content: at most about 10 bytes are alive per byte of MDX (the
 * 1,000-episode benchmark archive, 135 MB, builds under a 1.4 GB ceiling and not under 1 GB); as
 * much again is headroom.
 */
export const HEAP_PER_CONTENT_BYTE = 20;

/** No ceiling below this, for small sites. */
export const MIN_HEAP_MB = 1536;

/** Bytes of the content folder's files. */
function contentBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(dir, entry));
    if (stat.isFile()) total += stat.size;
  }
  return total;
}

/** The ceiling of Astro's heap for this content, in MB. */
export function heapCeilingMB(bytes: number): number {
  return Math.max(MIN_HEAP_MB, Math.ceil((bytes * HEAP_PER_CONTENT_BYTE) / 1e6));
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (import.meta.main) {
  const content = path.resolve(PROJECT_ROOT, contentDir());
  const heap = heapCeilingMB(contentBytes(content));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    VERBATIM_FINISH_LATER: '1',
    // glibc's arenas per thread keep freed native memory; two are enough for a build.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heap}`.trim(),
  };
  const pages = await run([path.join(PROJECT_ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], env);
  if (pages !== 0) process.exit(pages);
  // The finishing step keeps no such ceiling: its memory is Pagefind's own and the index's vectors.
  const { NODE_OPTIONS: _cap, ...rest } = env;
  process.exit(await run([path.join(PROJECT_ROOT, 'scripts/finish-build.ts')], { ...rest, ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}) }));
}
