/**
 * What the answer index costs a reader whose first question is each question of a set in turn:
 * for each, a fresh reader (nothing fetched yet) answers it with the code the browser runs
 * (ShardedIndex), and every index file it reads is counted, by kind. Prints nothing itself;
 * `npm run bench` (run.ts) reports the median, p95 and largest, and the median of each kind.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createEmbedder } from '../../src/build/embedder.ts';
import { ASK_FILES, indexReader } from '../../src/lib/ask/load.ts';
import { checkManifest } from '../../src/lib/ask/manifest.ts';
import { ShardedIndex } from '../../src/lib/ask/sharded.ts';
import { resolveModelConfig } from '../../src/lib/model-config.ts';

export type FirstAnswerIndex = {
  questions: number;
  /** Bytes of index files read, the manifest included. */
  bytes: { median: number; p95: number; max: number };
  /** Median bytes of each kind: manifest, structure.bin, coarse.bin, terms, passages (texts and vectors). */
  byKind: Record<string, number>;
};

const sorted = (v: number[]) => [...v].sort((a, b) => a - b);

/** Measures the site in `dist` (built, with its model in dist/models) on `questions`. */
export async function firstAnswerIndex(dist: string, questions: readonly string[]): Promise<FirstAnswerIndex> {
  const dir = path.join(dist, 'ask');
  const raw = JSON.parse(await readFile(path.join(dir, ASK_FILES.manifest), 'utf8')) as { model: { dims?: number } };
  const { dims: _dims, ...built } = raw.model;
  const config = resolveModelConfig(built);
  const manifest = checkManifest(raw, config);
  const manifestBytes = (await stat(path.join(dir, ASK_FILES.manifest))).size;
  const embedder = await createEmbedder(config, { modelsDir: path.join(dist, 'models') });
  try {
    const vectors = await embedder.embedQueries([...questions]);
    const totals: number[] = [];
    const kinds = new Map<string, number[]>();
    for (const [i, question] of questions.entries()) {
      const read = new Map<string, number>([['manifest', manifestBytes]]);
      const index = await ShardedIndex.open(
        manifest,
        indexReader(async (name) => {
          const bytes = new Uint8Array(await readFile(path.join(dir, name)));
          const kind = name.includes('/') ? name.slice(0, name.indexOf('/')) : name;
          read.set(kind, (read.get(kind) ?? 0) + bytes.length);
          return bytes;
        }),
      );
      await index.ask(question, vectors[i]!);
      totals.push([...read.values()].reduce((a, b) => a + b, 0));
      for (const [kind, n] of read) kinds.set(kind, [...(kinds.get(kind) ?? []), n]);
    }
    const all = sorted(totals);
    return {
      questions: questions.length,
      bytes: { median: all[Math.floor(all.length / 2)]!, p95: all[Math.min(all.length - 1, Math.floor(0.95 * all.length))]!, max: all.at(-1)! },
      // A kind a question did not read counts as 0 for it.
      byKind: Object.fromEntries([...kinds].map(([kind, v]) => [kind, sorted([...v, ...Array(questions.length - v.length).fill(0)])[Math.floor(questions.length / 2)]!])),
    };
  } finally {
    await embedder.dispose();
  }
}
