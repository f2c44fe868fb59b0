/**
 * Topics suggested from an archive's own passages: their embeddings clustered by spherical k-means
 * (k from the archive's size), clusters whose centroids nearly coincide merged, clusters that live
 * in one or two interviews dropped, each named by its distinguishing keywords, described by the
 * sentences of a central passage that hold most of them, and listing its passages best (most central) first.
 * Linear in the passages: k-means costs passages x k, merging and naming k x k.
 */
import { dotRows, twoLevelKMeans, type VectorMatrix } from './kmeans.ts';
import { describeTopic } from './describe.ts';
import { distinctiveTerms, idFromTerms, nameTopics, titleFromTerms, titleKey, type GroupTerm, type TermGroup, type Tokenizer } from './naming.ts';

/** A passage as suggestion needs it: where it is, what it says, and which element (turn) holds it. */
export interface TopicPassage {
  /** `<interview>#<anchor>`. */
  id: string;
  interview: string;
  /** `<interview>#<anchor of the element's first passage>`: what a topic tag is written on. */
  element: string;
  speaker: string;
  /** How far into its interview it comes, from 0 (the first passage) to 1 (the last). */
  position: number;
  text: string;
}

/** One passage of a suggested topic, with its cosine to the topic's centroid. */
export interface TopicMember {
  id: string;
  element: string;
  interview: string;
  similarity: number;
}

/** A suggested topic. */
export interface SuggestedTopic {
  id: string;
  title: string;
  /** Its distinguishing keywords, as readers would write them, most distinctive first. */
  terms: string[];
  /** Whole sentences of one of its most central passages, verbatim: those that hold most of its keywords (describeTopic). */
  description: string;
  /** The passage the description is taken from. */
  describedBy: string;
  /** How many interviews its passages come from. */
  interviews: number;
  /** Best (most central) first. */
  members: TopicMember[];
  /** Unit centroid of its members. */
  centroid: Float32Array;
}

/** How suggestion is tuned; every default was measured on the real archive (topics-report.md). */
export interface SuggestOptions {
  /** Clusters before merging; by default clusterCount of the passages. */
  k?: number;
  /** Two clusters whose centroids are at least this similar become one. */
  mergeAt?: number;
  /** Fewest interviews a topic must span. */
  minInterviews?: number;
  /** A topic whose two largest interviews hold this share of its passages lives in them, and is dropped. */
  maxTwoInterviewShare?: number;
  /** A passage joins its cluster's topic only when at least this similar to its centroid. */
  minSimilarity?: number;
  /**
   * The share of a cluster's passages, the most central, that its topic keeps: k-means puts every
   * passage somewhere, and the far half of a cluster is mostly passages that belong nowhere.
   */
  memberShare?: number;
  /** A topic with this share of its passages in the first or last 4% of their interviews is a show's greeting or sign-off, and is dropped. */
  maxEdgeShare?: number;
  seed?: number;
  /** Titles already given (an earlier review's topics): no suggestion is given one of them again. */
  takenTitles?: readonly string[];
  onProgress?: (step: string, done: number, total: number) => void;
}

/** Defaults of SuggestOptions. */
export const SUGGEST_DEFAULTS = {
  mergeAt: 0.9,
  minInterviews: 3,
  maxTwoInterviewShare: 0.8,
  minSimilarity: 0.45,
  memberShare: 0.5,
  maxEdgeShare: 0.3,
  seed: 1,
} as const;

/**
 * How many clusters k-means looks for in `passages` passages, before merging: sqrt(passages / 2),
 * so 6 for 72 passages, 61 for 35 episodes (7,380 passages), 172 for 311 (58,912).
 */
export function clusterCount(passages: number): number {
  return Math.max(2, Math.min(600, Math.round(Math.sqrt(passages / 2))));
}

/**
 * Suggests topics from passages and their unit embeddings (row i of `vectors` is passage i).
 * Topics come best first: the most interviews, then the most passages.
 */
export function suggestTopics(passages: readonly TopicPassage[], vectors: VectorMatrix, tokenizer: Tokenizer, options: SuggestOptions = {}): SuggestedTopic[] {
  const o = { ...SUGGEST_DEFAULTS, ...options };
  if (passages.length !== vectors.rows) throw new Error(`suggestTopics: ${passages.length} passages but ${vectors.rows} vectors`);
  if (passages.length === 0) return [];
  const k = o.k ?? clusterCount(passages.length);
  const assignment = twoLevelKMeans(vectors, k, { seed: o.seed }, (done, total) => o.onProgress?.('clustering (coarse clusters cut)', done, total));

  // Merge clusters whose centroids nearly coincide (k x k, never passage x passage).
  const groups = mergeClusters(vectors, assignment, o.mergeAt);
  const { dims } = vectors;
  const topics: Omit<SuggestedTopic, 'id' | 'title' | 'terms' | 'description' | 'describedBy'>[] = [];
  for (const rows of groups) {
    const centroid = centroidOf(vectors, rows);
    const members = rows
      .map((row) => ({ row, similarity: dotRows(vectors.data, row, centroid, 0, dims) }))
      .filter((m) => m.similarity >= o.minSimilarity)
      .sort((a, b) => b.similarity - a.similarity || a.row - b.row)
      .slice(0, Math.ceil(rows.length * o.memberShare));
    const perInterview = new Map<string, number>();
    for (const { row } of members) perInterview.set(passages[row]!.interview, (perInterview.get(passages[row]!.interview) ?? 0) + 1);
    const sizes = [...perInterview.values()].sort((a, b) => b - a);
    const topTwo = (sizes[0] ?? 0) + (sizes[1] ?? 0);
    if (members.length === 0) continue;
    // A show's greeting, sign-off and sponsor lines recur in every episode, at its start or end: not a topic.
    const edge = members.filter(({ row }) => passages[row]!.position < 0.04 || passages[row]!.position > 0.96).length / members.length;
    if (perInterview.size < o.minInterviews || topTwo >= o.maxTwoInterviewShare * members.length || edge >= o.maxEdgeShare) continue;
    topics.push({
      interviews: perInterview.size,
      members: members.map(({ row, similarity }) => ({ id: passages[row]!.id, element: passages[row]!.element, interview: passages[row]!.interview, similarity })),
      centroid,
    });
  }
  o.onProgress?.('naming topics', 0, topics.length);
  const byId = new Map(passages.map((p, row) => [p.id, row]));
  const termGroups = topics.map((t) => ({
    passages: t.members.map((m) => ({ ...tokenizer.cut(passages[byId.get(m.id)!]!.text), interview: m.interview })),
  }));
  let named = distinctiveTerms(termGroups, tokenizer);
  // Merging renames every topic (the keywords are weighed against all the others): again, until none share a title.
  for (let round = 0; round < 5 && mergeSameTitled(topics, termGroups, named, vectors, byId); round++) named = distinctiveTerms(termGroups, tokenizer);
  // Listed most interviews first, then most passages (ties by the keywords): a title that would
  // repeat another's is made again for the topic listed later.
  const order = topics
    .map((_, i) => ({ i, key: idFromTerms(named[i]!, new Set(), termGroups[i]) }))
    .sort((a, b) => topics[b.i]!.interviews - topics[a.i]!.interviews || topics[b.i]!.members.length - topics[a.i]!.members.length || a.key.localeCompare(b.key))
    .map(({ i }) => i);
  const names = nameTopics(order.map((i) => named[i]!), order.map((i) => termGroups[i]), { ids: new Set(), titles: new Set((o.takenTitles ?? []).map(titleKey)) });
  const result = order.map((i, n): SuggestedTopic => {
    const t = topics[i]!;
    const terms: GroupTerm[] = named[i]!;
    const described = describeTopic(t.members.map((m) => passages[byId.get(m.id)!]!.text), terms);
    return { ...names[n]!, terms: terms.map((x) => x.word), description: described.text, describedBy: t.members[described.from]!.id, ...t };
  });
  o.onProgress?.('naming topics', topics.length, topics.length);
  return result;
}

/**
 * Two clusters whose keywords give one title (titleKey) are one subject that k-means cut in two
 * (the real archive's "Women, men and gender", twice): each such set becomes its largest topic,
 * its members ranked again by their cosine to the new centroid. Changes `topics` and `groups` in
 * place (one group per topic); returns whether any merged.
 */
function mergeSameTitled(
  topics: Omit<SuggestedTopic, 'id' | 'title' | 'terms' | 'description' | 'describedBy'>[],
  groups: { passages: TermGroup['passages'][number][] }[],
  named: readonly GroupTerm[][],
  vectors: VectorMatrix,
  rowOf: ReadonlyMap<string, number>,
): boolean {
  const byTitle = new Map<string, number[]>();
  topics.forEach((_, i) => {
    const key = titleKey(titleFromTerms(named[i]!, groups[i]));
    byTitle.set(key, [...(byTitle.get(key) ?? []), i]);
  });
  const gone = new Set<number>();
  for (const same of byTitle.values()) {
    if (same.length < 2) continue;
    const [into, ...rest] = same.sort((a, b) => topics[b]!.members.length - topics[a]!.members.length || a - b);
    const both = [into!, ...rest].flatMap((i) => topics[i]!.members.map((m, n) => ({ m, passage: groups[i]!.passages[n]! })));
    const topic = topics[into!]!;
    topic.centroid = centroidOf(vectors, both.map(({ m }) => rowOf.get(m.id)!));
    // A stable sort: equal cosines keep the order the clusters listed them in.
    const ranked = both
      .map(({ m, passage }) => ({ m: { ...m, similarity: dotRows(vectors.data, rowOf.get(m.id)!, topic.centroid, 0, vectors.dims) }, passage }))
      .sort((a, b) => b.m.similarity - a.m.similarity);
    topic.members = ranked.map(({ m }) => m);
    topic.interviews = new Set(topic.members.map((m) => m.interview)).size;
    groups[into!]!.passages = ranked.map(({ passage }) => passage);
    for (const i of rest) gone.add(i);
  }
  if (gone.size === 0) return false;
  const kept = topics.map((_, i) => i).filter((i) => !gone.has(i));
  topics.splice(0, topics.length, ...kept.map((i) => topics[i]!));
  groups.splice(0, groups.length, ...kept.map((i) => groups[i]!));
  return true;
}

/**
 * Clusters merged while the two nearest centroids are at least `mergeAt` similar; a merged
 * centroid is its clusters' size-weighted mean, renormalised. Returns the rows of each group.
 */
export function mergeClusters(vectors: VectorMatrix, assignment: Int32Array, mergeAt: number): number[][] {
  const { dims } = vectors;
  const k = assignment.reduce((max, c) => Math.max(max, c + 1), 0);
  const members: number[][] = Array.from({ length: k }, () => []);
  assignment.forEach((c, row) => members[c]!.push(row));
  const live = members.map((m) => m.length > 0);
  const data = new Float32Array(k * dims);
  members.forEach((rows, c) => data.set(centroidOf(vectors, rows), c * dims));
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | undefined;
    for (let a = 0; a < k; a++) {
      if (!live[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!live[b]) continue;
        const sim = dotRows(data, a, data, b, dims);
        if (sim > best) {
          best = sim;
          pair = [a, b];
        }
      }
    }
    if (!pair || best < mergeAt) break;
    const [a, b] = pair;
    const na = members[a]!.length;
    const nb = members[b]!.length;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = data[a * dims + d]! * na + data[b * dims + d]! * nb;
      data[a * dims + d] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) data[a * dims + d]! /= norm;
    members[a]!.push(...members[b]!);
    members[b] = [];
    live[b] = false;
  }
  return members.filter((m, c) => live[c] && m.length > 0);
}

/** The unit mean of some rows. */
export function centroidOf(vectors: VectorMatrix, rows: readonly number[]): Float32Array {
  const { dims, data } = vectors;
  const sum = new Float32Array(dims);
  for (const row of rows) for (let d = 0; d < dims; d++) sum[d]! += data[row * dims + d]!;
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += sum[d]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; d++) sum[d]! /= norm;
  return sum;
}
