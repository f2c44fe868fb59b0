/**
 * Person and topic pages in pages: a host's page can gather fifteen thousand passages, and a page
 * of HTML should stay well under 1 MB. Passages keep their order; an interview whose passages run
 * over a page boundary continues, under its heading again, on the next page.
 */
import type { Archive, InterviewGroup } from './archive.ts';
import type { Passage } from './passages.ts';
import { withBase } from './passage-record.ts';
import { textOpening } from './related.ts';

/** Estimated bytes of quotes per page: with the layout, a page stays near 600 KB of HTML. */
export const PAGE_BYTES = 500_000;

/** The markup around one quote (figure, attribution, links) in bytes, measured on built pages. */
const QUOTE_MARKUP = 700;

const utf8 = new TextEncoder();

/** About how many bytes a quote takes on a page: its text, the question it may show, its markup. */
export function quoteBytes(passage: Passage, question: Passage | undefined): number {
  return utf8.encode(passage.text).length + (passage.label?.length ?? 0) + (question ? utf8.encode(question.text).length : 0) + QUOTE_MARKUP;
}

/** How many words of a passage a line of a list of passages shows (PassageList, PersonTopics, a topic's Markdown). */
export const OPENING_WORDS = 20;

/** The markup around one line of a list of passages (PassageList: item, link, speaker), in bytes. */
const LIST_ENTRY_MARKUP = 260;

/** About how many bytes a passage takes as one line of a list of passages: its opening words and markup. */
export function listEntryBytes(passage: Passage): number {
  return utf8.encode(textOpening(passage.text, OPENING_WORDS).text).length + LIST_ENTRY_MARKUP;
}

/**
 * Cuts interview groups into pages of about `budget` bytes as `size` estimates each passage
 * (at least one passage a page); always at least one page, empty when there are no passages.
 */
export function pageGroups(groups: readonly InterviewGroup[], size: (p: Passage) => number, budget = PAGE_BYTES): InterviewGroup[][] {
  const pages: InterviewGroup[][] = [[]];
  let used = 0;
  for (const { interview, passages } of groups) {
    let current: InterviewGroup | undefined;
    for (const passage of passages) {
      const bytes = size(passage);
      if (used > 0 && used + bytes > budget) {
        pages.push([]);
        used = 0;
        current = undefined;
      }
      if (!current) {
        current = { interview, passages: [] };
        pages.at(-1)!.push(current);
      }
      current.passages.push(passage);
      used += bytes;
    }
  }
  return pages;
}

/** The site path of page `n` (from 1) of a person's or topic's passages: `<base>people/<id>/`, then `<base>people/<id>/2/`. */
export function pagePath(base: string, section: 'people' | 'topics', id: string, n: number): string {
  return withBase(base, n === 1 ? `${section}/${id}/` : `${section}/${id}/${n}/`);
}

/** The route parameter of page `n`: none for the first page, its number for the others. */
export function pageParam(n: number): string | undefined {
  return n === 1 ? undefined : String(n);
}

/** For each interview, the first page that holds its passages. */
export function firstPages(pages: readonly InterviewGroup[][]): Map<string, number> {
  const first = new Map<string, number>();
  pages.forEach((page, i) => {
    for (const { interview } of page) if (!first.has(interview.slug)) first.set(interview.slug, i + 1);
  });
  return first;
}

const sizers = new WeakMap<Archive, (p: Passage) => number>();

/** Estimates a quote's bytes on a page of this archive (quoteBytes), finding each answer's question once; one sizer per archive. */
export function quoteSizer(archive: Archive): (p: Passage) => number {
  let sizer = sizers.get(archive);
  if (!sizer) sizers.set(archive, (sizer = newQuoteSizer(archive)));
  return sizer;
}

function newQuoteSizer(archive: Archive): (p: Passage) => number {
  const byAnchor = new Map<string, Map<string, Passage>>();
  const question = (p: Passage) => {
    if (!p.question) return undefined;
    let anchors = byAnchor.get(p.interview);
    if (!anchors) byAnchor.set(p.interview, (anchors = new Map(archive.interview(p.interview).passages.map((q) => [q.anchor, q]))));
    return anchors.get(p.question);
  };
  return (p) => quoteBytes(p, question(p));
}

/** One page of a person's or topic's passages, with what every page shares. */
export interface PassagePage {
  /** This page, from 1. */
  n: number;
  groups: InterviewGroup[];
  pages: number;
  total: { passages: number; interviews: number };
  /** For the summary on the first page of several: each interview, its passages and its first page. */
  summary: { interview: InterviewGroup['interview']; count: number; page: number }[];
}

/**
 * A person's or topic's passages as pages, for getStaticPaths, each passage taking the bytes `size`
 * estimates (quoted whole by default).
 */
export function passagePages(archive: Archive, groups: readonly InterviewGroup[], size: (p: Passage) => number = quoteSizer(archive)): PassagePage[] {
  const pages = pageGroups(groups, size);
  const first = firstPages(pages);
  const total = { passages: groups.reduce((n, g) => n + g.passages.length, 0), interviews: groups.length };
  const summary = groups.map((g) => ({ interview: g.interview, count: g.passages.length, page: first.get(g.interview.slug) ?? 1 }));
  return pages.map((page, i) => ({ n: i + 1, groups: page, pages: pages.length, total, summary }));
}
