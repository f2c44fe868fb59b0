/**
 * The review file: suggested topics as YAML an editor edits by hand (documented in its own header),
 * read back with every problem reported as `file:line  field: expected, found ...`, and merged with
 * a new round of suggestions so that what the editor decided is kept and only what is new is added.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ANCHOR_PATTERN } from '../anchors.ts';
import { ContentError, type ContentProblem } from '../content-error.ts';

/** What the editor decided about a topic: not yet (proposed), write it (accept), or never propose it again (drop). */
export type TopicDecision = 'proposed' | 'accept' | 'drop';
/** What the editor decided about one passage of a topic. */
export type PassageDecision = 'proposed' | 'accept' | 'reject';

/** Every topic decision, as the review file spells them. */
export const TOPIC_DECISIONS: readonly TopicDecision[] = ['proposed', 'accept', 'drop'];
/** Every passage decision, as the review file spells them. */
export const PASSAGE_DECISIONS: readonly PassageDecision[] = ['proposed', 'accept', 'reject'];

/** One passage listed under a topic: `<interview>#<anchor>`, which stands for the element (turn) holding it. */
export interface ReviewPassage {
  id: string;
  decision: PassageDecision;
  /** Its first words, shown as a comment; not read back. */
  excerpt?: string;
}

/** One topic of the review file. */
export interface ReviewTopic {
  id: string;
  decision: TopicDecision;
  title: string;
  description: string;
  /** Its distinguishing keywords, for the editor; not written to the site. */
  keywords: string[];
  /** How many interviews its passages come from, when suggested. */
  interviews: number;
  /** Another topic's id: this one's passages join it, and this one is not written. */
  mergeInto?: string;
  /** Cut into this many topics at the next `suggest`. */
  split?: number;
  /** Best first. */
  passages: ReviewPassage[];
}

/** A review file's topics, best first. */
export interface Review {
  topics: ReviewTopic[];
}

/** The format version written and understood. */
export const REVIEW_VERSION = 1;

/** The header that documents the file for the editor who opens it. */
export const REVIEW_HEADER = `Topics suggested for this archive by \`npm run topics -- suggest\`, for an editor to review.
\`npm run topics -- apply\` writes the accepted topics into content/topics/ and tags their passages.

Each topic:
  id:          its file name in content/topics/ and its page, /topics/<id>/ (lower-case letters,
               digits and hyphens); rename it freely before it is applied
  decision:    proposed (not decided yet) | accept (apply writes it) | drop (never proposed again)
  title, description: what its page shows; edit freely. The description is the sentences of one
               of its most central passages that hold most of its keywords, verbatim.
  merge-into:  another topic's id: this topic's passages join that one, and this one is not written
               (a passage rejected under either is rejected in the merged topic)
  split:       a number: the next \`suggest\` cuts this topic into that many, by their passages
  keywords, interviews: what the suggestion found, for you; not written anywhere
  passages:    one line per passage, best first: <interview>#<anchor>: proposed | accept | reject
               An accepted topic tags every passage not rejected. The tag goes on the passage's
               element (a long turn cut into several passages is tagged once, whole), and is
               added to the tags already there, which are never removed. The comment after each
               passage is its first words.

Running \`suggest\` again (after new interviews arrive) keeps every decision in this file, adds
new passages to the topics they belong to as proposed, and adds topics that are new.`;

const EXCERPT_WORDS = 14;

/** The first words of a passage, for the comment after it in the review file. */
export function excerpt(text: string, words = EXCERPT_WORDS): string {
  const all = text.split(/\s+/).filter(Boolean);
  return all.slice(0, words).join(' ') + (all.length > words ? ' …' : '');
}

/** The review file's text. */
export function formatReview(review: Review): string {
  const doc = new Document({
    version: REVIEW_VERSION,
    topics: review.topics.map((t) => ({
      id: t.id,
      decision: t.decision,
      title: t.title,
      description: t.description,
      ...(t.mergeInto ? { 'merge-into': t.mergeInto } : {}),
      ...(t.split ? { split: t.split } : {}),
      keywords: t.keywords.join(', '),
      interviews: t.interviews,
      passages: Object.fromEntries(t.passages.map((p) => [p.id, p.decision])),
    })),
  });
  doc.commentBefore = REVIEW_HEADER.split('\n').map((line) => (line ? ` ${line}` : '')).join('\n');
  const topics = doc.get('topics') as unknown as { items: YAMLMap[] };
  review.topics.forEach((t, i) => {
    const passages = topics.items[i]!.get('passages', true) as unknown as YAMLMap | undefined;
    passages?.items.forEach((pair, j) => {
      const text = t.passages[j]!.excerpt;
      if (text && isScalar(pair.value)) pair.value.comment = ` ${text.replace(/\s+/g, ' ')}`;
    });
  });
  return doc.toString({ lineWidth: 100 });
}

/** Reads a review file; throws a ContentError naming each problem's line and field. */
export function parseReview(text: string, file: string): Review {
  const problems: ContentProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | undefined => {
    const range = node?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  const problem = (node: Node | null | undefined, field: string, expected: string, found: unknown) =>
    problems.push({ file, ...(lineOf(node) ? { line: lineOf(node) } : {}), field, expected: `${expected}, found ${describe(found)}` });

  for (const e of doc.errors) problems.push({ file, line: lines.linePos(e.pos[0]).line, field: 'yaml', expected: `valid YAML, found ${e.message.split('\n')[0]}` });
  if (problems.length) throw new ContentError(problems);
  const root = doc.contents;
  if (!isMap(root)) throw new ContentError([{ file, line: 1, field: 'topics', expected: 'a review file with "version" and "topics", found something else' }]);
  const version = root.get('version', true) as Node | undefined;
  if (!isScalar(version) || version.value !== REVIEW_VERSION) problem(version ?? root, 'version', `${REVIEW_VERSION}`, isScalar(version) ? version.value : version);
  const list = root.get('topics', true);
  if (!isSeq(list)) {
    problem(list ?? root, 'topics', 'a list of topics', isScalar(list) ? list.value : list);
    throw new ContentError(problems);
  }

  const topics: ReviewTopic[] = [];
  const ids = new Map<string, number>();
  for (const item of list.items) {
    if (!isMap(item)) {
      problem(item as Node, 'topics', 'a topic (id, decision, title, description, passages)', isScalar(item) ? item.value : item);
      continue;
    }
    const known = new Set(['id', 'decision', 'title', 'description', 'merge-into', 'split', 'keywords', 'interviews', 'passages']);
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!known.has(key)) problem(pair.key as Node, key || 'topic', `no such field (the fields are ${[...known].join(', ')})`, key);
    }
    const scalar = (field: string): { node: Node | null; value: unknown } => {
      const node = item.get(field, true) as Node | undefined;
      return { node: node ?? item, value: isScalar(node) ? node.value : node };
    };
    const text = (field: string, expected: string, optional = false): string | undefined => {
      const { node, value } = scalar(field);
      if (value === undefined && optional) return undefined;
      if (typeof value !== 'string' || value.trim() === '') {
        problem(node, field, expected, value);
        return undefined;
      }
      return value;
    };
    const id = text('id', 'a topic id: lower-case letters, digits and hyphens');
    if (id !== undefined) {
      if (!ANCHOR_PATTERN.test(id)) problem(scalar('id').node, 'id', 'a topic id: lower-case letters, digits and hyphens', id);
      else if (ids.has(id)) problem(scalar('id').node, 'id', `an id no other topic has (line ${ids.get(id)} has it too)`, id);
      else ids.set(id, lineOf(scalar('id').node) ?? 0);
    }
    const decision = text('decision', TOPIC_DECISIONS.join(', ')) as TopicDecision | undefined;
    if (decision !== undefined && !TOPIC_DECISIONS.includes(decision)) problem(scalar('decision').node, 'decision', `one of ${TOPIC_DECISIONS.join(', ')}`, decision);
    const title = text('title', 'a title');
    const description = text('description', 'a one-paragraph description of the topic');
    if (description !== undefined && description.trim().length < 20) problem(scalar('description').node, 'description', 'a one-paragraph description of the topic (20 characters at least)', description);
    const mergeInto = text('merge-into', 'the id of the topic to merge this one into', true);
    const split = scalar('split');
    if (split.value !== undefined && !(Number.isInteger(split.value) && (split.value as number) >= 2)) problem(split.node, 'split', 'a whole number of topics, 2 or more', split.value);
    const keywords = scalar('keywords').value;
    const interviews = scalar('interviews').value;

    const passages: ReviewPassage[] = [];
    const listed = item.get('passages', true);
    if (listed !== undefined && listed !== null && !(isScalar(listed) && listed.value === null)) {
      if (!isMap(listed)) problem(listed as Node, 'passages', 'one line per passage: <interview>#<anchor>: proposed, accept or reject', isScalar(listed) ? listed.value : listed);
      else {
        for (const pair of listed.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
          const value = isScalar(pair.value) ? pair.value.value : pair.value;
          if (!key || !/^[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*$/.test(key)) {
            problem(pair.key as Node, 'passages', 'a passage as <interview>#<anchor>', key ?? pair.key);
            continue;
          }
          if (typeof value !== 'string' || !PASSAGE_DECISIONS.includes(value as PassageDecision)) {
            problem((pair.value as Node) ?? (pair.key as Node), 'passages', `${key}: one of ${PASSAGE_DECISIONS.join(', ')}`, value);
            continue;
          }
          passages.push({ id: key, decision: value as PassageDecision });
        }
      }
    }
    if (id && decision && title && description) {
      topics.push({
        id,
        decision,
        title,
        description,
        keywords: typeof keywords === 'string' ? keywords.split(/\s*,\s*/).filter(Boolean) : [],
        interviews: typeof interviews === 'number' ? interviews : 0,
        ...(mergeInto ? { mergeInto } : {}),
        ...(typeof split.value === 'number' ? { split: split.value } : {}),
        passages,
      });
    }
  }
  for (const t of topics) {
    if (!t.mergeInto) continue;
    const into = topics.find((o) => o.id === t.mergeInto);
    const node = (list.items.find((i) => isMap(i) && i.get('id') === t.id) as YAMLMap).get('merge-into', true) as Node;
    if (!into) problem(node, 'merge-into', 'the id of another topic in this file', t.mergeInto);
    else if (into.id === t.id || into.mergeInto) problem(node, 'merge-into', 'a topic that is not itself merged into another', t.mergeInto);
  }
  if (problems.length) throw new ContentError(problems);
  return { topics };
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isSeq(value)) return 'a list';
  if (isMap(value)) return 'a block of fields';
  return 'something else';
}
