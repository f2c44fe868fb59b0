import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILT_SITE, buildSite } from '../helpers/site.ts';

/**
 * Gives the run a temporary folder of its own, which every test file, build and browser it starts
 * inherits as TMPDIR, and removes it at the end: the fixture sites, contents and caches the tests
 * make (about 30 MB a site) would otherwise stay in the system's, gigabytes after a few runs. Then
 * builds the real site once, exactly as `npm run build` does, for every test that reads a built site.
 */
export default async function setup(): Promise<() => void> {
  const own = mkdtempSync(path.join(tmpdir(), 'verbatim-tests-'));
  // As open to other users as /tmp is to list: nginx's workers, run as another user, serve from it.
  chmodSync(own, 0o755);
  process.env.TMPDIR = own;
  rmSync(BUILT_SITE, { recursive: true, force: true });
  const result = await buildSite({ outDir: BUILT_SITE, npm: true });
  if (result.code !== 0) throw new Error(`The site did not build:\n${result.output}`);
  return () => rmSync(own, { recursive: true, force: true });
}
