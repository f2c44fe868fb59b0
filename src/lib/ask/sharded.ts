/**
 * Answering from the sharded index (shards.ts) in two passes, as the browser worker and the CLI
 * both do: the question's keyword postings come from its terms' shards; the coarse codes score it
 * against every passage; the best few, by the same fusion, are scored again on their exact int8
 * vectors from the passage shards that hold them; and the chosen answers' texts come from those
 * same shards, nearly always read already (a shard is fetched for them only when they lie outside).
 * Reading files is the caller's (`read`, an IndexReader, which refuses any file its pin does not match).
 */
import {
  centerQuery,
  chooseAnswers,
  keepQuantities,
  keepSuggestions,
  declineUnreadable,
  markSentences,
  scorePassages,
  createAskIndex,
  type AskIndex,
  answerPositions,
  type AskResult,
  type ChosenAnswers,
  type ScoringIndex,
} from './answer.ts';
import { coarseScores, decodeCoarse, type CoarseCodes } from './coarse.ts';
import { gunzip, isGzip } from './compression.ts';
import { topBy } from './fusion.ts';
import { DEFAULT_KEYWORD_PARAMS, keywordScores, type KeywordIndex, type Postings } from './keyword.ts';
import { AskFileError, ASK_DIR, ASK_FILES, checkPinnedFile, type IndexReader } from './load.ts';
import type { AskManifest, PinnedFile } from './manifest.ts';
import { unpackPassages, type AskPassage, type AskPassagesFile } from './passage-data.ts';
import { findScope, parseScopeTable, positionMembers, rangeMembers, ScopeError, SCOPES_FILE, type AskScope, type ResolvedScope, type ScopeTable } from './scope.ts';
import { decodePositions, decodeStructure, decodeTermShard, shardFile, shardOf, shardsFor, splitPassageShard, termShardIndex, termShardOf, type PassageStructure, type ShardLayout } from './shards.ts';
import { terms } from './text.ts';
import { decodeVectors, type QuantizedVectors } from './vectors.ts';

/** How many passages, best first by the first pass's order, are always scored again on their exact vectors. */
export const REFINED_BY_ORDER = 16;

/**
 * How far down the first pass's order a passage is scored again too when its passage shard is read
 * anyway, for the passages that must be: at no cost in files. On the real archive this gives the
 * answers of refining the best 32 outright (the same recall, declines and agreement with exact
 * search on both parts of its evaluation set) from about half the shards (a median of 16 a
 * question, not 30).
 */
export const REFINED_IF_READ = 64;

/** How many passages, best first by the first pass's confidence, are scored again too: the decline is decided on the best confidence. */
export const REFINED_BY_CONFIDENCE = 8;

/** How far after a question its answers are looked for. */
const ANSWER_SCAN = 64;

/**
 * Milliseconds an answer by meaning spent in each of its steps, in order: its terms' shards read,
 * the first pass over the coarse codes, the exact vectors of the best read and scored, the answers
 * chosen, and their passages read. For benchmarks, to show what a later answer waits for.
 */
export type AnswerPhases = { terms: number; firstPass: number; vectors: number; choose: number; passages: number };

/** A passage shard read: its passages' texts, and their vectors for a reader that scores them, or why they were refused. */
type PassageShard = { passages: AskPassage[]; vectors?: QuantizedVectors; refused?: Error };

/** An outcome with the passages it names (answers and suggestions), by position; `phases`, for an answer by meaning. */
export type ShardedResult = { result: AskResult; passages: Map<number, AskPassage>; phases?: AnswerPhases };

/**
 * A sharded answer index being read: what every question needs (structure, and the coarse codes
 * when answering by meaning) held in memory, shards fetched once each as questions need them.
 * Without a manifest (lost or damaged) it still answers from keywords, finding the shards by the
 * layout `structure.bin` records, with the default keyword settings.
 */
export class ShardedIndex {
  readonly manifest: AskManifest | undefined;
  readonly layout: ShardLayout;
  readonly structure: PassageStructure;
  /** Absent when answering from keywords only. */
  readonly coarse: CoarseCodes | undefined;
  private readonly read: IndexReader;
  private readonly termShards = new Map<number, Promise<Map<string, Postings>>>();
  private readonly passageShards = new Map<number, Promise<PassageShard>>();
  private scopes: Promise<ScopeTable> | undefined;

  private constructor(manifest: AskManifest | undefined, opened: { layout: ShardLayout; structure: PassageStructure }, coarse: CoarseCodes | undefined, read: IndexReader) {
    this.manifest = manifest;
    this.layout = opened.layout;
    this.structure = opened.structure;
    this.coarse = coarse;
    this.read = read;
  }

  /** Opens an index for answering by meaning: reads the structure and the coarse codes, both pinned by the manifest. */
  static async open(manifest: AskManifest, read: IndexReader): Promise<ShardedIndex> {
    const [opened, coarse] = await Promise.all([readStructure(manifest, read), readCompressed(read, manifest.coarse.file, manifest.coarse)]);
    const shape = { count: manifest.passages.count, dims: manifest.model.dims, subspaces: manifest.coarse.subspaces, centroids: manifest.coarse.centroids };
    let codes: CoarseCodes;
    try {
      codes = decodeCoarse(coarse, shape);
    } catch (error) {
      throw new AskFileError(ASK_DIR + manifest.coarse.file, `${ASK_DIR}${manifest.coarse.file} is damaged (${(error as Error).message}); rebuild and redeploy the site`);
    }
    return new ShardedIndex(manifest, opened, codes, read);
  }

  /** Opens an index for keyword answers only: reads the structure, never a vector. */
  static async openKeywords(manifest: AskManifest | undefined, read: IndexReader): Promise<ShardedIndex> {
    return new ShardedIndex(manifest, await readStructure(manifest, read), undefined, read);
  }

  private answerablePositions: number[] | undefined;

  /** Every passage that may answer (not an interviewer's question), in order. */
  private answerable(): number[] {
    this.answerablePositions ??= [...this.structure.isQuestion.keys()].filter((i) => !this.structure.isQuestion[i]);
    return this.answerablePositions;
  }

  /** Term shard `n`, inflated (the build stores it compressed; compression.ts). */
  private termFile(n: number): Promise<Uint8Array> {
    const pin = this.manifest?.terms.files[n];
    return readCompressed(this.read, pin?.file ?? shardFile('terms', n), pin, this.manifest === undefined);
  }

  /**
   * Passage shard `n`: its passages' texts, and their vectors when the manifest says their shape
   * (a reader without one answers from keywords and never scores a vector). Held once read, for
   * the texts a question shows and the vectors it scores alike. Its texts part and the whole file
   * are checked against their pins (PassageShardPin): texts that match in a file that does not are
   * kept, and only its vectors refused, so that answers from keywords can still show them.
   */
  private passageShard(n: number): Promise<PassageShard> {
    return cached(this.passageShards, n, async () => {
      const { count, passageShardSize: size } = this.layout;
      const pin = this.manifest?.passages.files[n];
      const name = pin?.file ?? shardFile('passages', n);
      const file = ASK_DIR + name;
      const rows = Math.min(size, count - n * size);
      const check = this.read.check ?? ((p: PinnedFile, bytes: Uint8Array) => checkPinnedFile(p, bytes));
      const bytes = await this.read(name);
      // The whole file first, one digest when it is this build's; its texts part only when it is not.
      const refused = pin ? await check(pin, bytes).then(() => undefined, (error: unknown) => error as Error) : undefined;
      // A file of another size is not this build's at all (a truncated upload, another archive).
      if (refused && bytes.length !== pin!.bytes) throw refused;
      const { texts, vectors } = asFileError(file, () => splitPassageShard(bytes, file));
      if (refused) await check({ file: name, ...pin!.texts }, texts);
      const passages = parsePassageShard(await gunzip(texts, file), name, rows);
      if (refused) return { passages, refused };
      return this.manifest ? { passages, vectors: decodeVectorShard(vectors, name, rows, this.manifest.model.dims) } : { passages };
    });
  }

  /** The keyword postings of a question's terms, from their term shards. */
  async keywordIndex(question: string): Promise<KeywordIndex> {
    const shards = [...new Set(terms(question).map((term) => termShardOf(term, this.layout.termShards)))];
    const loaded = await Promise.all(shards.map((n) => cached(this.termShards, n, async () => {
          const bytes = await this.termFile(n);
          return asFileError(ASK_DIR + shardFile('terms', n), () => decodeTermShard(bytes, ASK_DIR + shardFile('terms', n)));
        })));
    return termShardIndex(this.layout.count, this.manifest?.retrieval.keyword ?? DEFAULT_KEYWORD_PARAMS, loaded);
  }

  /** The passages at some positions, from the passage shards that hold them. */
  async passagesAt(positions: Iterable<number>): Promise<Map<number, AskPassage>> {
    const size = this.layout.passageShardSize;
    const wanted = [...new Set(positions)];
    const shards = new Map(await Promise.all(shardsFor(wanted, size).map(async (n) => [n, (await this.passageShard(n)).passages] as const)));
    return new Map(wanted.map((p) => [p, shards.get(shardOf(p, size))![p % size]!]));
  }

  /** Exact dot products of a query with the vectors of some passages, from the passage shards that hold them. */
  async exactScores(positions: readonly number[], query: Float32Array): Promise<Map<number, number>> {
    const size = this.layout.passageShardSize;
    const shards = new Map(
      await Promise.all(
        shardsFor(positions, size).map(async (n) => {
          const shard = await this.passageShard(n);
          if (!shard.vectors) throw shard.refused ?? new AskFileError(ASK_DIR + shardFile('passages', n), 'this index was opened for keyword answers only');
          return [n, shard.vectors] as const;
        }),
      ),
    );
    return new Map(positions.map((p) => [p, dotRow(shards.get(shardOf(p, size))!, p % size, query)]));
  }

  /**
   * The passages of an interview or topic, for asking within it: the scope table once (fetched on
   * the first scoped question only), and a topic's postings file when it is asked within. A scope
   * the archive does not hold, or an index built without scopes, is a ScopeError.
   */
  async resolveScope(scope: AskScope): Promise<ResolvedScope> {
    const pin = this.manifest?.scopes;
    if (!pin) throw new ScopeError('this site’s answer index was built without scopes, so questions can only be asked of the whole archive');
    const file = ASK_DIR + SCOPES_FILE;
    if (!this.scopes) {
      const loading = this.read(SCOPES_FILE, pin).then((bytes) => asFileError(file, () => parseScopeTable(bytes, file)));
      // A failed fetch is not kept: asking again tries again.
      loading.catch(() => {
        if (this.scopes === loading) this.scopes = undefined;
      });
      this.scopes = loading;
    }
    const found = findScope(await this.scopes, scope);
    const { count } = this.layout;
    if ('ranges' in found) return { ...scope, label: found.title, members: rangeMembers(count, found.ranges), count: found.ranges.reduce((n, [from, to]) => n + to - from, 0) };
    const bytes = await this.read(found.file.file, found.file);
    const positions = asFileError(ASK_DIR + found.file.file, () => decodePositions(bytes, ASK_DIR + found.file.file, count));
    return { ...scope, label: found.title, members: positionMembers(count, positions), count: positions.length };
  }

  /** Answers a question by meaning and keywords, in two passes (see the module comment); within `scope` when given. */
  async ask(question: string, queryVector: Float32Array, scope?: ResolvedScope): Promise<ShardedResult> {
    const manifest = this.manifest;
    if (!manifest || !this.coarse) throw new Error('this index was opened for keyword answers only');
    const declined = declineUnreadable(question, manifest.model.languages);
    if (declined) return { result: declined, passages: new Map() };
    const { calibration } = manifest;
    let mark = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    const keyword = await this.keywordIndex(question);
    const terms = lap();
    const scoring: ScoringIndex = { structure: this.structure, keyword, params: manifest.retrieval, ...(scope ? { members: scope.members } : {}) };
    const query = centerQuery(queryVector, calibration.centroid);
    const cosine = coarseScores(this.coarse, query);
    const first = scorePassages(scoring, calibration, question, cosine);
    // Within a scope, the archive's best are refined too: the scope's best is judged against them.
    const archiveBest = scope ? topBy(first.confidence, this.answerable(), REFINED_BY_CONFIDENCE) : [];
    const byOrder = topBy(first.order!, first.candidates, REFINED_IF_READ);
    const byConfidence = topBy(first.confidence, first.candidates, REFINED_BY_CONFIDENCE);
    const must = refineSet(this.structure, byOrder.slice(0, REFINED_BY_ORDER), byConfidence, archiveBest);
    const refined = alsoInShards(must, refineSet(this.structure, byOrder.slice(REFINED_BY_ORDER), []), manifest.passages.shardSize);
    const firstPass = lap();
    for (const [p, exact] of await this.exactScores(refined, query)) cosine[p] = exact;
    const vectors = lap();
    // The question's words score as before: only the refined passages' cosines changed.
    const chosen = chooseAnswers(scoring, calibration, question, scorePassages(scoring, calibration, question, cosine, true, first));
    const choose = lap();
    const resolved = await this.resolve(chosen, question, keyword);
    return { ...resolved, phases: { terms, firstPass, vectors, choose, passages: lap() } };
  }

  /**
   * Answers from keywords alone, for when the model or its vectors cannot load: the passages that
   * share the most weighted words with the question, best first; a decline when none shares any.
   * Interviewers' questions are context, never answers, and a question the model's languages
   * cannot read is declined, as by `ask`; with `scope`, only its passages answer.
   */
  async askByKeywords(question: string, scope?: ResolvedScope, max = 5): Promise<ShardedResult> {
    const declined = declineUnreadable(question, this.manifest?.model.languages);
    if (declined) return { result: declined, passages: new Map() };
    const keyword = await this.keywordIndex(question);
    const scores = keywordScores(keyword, question);
    const candidates: number[] = [];
    scores.forEach((score, i) => {
      if (score > 0 && !this.structure.isQuestion[i] && (!scope || scope.members[i])) candidates.push(i);
    });
    const ranking = topBy(scores, candidates, max);
    const chosen: ChosenAnswers = {
      abstained: ranking.length === 0,
      answers: ranking.map((i) => ({ passage: i, score: scores[i]! })),
      suggestions: [],
      confidence: ranking.length ? scores[ranking[0]!]! : 0,
    };
    return this.resolve(chosen, question, keyword);
  }

  private async resolve(chosen: ChosenAnswers, question: string, keyword: KeywordIndex): Promise<ShardedResult> {
    const passages = await this.passagesAt([...chosen.answers.flatMap(answerPositions), ...chosen.suggestions]);
    const kept = keepSuggestions(keepQuantities(chosen, question, (i) => passages.get(i)!.text), question, (i) => passages.get(i)!);
    return { result: markSentences(kept, question, keyword, (i) => passages.get(i)!.text), passages };
  }
}

/**
 * Reads every shard into one in-memory index, for exact search over every vector: what the two
 * passes are measured against (`npm run eval -- --exact`), never what readers are answered with.
 */
export async function openExactIndex(manifest: AskManifest, read: IndexReader): Promise<AskIndex> {
  const { count, shardSize, files } = manifest.passages;
  const { dims } = manifest.model;
  const shards = await Promise.all(
    files.map(async (pin, n) => {
      const file = ASK_DIR + pin.file;
      const rows = Math.min(shardSize, count - n * shardSize);
      const bytes = await read(pin.file, pin);
      const { texts, vectors } = asFileError(file, () => splitPassageShard(bytes, file));
      return { passages: parsePassageShard(await gunzip(texts, file), pin.file, rows), vectors: decodeVectorShard(vectors, pin.file, rows, dims) };
    }),
  );
  const vectors: QuantizedVectors = { count, dims, scales: new Float32Array(count), values: new Int8Array(count * dims) };
  shards.forEach((shard, n) => {
    vectors.scales.set(shard.vectors.scales, n * shardSize);
    vectors.values.set(shard.vectors.values, n * shardSize * dims);
  });
  return createAskIndex(shards.flatMap((shard) => shard.passages), vectors, manifest.retrieval, manifest.model.languages);
}

/**
 * `must`, with those of `more` whose vector shard holds one of `must` too (read anyway), in order:
 * what a second pass can score again without reading another file. Which files that is depends on
 * the question alone, never on what earlier questions read, so a question gets the same answers
 * whenever it is asked.
 */
export function alsoInShards(must: readonly number[], more: readonly number[], shardSize: number): number[] {
  const shards = new Set(must.map((p) => shardOf(p, shardSize)));
  const set = new Set(must);
  for (const p of more) if (shards.has(shardOf(p, shardSize))) set.add(p);
  return [...set].sort((a, b) => a - b);
}

/**
 * The passages a question's first pass sends to exact scoring: its best by order and by confidence
 * (REFINED_BY_ORDER and REFINED_BY_CONFIDENCE of them), any others given (`also`), the questions
 * they follow (an answer's score may be its question's), and the answers that follow any of those
 * questions (whose score may be the question's, now exact).
 */
export function refineSet(structure: PassageStructure, byOrder: readonly number[], byConfidence: readonly number[], also: readonly number[] = []): number[] {
  const set = new Set<number>([...byOrder, ...byConfidence, ...also]);
  for (const p of [...set]) if (structure.question[p]! >= 0) set.add(structure.question[p]!);
  for (const p of [...set]) {
    if (!structure.isQuestion[p]) continue;
    // The answers to a question follow it, before the next question.
    for (let next = p + 1; next < structure.question.length && next - p <= ANSWER_SCAN && !structure.isQuestion[next]; next++) {
      if (structure.question[next] === p) set.add(next);
    }
  }
  return [...set].sort((a, b) => a - b);
}

async function readStructure(manifest: AskManifest | undefined, read: IndexReader): Promise<{ layout: ShardLayout; structure: PassageStructure }> {
  const name = manifest?.structure.file ?? ASK_FILES.structure;
  const file = ASK_DIR + name;
  const bytes = await readCompressed(read, name, manifest?.structure, manifest === undefined);
  const opened = asFileError(file, () => decodeStructure(bytes, file));
  if (manifest && (opened.layout.count !== manifest.passages.count || opened.layout.termShards !== manifest.terms.files.length)) {
    throw new AskFileError(file, `${file} does not describe the ${manifest.passages.count} passages the manifest names; rebuild and redeploy the site`);
  }
  return opened;
}

/**
 * A file the build stored compressed (compression.ts), read through `read` (which checks its pin on
 * the stored bytes) and inflated. Without a manifest to say what the files are (`sniff`), one that
 * is not gzip is read as it is.
 */
async function readCompressed(read: IndexReader, name: string, pin: PinnedFile | undefined, sniff = false): Promise<Uint8Array> {
  const bytes = await read(name, pin);
  return sniff && !isGzip(bytes) ? bytes : gunzip(bytes, ASK_DIR + name);
}

function parsePassageShard(bytes: Uint8Array, name: string, count: number): AskPassage[] {
  const file = ASK_DIR + name;
  let parsed: AskPassagesFile;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes)) as AskPassagesFile;
  } catch (error) {
    throw new AskFileError(file, `${file} is damaged (not valid JSON: ${(error as Error).message}); rebuild and redeploy the site`);
  }
  if (!Array.isArray(parsed?.passages) || parsed.passages.length !== count) {
    throw new AskFileError(file, `${file} does not hold the ${count} passages the index names; rebuild and redeploy the site`);
  }
  return unpackPassages(parsed);
}

function decodeVectorShard(bytes: Uint8Array, name: string, rows: number, dims: number): QuantizedVectors {
  try {
    return decodeVectors(bytes, rows, dims);
  } catch (error) {
    throw new AskFileError(ASK_DIR + name, `${ASK_DIR}${name} is damaged (${(error as Error).message}); rebuild and redeploy the site`);
  }
}

function asFileError<T>(file: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw error instanceof AskFileError ? error : new AskFileError(file, (error as Error).message);
  }
}

function dotRow(vectors: QuantizedVectors, row: number, query: Float32Array): number {
  let sum = 0;
  const at = row * vectors.dims;
  for (let i = 0; i < vectors.dims; i++) sum += vectors.values[at + i]! * query[i]!;
  return sum * vectors.scales[row]!;
}

function cached<T>(map: Map<number, Promise<T>>, key: number, load: () => Promise<T>): Promise<T> {
  let hit = map.get(key);
  if (!hit) {
    hit = load();
    // A failed fetch is not kept: asking again tries again.
    hit.catch(() => map.delete(key));
    map.set(key, hit);
  }
  return hit;
}
