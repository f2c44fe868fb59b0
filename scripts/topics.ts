/**
 * `npm run topics -- suggest [--content DIR] [--out FILE] [--cache DIR]` proposes topics from the
 * archive's own passages into a review file; `npm run topics -- apply [--content DIR] [--review FILE]`
 * writes the accepted ones into the content. The work is in src/build/topics.ts.
 */
import path from 'node:path';
import { ContentError, formatProblem } from '../src/lib/content-error.ts';
import { applyTopics, suggestIntoReview, DEFAULT_REVIEW_FILE } from '../src/build/topics.ts';
import { throttledProgress } from '../src/lib/progress.ts';
import type { EmbeddingProgress } from '../src/build/embedding-cache.ts';

const USAGE = 'npm run topics -- suggest [--content DIR] [--out REVIEW-FILE] [--cache DIR] | apply [--content DIR] [--review REVIEW-FILE]';

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  let content = process.env.VERBATIM_CONTENT || 'content';
  let review: string | undefined;
  let cacheDir: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value. Usage: ${USAGE}`);
      return v;
    };
    if (arg === '--content') content = value();
    else if (arg === '--out' || arg === '--review') review = value();
    else if (arg === '--cache') cacheDir = path.resolve(value());
    else throw new Error(`Unknown option ${arg}. Usage: ${USAGE}`);
  }
  const reviewFile = path.resolve(review ?? path.join(content, DEFAULT_REVIEW_FILE));
  const contentDir = path.resolve(content);
  const log = (line: string) => console.log(line);
  if (command === 'suggest') {
    const embedding = throttledProgress('embedded', log, () => performance.now());
    const result = await suggestIntoReview({
      contentDir,
      reviewFile,
      cacheDir,
      log,
      onEmbedding: ({ embedded, toEmbed, cached }: EmbeddingProgress) => (embedded === 0 ? log(`embedding ${toEmbed} passages (${cached} found in the embedding cache)`) : embedding(embedded, toEmbed)),
    });
    const { coherence } = result;
    log(`coherence: ${(coherence.ownCentroid * 100).toFixed(1)}% of ${coherence.members} passages nearer their own topic's centroid than any other's (mean margin ${coherence.margin.toFixed(3)})`);
    log(`${result.topics} topics (${result.kept} kept from the review file, ${result.proposed} newly proposed; ${result.newPassages} passages newly proposed) in ${(result.ms / 1000).toFixed(1)} s -> ${path.relative(process.cwd(), reviewFile)}`);
  } else if (command === 'apply') {
    const result = await applyTopics({ contentDir, reviewFile, log });
    log(`${result.topics} topics written to ${path.join(path.relative(process.cwd(), contentDir), 'topics')}; ${result.elementsChanged} elements tagged in ${result.filesChanged} interviews (${result.unchanged} already tagged)`);
  } else {
    throw new Error(`Expected "suggest" or "apply". Usage: ${USAGE}`);
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof ContentError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });
}
