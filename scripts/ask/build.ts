/**
 * `npm run ask:index [-- --dist DIR]`: builds the answer index of an already built site from its
 * `passages.json` with the default model. The site build will call buildAskIndex itself; this is for
 * rebuilding the index alone.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import { readPublishedPassages } from '../../src/lib/published-passages.ts';
import { buildAskIndex } from '../../src/build/ask-index.ts';
import { throttledProgress } from '../../src/lib/progress.ts';
import { parseCliArgs, runMain } from './cli-args.ts';

async function main(): Promise<void> {
  const { dist } = parseCliArgs(process.argv.slice(2), 'npm run ask:index -- [--dist DIR]');
  const file = path.join(dist, 'passages.json');
  if (!existsSync(file)) throw new Error(`No ${file}: build the site first (npm run build).`);
  const passages = await readPublishedPassages((sitePath) => readFile(path.join(dist, sitePath), 'utf8'));
  const report = throttledProgress('embedded', (line) => console.log(line), () => performance.now());
  const result = await buildAskIndex({
    passages,
    outDir: dist,
    model: DEFAULT_MODEL,
    onProgress: ({ embedded, toEmbed, cached }) => (embedded === 0 ? console.log(`embedding ${toEmbed} passages (${cached} already cached or repeated)`) : report(embedded, toEmbed)),
    log: { info: (line) => console.log(line), warn: (line) => console.warn(line) },
  });
  console.log(`answer index: ${result.manifest.passages.count} passages, ${result.embedded} embedded, ${result.cached} from cache, threshold ${result.manifest.calibration.threshold.toFixed(2)}, ${Math.round(result.ms)} ms -> ${path.join(dist, 'ask')}`);
}

if (import.meta.main) runMain(main);
