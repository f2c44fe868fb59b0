/**
 * What a topic page leads with when the topic runs across many interviews: from each interview the
 * one or two passages that say most about it (the topic's `lead` ranking, which `topics apply`
 * writes; otherwise the interview's first tagged passages), the interviews in the order they
 * were published, so that a reader can follow the thread. The rest of the passages are a click away.
 */
import type { InterviewGroup, Topic } from '../archive.ts';
import type { Passage } from '../passages.ts';

/** A topic with at most this many passages shows them all on its page, with nothing to lead with. */
export const LEAD_ABOVE = 24;

/** How many passages of one interview a topic page leads with. */
export const LEAD_PER_INTERVIEW = 2;

/**
 * About how many bytes of quotes a topic page leads with: half a page of passages (PAGE_BYTES),
 * still some 35,000 words, two from each of a hundred interviews; a topic across more leads with one
 * from each, then with the interviews whose passage says most. Every passage is a line in the list
 * under all/.
 */
export const LEAD_BYTES = 250_000;

/** Whether a topic's page leads with a selection (and lists every passage on pages of their own). */
export function hasLead(groups: readonly InterviewGroup[]): boolean {
  return groups.reduce((n, g) => n + g.passages.length, 0) > LEAD_ABOVE;
}

/**
 * The lead of a topic page: per interview, its best `perInterview` passages (ranked by the
 * topic's lead list, then in reading order), shown in reading order; interviews oldest first,
 * undated last. If that would pass `budget` bytes as `size` estimates, one per interview; if still
 * too much, the interviews whose best passage ranks highest, as many as fit.
 */
export function leadGroups(
  topic: Pick<Topic, 'lead'>,
  groups: readonly InterviewGroup[],
  size: (p: Passage) => number,
  budget: number,
  perInterview = LEAD_PER_INTERVIEW,
): InterviewGroup[] {
  const rank = new Map((topic.lead ?? []).map((id, i) => [id, i]));
  const unranked = rank.size;
  const pick = (n: number) =>
    groups.map((group) => {
      const best = group.passages
        .map((p, i) => ({ p, key: rank.get(p.id) ?? unranked + i }))
        .sort((a, b) => a.key - b.key)
        .slice(0, n);
      return {
        group: { interview: group.interview, passages: best.map((b) => b.p).sort((a, b) => a.index - b.index) },
        best: best[0]?.key ?? Infinity,
        bytes: best.reduce((sum, b) => sum + size(b.p), 0),
      };
    });
  let chosen = pick(perInterview);
  if (chosen.reduce((sum, c) => sum + c.bytes, 0) > budget) chosen = pick(1);
  if (chosen.reduce((sum, c) => sum + c.bytes, 0) > budget) {
    let used = 0;
    chosen = [...chosen].sort((a, b) => a.best - b.best).filter((c) => (used += c.bytes) <= budget || used === c.bytes);
  }
  const time = (g: InterviewGroup) => (g.interview.published === 'undated' ? Infinity : g.interview.published.getTime());
  return chosen
    .map((c) => c.group)
    .filter((g) => g.passages.length > 0)
    .sort((a, b) => time(a) - time(b) || a.interview.title.localeCompare(b.interview.title));
}

/**
 * The few of a person's passages on a topic that their page shows under it (the rest are on the
 * topic's page): the best by the topic's lead ranking, then in reading order, one from each
 * interview, so that a host heard in 155 interviews is not shown three turns of one; a second
 * from an interview only when fewer interviews than `n` hold them. Best first.
 */
export function featuredPassages(topic: Pick<Topic, 'lead'>, passages: readonly Passage[], n: number): Passage[] {
  const rank = new Map((topic.lead ?? []).map((id, i) => [id, i]));
  const ordered = passages.map((p, i) => ({ p, key: rank.get(p.id) ?? rank.size + i })).sort((a, b) => a.key - b.key);
  const seen = new Set<string>();
  const first: Passage[] = [];
  const again: Passage[] = [];
  for (const { p } of ordered) {
    if (seen.has(p.interview)) again.push(p);
    else {
      seen.add(p.interview);
      first.push(p);
    }
  }
  return [...first, ...again].slice(0, n);
}
