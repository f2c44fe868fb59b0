/**
 * One round of suggestion against the review file of the rounds before: every topic and passage
 * decision in it is kept, a topic marked `split` is cut, a fresh cluster that is mostly a topic
 * already reviewed only adds to it its passages from interviews the review did not cover (as
 * proposed; none to a dropped topic), and
 * a fresh cluster of passages nobody has reviewed becomes a new proposed topic. A fresh cluster
 * is a reviewed topic when it shares enough of its passages, or is centred where that topic is.
 */
import { dotRows, pickRows, sphericalKMeans, type VectorMatrix } from './kmeans.ts';
import { distinctiveTerms, nameTopics, titleKey, type Tokenizer } from './naming.ts';
import { excerpt, type Review, type ReviewPassage, type ReviewTopic } from './review.ts';
import { centroidOf, type SuggestedTopic, type TopicPassage } from './suggest.ts';
import { describeTopic } from './describe.ts';

/** Share of a fresh cluster's passages that must already be listed under one reviewed topic for the cluster to be that topic. */
export const SAME_TOPIC_SHARE = 0.3;

/** A fresh cluster whose centroid is at least this similar to a reviewed topic's (its listed passages' mean) is that topic too. */
export const SAME_TOPIC_SIMILARITY = 0.75;

/** What a round needs: the archive's topic passages and their vectors, the fresh suggestions, the previous review, and every passage's text by id. */
export interface Round {
  passages: readonly TopicPassage[];
  vectors: VectorMatrix;
  tokenizer: Tokenizer;
  fresh: readonly SuggestedTopic[];
  previous?: Review;
  textOf: (id: string) => string | undefined;
}

/** The review after a round, and what changed. */
export interface RoundResult {
  review: Review;
  /** Topics carried over from the previous review (split ones count as their parts). */
  kept: number;
  /** Topics new in this round. */
  proposed: number;
  /** Passages added as proposed to topics reviewed before. */
  newPassages: number;
}

/** Merges fresh suggestions into the previous review; see the module comment. */
export function nextReview(round: Round): RoundResult {
  const { passages, textOf } = round;
  const elementOf = new Map(passages.map((p) => [p.id, p.element]));
  const element = (id: string) => elementOf.get(id) ?? id;
  const listed = (id: string): ReviewPassage => ({ id, decision: 'proposed', excerpt: excerpt(textOf(id) ?? '') });

  const previous: ReviewTopic[] = [];
  for (const topic of round.previous?.topics ?? []) {
    if (topic.split) {
      const all = [...previous, ...round.previous!.topics];
      previous.push(...splitTopic(topic, round, { ids: new Set(all.map((t) => t.id)), titles: new Set(all.map((t) => titleKey(t.title))) }));
    }
    else previous.push({ ...topic, passages: topic.passages.map((p) => ({ ...p, excerpt: excerpt(textOf(p.id) ?? '') })) });
  }
  const kept = previous.length;
  const where = new Map<string, number[]>();
  previous.forEach((t, i) => {
    for (const p of t.passages) {
      const e = element(p.id);
      where.set(e, [...(where.get(e) ?? []), i]);
    }
  });

  const rowOf = new Map(passages.map((p, row) => [p.id, row]));
  const centroids = previous.map((t) => {
    const rows = t.passages.filter((p) => p.decision !== 'reject' && rowOf.has(p.id)).map((p) => rowOf.get(p.id)!);
    return rows.length > 0 ? centroidOf(round.vectors, rows) : undefined;
  });
  const interviewOf = (id: string) => id.split('#')[0]!;
  const reviewedInterviews = new Set(previous.flatMap((t) => t.passages.map((p) => interviewOf(p.id))));
  const taken = new Set(previous.map((t) => t.id));
  const added: ReviewTopic[] = [];
  let newPassages = 0;
  for (const topic of round.fresh) {
    const ids = bestPerElement(topic, element);
    const overlap = new Map<number, number>();
    let reviewed = 0;
    for (const id of ids) {
      const found = where.get(element(id));
      if (!found) continue;
      reviewed++;
      for (const i of found) overlap.set(i, (overlap.get(i) ?? 0) + 1);
    }
    let [best, shared] = [...overlap].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [-1, 0];
    if (best < 0 || shared < SAME_TOPIC_SHARE * ids.length) {
      // Few passages in common (a topic keeps only a cluster's central half): compare where they are centred.
      best = -1;
      let closest = SAME_TOPIC_SIMILARITY;
      centroids.forEach((c, i) => {
        const sim = c ? dotRows(topic.centroid, 0, c, 0, c.length) : -1;
        if (sim >= closest) [best, closest] = [i, sim];
      });
    }
    if (best >= 0) {
      const into = previous[best]!;
      if (into.decision === 'drop') continue;
      for (const id of ids) {
        // An interview the review already covers was reviewed: only new interviews add passages to a reviewed topic.
        if (where.has(element(id)) || reviewedInterviews.has(interviewOf(id))) continue;
        into.passages.push(listed(id));
        where.set(element(id), [best]);
        newPassages++;
      }
      continue;
    }
    // Mostly passages already reviewed under several topics: nothing new to propose.
    if (reviewed >= 0.5 * ids.length) continue;
    let id = topic.id;
    for (let n = 2; taken.has(id); n++) id = `${topic.id}-${n}`;
    taken.add(id);
    added.push({
      id,
      decision: 'proposed',
      title: topic.title,
      description: topic.description,
      keywords: topic.terms,
      interviews: topic.interviews,
      passages: ids.map(listed),
    });
  }
  for (const t of previous) t.interviews = new Set(t.passages.filter((p) => p.decision !== 'reject').map((p) => p.id.split('#')[0])).size;
  return { review: { topics: [...previous, ...added] }, kept, proposed: added.length, newPassages };
}

/** A topic's members as passage ids, one per element (its most central part), best first. */
function bestPerElement(topic: SuggestedTopic, element: (id: string) => string): string[] {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const m of topic.members) {
    const e = element(m.id);
    if (seen.has(e)) continue;
    seen.add(e);
    ids.push(m.id);
  }
  return ids;
}

/**
 * Cuts a topic marked `split: n` into n proposed topics by k-means over its passages' vectors,
 * each named against the others and keeping every passage's decision. Passages the archive no
 * longer has, or that have no vector, go with the first part.
 */
function splitTopic(topic: ReviewTopic, round: Round, taken: { ids: Set<string>; titles: Set<string> }): ReviewTopic[] {
  const rowOf = new Map(round.passages.map((p, row) => [p.id, row]));
  const known = topic.passages.filter((p) => rowOf.has(p.id));
  if (known.length < topic.split! * 2) {
    const { split: _, ...rest } = topic;
    return [rest];
  }
  const rows = known.map((p) => rowOf.get(p.id)!);
  const sub = pickRows(round.vectors, rows);
  const { assignment } = sphericalKMeans(sub, topic.split!, { seed: 7 });
  const parts = Array.from({ length: topic.split! }, () => [] as number[]);
  assignment.forEach((c, i) => parts[c]!.push(i));
  const nonEmpty = parts.filter((p) => p.length > 0);
  const groups = nonEmpty.map((part) => ({ passages: part.map((i) => ({ ...round.tokenizer.cut(round.passages[rows[i]!]!.text), interview: round.passages[rows[i]!]!.interview })) }));
  const named = distinctiveTerms(groups, round.tokenizer);
  const names = nameTopics(named, groups, taken);
  const unknown = topic.passages.filter((p) => !rowOf.has(p.id));
  return nonEmpty.map((part, n) => {
    const centroid = centroidOf(sub, part);
    const ordered = part.map((i) => ({ i, sim: dotRows(sub.data, i, centroid, 0, sub.dims) })).sort((a, b) => b.sim - a.sim);
    return {
      id: names[n]!.id,
      decision: 'proposed',
      title: names[n]!.title,
      description: describeTopic(ordered.map(({ i }) => round.passages[rows[i]!]!.text), named[n]!).text,
      keywords: named[n]!.map((t) => t.word),
      interviews: new Set(part.map((i) => round.passages[rows[i]!]!.interview)).size,
      passages: [...ordered.map(({ i }) => known[i]!), ...(n === 0 ? unknown : [])],
    } satisfies ReviewTopic;
  });
}
