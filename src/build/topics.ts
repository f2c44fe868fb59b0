/**
 * The file work of `npm run topics`: suggest (read the archive and its embeddings, cluster, merge
 * with the review file's decisions, write the review file) and apply (write the accepted topics
 * into content/topics/ and their tags into the interviews' elements, never a word of text, never
 * an editor's own tag). What apply added is remembered in `.verbatim-topics.json` in the content
 * folder, so that a later apply can take back a tag it wrote and the editor has since rejected.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Archive } from '../lib/archive.ts';
import { ContentError, type ContentProblem } from '../lib/content-error.ts';
import { createTokenizer } from '../lib/topics/naming.ts';
import { nextReview } from '../lib/topics/rounds.ts';
import { formatReview, parseReview, type Review } from '../lib/topics/review.ts';
import { LEAD_PER_INTERVIEW } from '../lib/topics/lead.ts';
import { suggestTopics } from '../lib/topics/suggest.ts';
import { retagBody, type TagChange } from '../lib/topics/tagging.ts';
import { topicCoherence, type Coherence } from '../lib/topics/coherence.ts';
import { throttledProgress } from '../lib/progress.ts';
import { readContent } from './content-check.ts';
import type { EmbeddingProgress } from './embedding-cache.ts';
import { loadTopicPassages } from './topic-passages.ts';

/** The review file's name in the content folder unless `--out` names another. */
export const DEFAULT_REVIEW_FILE = 'topics-review.yaml';
/** Where apply remembers the tags and topic files it wrote, in the content folder. */
export const APPLY_STATE_FILE = '.verbatim-topics.json';

/** Options of suggestIntoReview. */
export interface SuggestIntoReviewOptions {
  contentDir: string;
  reviewFile: string;
  cacheDir?: string;
  log?: (line: string) => void;
  onEmbedding?: (progress: EmbeddingProgress) => void;
}

/** What a round of suggestion did. */
export interface SuggestResult {
  topics: number;
  kept: number;
  proposed: number;
  newPassages: number;
  passages: number;
  coherence: Coherence;
  ms: number;
}

/** Suggests topics for a content folder and writes them, merged with the decisions already in it, to the review file. */
export async function suggestIntoReview(options: SuggestIntoReviewOptions): Promise<SuggestResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const previous = existsSync(options.reviewFile) ? readReview(await readFile(options.reviewFile, 'utf8'), options.reviewFile) : undefined;
  const loaded = await loadTopicPassages({ contentDir: options.contentDir, cacheDir: options.cacheDir, onProgress: options.onEmbedding });
  log(`${loaded.passages.length} passages of ${loaded.content.archive.passages.length} long enough to belong to a topic, from ${loaded.content.archive.interviews.length} interviews`);
  const tokenizer = createTokenizer();
  const progress = new Map<string, (done: number, total: number) => void>();
  const fresh = suggestTopics(loaded.passages, loaded.vectors, tokenizer, {
    takenTitles: previous?.topics.map((t) => t.title),
    onProgress: (step, done, total) => {
      if (!progress.has(step)) progress.set(step, throttledProgress(step, log, () => performance.now(), 2000));
      progress.get(step)!(done, total);
    },
  });
  const texts = new Map(loaded.content.archive.passages.map((p) => [p.id, p.text]));
  const round = nextReview({ passages: loaded.passages, vectors: loaded.vectors, tokenizer, fresh, previous, textOf: (id) => texts.get(id) });
  await writeFile(options.reviewFile, formatReview(round.review));
  const coherence = topicCoherence(fresh, loaded.passages, loaded.vectors);
  return {
    topics: round.review.topics.length,
    kept: round.kept,
    proposed: round.proposed,
    newPassages: round.newPassages,
    passages: loaded.passages.length,
    coherence,
    ms: performance.now() - started,
  };
}

/** Reads a review file's text; its problems name the file as the command was given it. */
function readReview(text: string, file: string): Review {
  return parseReview(text, path.relative(process.cwd(), file));
}

/** Options of applyTopics. */
export interface ApplyOptions {
  contentDir: string;
  reviewFile: string;
  log?: (line: string) => void;
}

/** What apply wrote. */
export interface ApplyResult {
  topics: number;
  elementsChanged: number;
  filesChanged: number;
  /** Elements that already carried every tag the review gives them. */
  unchanged: number;
}

/** What apply wrote before: tags by element (`<interview>#<anchor of its first passage>`), and topic files by id. */
interface ApplyState {
  version: 1;
  tags: Record<string, string[]>;
  topics: string[];
}

/** Writes the accepted topics of the review file into the content folder; see the module comment. */
export async function applyTopics(options: ApplyOptions): Promise<ApplyResult> {
  const { contentDir } = options;
  const root = path.resolve(contentDir, '..');
  const reviewFile = options.reviewFile;
  if (!existsSync(reviewFile)) throw new Error(`${reviewFile}: no review file; run \`npm run topics -- suggest\` first`);
  const review = readReview(await readFile(reviewFile, 'utf8'), reviewFile);
  const content = await readContent(contentDir, root);
  const { archive } = content;
  const statePath = path.join(contentDir, APPLY_STATE_FILE);
  const state: ApplyState = existsSync(statePath) ? JSON.parse(await readFile(statePath, 'utf8')) : { version: 1, tags: {}, topics: [] };

  const elements = elementIndex(archive);
  const elementOf = new Map(archive.passages.map((p) => [p.id, elements.get(`${p.interview}#${p.turn}`)!]));
  const problems: ContentProblem[] = [];
  const reviewName = path.relative(process.cwd(), reviewFile);
  const accepted = review.topics.filter((t) => t.decision === 'accept' && !t.mergeInto);
  const wanted = new Map<string, Set<string>>();
  const topicFiles: { id: string; title: string; description: string; lead: string[] }[] = [];
  for (const topic of accepted) {
    const merged = [topic, ...review.topics.filter((t) => t.mergeInto === topic.id && t.decision !== 'drop')];
    const lead: string[] = [];
    const perInterview = new Map<string, number>();
    // A passage rejected under any of the merged topics is rejected for the topic they make.
    const rejected = new Set(merged.flatMap((t) => t.passages.filter((p) => p.decision === 'reject').map((p) => p.id)));
    for (const t of merged) {
      for (const p of t.passages) {
        if (rejected.has(p.id)) continue;
        const element = elementOf.get(p.id);
        if (!element) {
          problems.push({ file: reviewName, field: 'passages', expected: `a passage of the archive, found "${p.id}" under topic "${t.id}" (its interview or its first words changed?)` });
          continue;
        }
        let set = wanted.get(element.key);
        if (!set) wanted.set(element.key, (set = new Set()));
        set.add(topic.id);
        const slug = p.id.split('#')[0]!;
        const n = perInterview.get(slug) ?? 0;
        if (n < LEAD_PER_INTERVIEW) {
          lead.push(p.id);
          perInterview.set(slug, n + 1);
        }
      }
    }
    topicFiles.push({ id: topic.id, title: topic.title, description: topic.description, lead });
  }
  if (problems.length) throw new ContentError(problems);

  // Tags: add what the review wants, take back only what apply itself added before.
  const byInterview = new Map<string, TagChange[]>();
  const nextTags: Record<string, string[]> = {};
  let unchanged = 0;
  for (const key of new Set([...wanted.keys(), ...Object.keys(state.tags)])) {
    const element = elements.get(key);
    if (!element) continue;
    const current = new Set(element.topics);
    const want = wanted.get(key) ?? new Set<string>();
    const add = [...want].filter((id) => !current.has(id));
    const remove = (state.tags[key] ?? []).filter((id) => !want.has(id) && current.has(id));
    const ours = [...(state.tags[key] ?? []).filter((id) => want.has(id) && current.has(id)), ...add];
    if (ours.length) nextTags[key] = ours;
    if (add.length === 0 && remove.length === 0) {
      if (want.size) unchanged++;
      continue;
    }
    const list = byInterview.get(element.slug) ?? [];
    list.push({ element: element.index, add, remove });
    byInterview.set(element.slug, list);
  }

  // Topic files first, so that every tag written names a topic that exists.
  const handWritten = new Set([...archive.topics.keys()].filter((id) => !state.topics.includes(id)));
  const written: string[] = [];
  await mkdir(path.join(contentDir, 'topics'), { recursive: true });
  for (const t of topicFiles) {
    if (handWritten.has(t.id)) continue;
    await writeFile(path.join(contentDir, 'topics', `${t.id}.yaml`), stringify({ title: t.title, description: t.description, lead: t.lead }, { lineWidth: 100 }));
    written.push(t.id);
  }
  let elementsChanged = 0;
  for (const [slug, changes] of byInterview) {
    const source = content.sources.get(slug)!;
    const file = path.join(root, source.file);
    const bodyStart = bodyOffset(source.text);
    const lineOffset = source.text.slice(0, bodyStart).split('\n').length - 1;
    const body = retagBody(source.text.slice(bodyStart), changes, { file: source.file, lineOffset });
    await writeFile(file, source.text.slice(0, bodyStart) + body);
    elementsChanged += changes.length;
  }
  // Read everything back: the content must still be valid and every passage's text unchanged.
  const after = await readContent(contentDir, root);
  const before = new Map(archive.passages.map((p) => [p.id, p.text]));
  const lost = after.archive.passages.filter((p) => before.get(p.id) !== p.text);
  if (lost.length > 0 || after.archive.passages.length !== archive.passages.length) {
    throw new Error(`apply changed the text of ${lost[0]?.id ?? 'the archive'}; restore the interviews from version control`);
  }
  options.log?.(`${after.archive.passages.length} passages read back: every text as it was`);
  // A topic file apply wrote and the review no longer accepts goes, unless a tag still names it.
  const tagged = new Set(after.archive.passages.flatMap((p) => p.topics));
  for (const id of state.topics) {
    if (written.includes(id)) continue;
    if (tagged.has(id)) written.push(id);
    else await rm(path.join(contentDir, 'topics', `${id}.yaml`), { force: true });
  }
  await writeFile(statePath, `${JSON.stringify({ version: 1, tags: nextTags, topics: written }, null, 1)}\n`);
  return { topics: topicFiles.length, elementsChanged, filesChanged: byInterview.size, unchanged };
}

/** Every element of the archive by key (`<interview>#<anchor of its first passage>`): its interview, its position among the body's elements, and its tags. */
function elementIndex(archive: Archive): Map<string, { key: string; slug: string; index: number; topics: string[] }> {
  const elements = new Map<string, { key: string; slug: string; index: number; topics: string[] }>();
  for (const interview of archive.interviews) {
    let index = -1;
    let last: string | undefined;
    for (const p of interview.passages) {
      if (p.turn === last) continue;
      index++;
      last = p.turn;
      const key = `${interview.slug}#${p.turn}`;
      elements.set(key, { key, slug: interview.slug, index, topics: p.topics });
    }
  }
  return elements;
}

/** Where the body starts in an MDX file: after the frontmatter's closing `---` line. */
function bodyOffset(text: string): number {
  const match = /(?:^\uFEFF?|^\s*\n)---[\s\S]*?\n---/.exec(text);
  return match ? match.index + match[0].length : 0;
}
