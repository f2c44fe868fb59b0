/**
 * How coherent suggested topics are, measured on their own embeddings: how often a topic's passage
 * is nearer its own topic's centroid than any other topic's, and how often its nearest passage in
 * another interview belongs to the same topic (against what chance would give).
 */
import { dotRows, seededRandom, type VectorMatrix } from './kmeans.ts';
import type { SuggestedTopic, TopicPassage } from './suggest.ts';

/** The centroid measure over every member of every topic. */
export interface Coherence {
  /** Members counted (a passage in two topics counts twice). */
  members: number;
  /** Share of members nearer their own topic's centroid than any other's. */
  ownCentroid: number;
  /** Mean cosine to the own centroid less the cosine to the nearest other centroid. */
  margin: number;
}

/** The centroid measure: members x topics products, linear in the archive. */
export function topicCoherence(topics: readonly SuggestedTopic[], passages: readonly TopicPassage[], vectors: VectorMatrix): Coherence {
  const { dims } = vectors;
  const rowOf = new Map(passages.map((p, row) => [p.id, row]));
  const centroids = new Float32Array(topics.length * dims);
  topics.forEach((t, i) => centroids.set(t.centroid, i * dims));
  let members = 0;
  let own = 0;
  let margin = 0;
  topics.forEach((topic, ti) => {
    for (const m of topic.members) {
      const row = rowOf.get(m.id)!;
      let other = -Infinity;
      for (let c = 0; c < topics.length; c++) {
        if (c === ti) continue;
        other = Math.max(other, dotRows(vectors.data, row, centroids, c, dims));
      }
      const mine = dotRows(vectors.data, row, centroids, ti, dims);
      members++;
      if (mine > other) own++;
      margin += mine - (Number.isFinite(other) ? other : 0);
    }
  });
  return { members, ownCentroid: members ? own / members : 0, margin: members ? margin / members : 0 };
}

/** The neighbour measure on a sample of members. */
export interface NeighbourAgreement {
  sampled: number;
  /** Share of sampled members whose nearest member from another interview is in the same topic. */
  sameTopic: number;
  /** What a random assignment of the same topic sizes would give. */
  chance: number;
}

/**
 * For `sample` members drawn at random: is the nearest member of any topic, from another interview
 * (so that a conversation's own neighbouring turns do not count), in the same topic? Costs
 * sample x members products.
 */
export function neighbourAgreement(topics: readonly SuggestedTopic[], passages: readonly TopicPassage[], vectors: VectorMatrix, sample = 400, seed = 3): NeighbourAgreement {
  const rowOf = new Map(passages.map((p, row) => [p.id, row]));
  const all: { row: number; topic: number; interview: string }[] = [];
  topics.forEach((t, ti) => t.members.forEach((m) => all.push({ row: rowOf.get(m.id)!, topic: ti, interview: m.interview })));
  if (all.length === 0) return { sampled: 0, sameTopic: 0, chance: 0 };
  const random = seededRandom(seed);
  let same = 0;
  const n = Math.min(sample, all.length);
  for (let s = 0; s < n; s++) {
    const probe = all[Math.floor(random() * all.length)]!;
    let best = -Infinity;
    let bestTopic = -1;
    for (const other of all) {
      if (other.interview === probe.interview) continue;
      const sim = dotRows(vectors.data, probe.row, vectors.data, other.row, vectors.dims);
      if (sim > best) {
        best = sim;
        bestTopic = other.topic;
      }
    }
    if (bestTopic === probe.topic) same++;
  }
  const chance = topics.reduce((sum, t) => sum + (t.members.length / all.length) ** 2, 0);
  return { sampled: n, sameTopic: same / n, chance };
}
