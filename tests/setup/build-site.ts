import { rmSync } from 'node:fs';
import { BUILT_SITE, buildSite } from '../helpers/site.ts';

/** Builds the real site once, exactly as `npm run build` does, for every test that reads a built site. */
export default async function setup(): Promise<void> {
  rmSync(BUILT_SITE, { recursive: true, force: true });
  const result = await buildSite({ outDir: BUILT_SITE, npm: true });
  if (result.code !== 0) throw new Error(`The site did not build:\n${result.output}`);
}
