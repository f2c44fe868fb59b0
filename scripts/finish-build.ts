/**
 * `node scripts/finish-build.ts [--dist DIR]`: the second step of `npm run build`. Astro, run with
 * VERBATIM_FINISH_LATER, writes the pages and leaves a handoff; this builds the Pagefind bundle,
 * the social preview images, the model's files and the answer index in a process of its own, so
 * the build's memory peaks at the larger of the two steps, not their sum (src/build/finish-site.ts).
 * Run again after a failure, it resumes from the embedding cache. The folder is VERBATIM_OUT_DIR,
 * else dist/, as for Astro.
 */
import path from 'node:path';
import { finishSite, readHandoff, removeHandoff } from '../src/build/finish-site.ts';
import { parseCliArgs, runMain } from './ask/cli-args.ts';

const clock = () => new Date().toTimeString().slice(0, 8);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const parsed = parseCliArgs(argv, 'node scripts/finish-build.ts [--dist DIR]');
  const named = argv.some((a) => a === '--dist' || a.startsWith('--dist='));
  const dist = !named && process.env.VERBATIM_OUT_DIR ? path.resolve(process.env.VERBATIM_OUT_DIR) : parsed.dist;
  const handoff = await readHandoff(dist);
  if (!handoff) {
    console.log(`${clock()} [verbatim] ${dist}: nothing to finish (the Astro step built its indexes itself, or has not run)`);
    return;
  }
  await finishSite(handoff.outDir, handoff.model, {
    info: (line) => console.log(`${clock()} [verbatim] ${line}`),
    warn: (line) => console.warn(`${clock()} [WARN] [verbatim] ${line}`),
  });
  await removeHandoff(dist);
}

if (import.meta.main) runMain(main);
