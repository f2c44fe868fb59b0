/**
 * A build of the answer index in a process of its own, for the resume test to kill midway:
 * `node tests/ask/index-child.ts <passages.json> <outDir> <cacheDir>` prints `embedded N of M`
 * after each chunk of passages it has embedded and written to the cache.
 */
import { readFileSync } from 'node:fs';
import { buildAskIndex } from '../../src/build/ask-index.ts';
import { DEFAULT_MODEL } from '../../src/lib/model-config.ts';
import type { PassageRecord } from '../../src/lib/passage-record.ts';

const [file, outDir, cacheDir] = process.argv.slice(2) as [string, string, string];
const passages = JSON.parse(readFileSync(file, 'utf8')) as PassageRecord[];
await buildAskIndex({
  passages,
  outDir,
  cacheDir,
  model: DEFAULT_MODEL,
  onProgress: ({ embedded, toEmbed }) => console.log(`embedded ${embedded} of ${toEmbed}`),
});
