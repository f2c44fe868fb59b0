/**
 * Scoped questions: a question asked of one interview or one topic instead of the whole archive.
 * Written `interview:<slug>` or `topic:<id>` in the URL (`/ask/?q=...&in=interview:<slug>`) and on
 * the command line (`--in interview:<slug>`). The index ships what tests membership cheaply:
 * passages are in interview order, so an interview is a range of positions (or a few, for passages
 * given out of order); a topic is a list of
 * positions in a file of its own, fetched only when a question is asked within it (`ask/scopes.json`
 * names them all, pinned by the manifest, and pins each topic's file).
 */
import type { PinnedFile } from './manifest.ts';

/** What a question may be asked within. */
export type ScopeKind = 'interview' | 'topic';

/** A scope as a page or a command names it: its kind and the interview's slug or the topic's id. */
export type AskScope = { kind: ScopeKind; id: string };

/** A scope with the title it is shown by, as a page or an answer names it. */
export type LabelledScope = AskScope & { label: string };

/** `ask/scopes.json`: every interview's range of positions, and every topic's postings file. */
export type ScopeTable = {
  /** Interviews in index order, each its runs of positions `[from, to)`: one run when its passages are consecutive, as a site's are. */
  interviews: { id: string; title: string; ranges: [number, number][] }[];
  /** Topics by id, each with how many passages it holds and the file listing them (scopeFile). */
  topics: { id: string; title: string; count: number; file: PinnedFile }[];
};

/** A scope resolved against an index: its title and which passages are in it (1 = in). */
export type ResolvedScope = LabelledScope & { members: Uint8Array; count: number };

/** A scope that names no interview or topic of this archive, or is not written as one: said politely, never a crash. */
export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

/** The file name, inside ask/, of the postings of the n-th topic of the scope table. */
export function scopeFile(n: number): string {
  return `scopes/${String(n).padStart(4, '0')}.bin`;
}

/** Whether a path inside ask/ is a scope file (what a dev server serves there besides the shards). */
export function isScopeFile(file: string): boolean {
  return file === SCOPES_FILE || /^scopes\/\d{4,}\.bin$/.test(file);
}

/** The scope table's file name inside ask/. */
export const SCOPES_FILE = 'scopes.json';

/** `interview:<slug>` or `topic:<id>`: how a scope is written in a URL and on the command line. */
export function formatScope(scope: AskScope): string {
  return `${scope.kind}:${scope.id}`;
}

/**
 * Reads a written scope: undefined for none (absent or empty: the whole archive); a ScopeError,
 * saying what is expected, for anything else that is not `interview:<slug>` or `topic:<id>`.
 */
export function parseScope(written: string | null | undefined): AskScope | undefined {
  const text = (written ?? '').trim();
  if (!text) return undefined;
  const match = /^(interview|topic):(\S+)$/.exec(text);
  if (!match) throw new ScopeError(`“${text}” is not a scope this archive knows: expected interview:<slug> or topic:<id>`);
  return { kind: match[1] as ScopeKind, id: match[2]! };
}

/** What the scope table needs of each index passage, in index order. */
export type ScopeSource = { interview: string; interviewTitle: string; topics: readonly string[]; topicTitles: readonly string[] };

/** The interviews' runs of positions and the topics' positions of index passages. */
export function passageScopes(passages: readonly ScopeSource[]): { interviews: ScopeTable['interviews']; topics: { id: string; title: string; positions: number[] }[] } {
  const interviews = new Map<string, ScopeTable['interviews'][number]>();
  const topics = new Map<string, { id: string; title: string; positions: number[] }>();
  passages.forEach((p, i) => {
    let interview = interviews.get(p.interview);
    if (!interview) interviews.set(p.interview, (interview = { id: p.interview, title: p.interviewTitle, ranges: [] }));
    const run = interview.ranges.at(-1);
    if (run && run[1] === i) run[1] = i + 1;
    else interview.ranges.push([i, i + 1]);
    p.topics.forEach((id, k) => {
      let topic = topics.get(id);
      if (!topic) topics.set(id, (topic = { id, title: p.topicTitles[k] ?? id, positions: [] }));
      topic.positions.push(i);
    });
  });
  return { interviews: [...interviews.values()], topics: [...topics.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/** The members of an interview's runs, as a membership array over `count` passages. */
export function rangeMembers(count: number, ranges: readonly (readonly [number, number])[]): Uint8Array {
  const members = new Uint8Array(count);
  for (const [from, to] of ranges) members.fill(1, from, to);
  return members;
}

/** The members at some positions, as a membership array over `count` passages. */
export function positionMembers(count: number, positions: ArrayLike<number>): Uint8Array {
  const members = new Uint8Array(count);
  for (let k = 0; k < positions.length; k++) members[positions[k]!] = 1;
  return members;
}

/** Finds a scope in the table, or throws a ScopeError that names it and says where to look. */
export function findScope(table: ScopeTable, scope: AskScope): ScopeTable['interviews'][number] | ScopeTable['topics'][number] {
  const found = scope.kind === 'interview' ? table.interviews.find((i) => i.id === scope.id) : table.topics.find((t) => t.id === scope.id);
  if (!found) {
    throw new ScopeError(`this archive has no ${scope.kind} “${scope.id}” to ask within`);
  }
  return found;
}

/** Reads `ask/scopes.json` back, refusing anything not shaped like a scope table (`file` names it). */
export function parseScopeTable(bytes: Uint8Array, file: string): ScopeTable {
  let parsed: Partial<ScopeTable>;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ScopeTable>;
  } catch (error) {
    throw new Error(`${file} is damaged (not valid JSON: ${(error as Error).message}); rebuild and redeploy the site`);
  }
  if (!Array.isArray(parsed?.interviews) || !Array.isArray(parsed.topics)) throw new Error(`${file} is damaged (no interviews or topics); rebuild and redeploy the site`);
  return parsed as ScopeTable;
}
