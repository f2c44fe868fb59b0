import { ANCHOR_PATTERN, autoAnchor, hashText } from './anchors.ts';
import type { ContentProblem } from './content-error.ts';
import { parseTurns, type RawTurn } from './mdx-turns.ts';

/** What a passage is in the conversation. */
export type PassageKind = 'question' | 'answer' | 'report';

/** The unit of reading, linking, search and answering: one paragraph said by one speaker. */
export interface Passage {
  /** Globally unique: `<interview>#<anchor>`. */
  id: string;
  /** Slug of the interview it belongs to. */
  interview: string;
  /** The element id on the interview page; stable when other passages are added or moved. */
  anchor: string;
  /** Position in the interview, from 0. */
  index: number;
  kind: PassageKind;
  /** Person id of who is speaking: the interviewer, the interviewee, or the reporter of an article. */
  speaker: string;
  /** Person ids whose words the passage quotes or reports; for an answer, its speaker. */
  quotes: string[];
  topics: string[];
  /** The article's own lead-in label ("Infrastructure"), shown before the text, not part of it. */
  label?: string;
  /** Anchor of the question an answer responds to. */
  question?: string;
  /** Exactly the words of the interview. */
  text: string;
  /** 1-based line in the source file, for error messages and tooling. */
  line: number;
}

/** What segmentation needs to know about an interview besides its body. */
export interface InterviewFacts {
  slug: string;
  file: string;
  interviewers: string[];
  interviewees: string[];
  reporters: string[];
  /** Lines of frontmatter before the body. */
  lineOffset?: number;
}

/** The ids that references in a body may point to. */
export interface KnownIds {
  people: ReadonlySet<string>;
  topics: ReadonlySet<string>;
}

type SpeakerList = 'interviewers' | 'interviewees' | 'reporters';

/**
 * Who may speak each element: a question is the interviewers' words, an answer the interviewees',
 * an article's paragraph its reporters', speech in a conversation (`<S>`) either side's, and a
 * note (`<N>`, a stage direction) nobody's. Keyed by tag name, so an element the parser does not
 * know yet has no rule rather than a wrong one.
 */
const SPEAKERS: Readonly<Record<string, { lists: readonly SpeakerList[]; role: string }>> = {
  Q: { lists: ['interviewers'], role: 'interviewer' },
  A: { lists: ['interviewees'], role: 'interviewee' },
  P: { lists: ['reporters'], role: 'reporter' },
  S: { lists: ['interviewers', 'interviewees'], role: 'interviewer or interviewee' },
  N: { lists: [], role: 'nobody' },
};

const KIND: Record<RawTurn['tag'], PassageKind> = { Q: 'question', A: 'answer', P: 'report' };

/** Splits an attribute list such as "open-source, business-model" into ids. */
export function splitIds(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter(Boolean))];
}

/**
 * The one segmentation function: turns an interview body into its passages. Pages render these
 * anchors and the answer index embeds these texts, so the two can never disagree.
 */
export function segmentInterview(
  body: string,
  facts: InterviewFacts,
  known: KnownIds,
): { passages: Passage[]; problems: ContentProblem[] } {
  const { turns, problems } = parseTurns(body, { file: facts.file, lineOffset: facts.lineOffset });
  const report = (line: number, field: string, expected: string) =>
    problems.push({ file: facts.file, line, field, expected });

  if (turns.length === 0 && problems.length === 0) {
    problems.push({ file: facts.file, field: 'body', expected: 'at least one <Q>, <A> or <P> passage' });
  }

  const passages: Passage[] = [];
  let lastQuestion: string | undefined;
  for (const turn of turns) {
    const speaker = resolveSpeaker(turn, facts, report);
    const quotes = turn.tag === 'A' ? (speaker ? [speaker] : []) : splitIds(turn.attributes.quotes);
    if (turn.tag === 'A' && turn.attributes.quotes !== undefined) {
      report(turn.line, 'quotes', 'no "quotes" on <A>: an answer quotes its own speaker');
    }
    for (const person of quotes) {
      if (!known.people.has(person)) report(turn.line, 'quotes', `a person id from content/people, found "${person}"`);
    }
    const topics = splitIds(turn.attributes.topics);
    for (const topic of topics) {
      if (!known.topics.has(topic)) report(turn.line, 'topics', `a topic id from content/topics, found "${topic}"`);
    }
    const label = turn.attributes.label?.trim();
    passages.push({
      id: '',
      interview: facts.slug,
      anchor: turn.attributes.id ?? '',
      index: passages.length,
      kind: KIND[turn.tag],
      speaker: speaker ?? '',
      quotes,
      topics,
      ...(label ? { label } : {}),
      text: turn.text,
      line: turn.line,
    });
  }

  assignAnchors(passages, report);
  for (const p of passages) {
    p.id = `${facts.slug}#${p.anchor}`;
    if (p.kind === 'question') lastQuestion = p.anchor;
    else if (p.kind === 'answer' && lastQuestion) p.question = lastQuestion;
    else if (p.kind === 'report') lastQuestion = undefined;
  }
  return { passages, problems };
}

/**
 * The speaker of a turn: its `by`, which must name one of the people who can say that element, or
 * else the only such person. A person who exists but is on the wrong list (an answer "by" an
 * interviewer) is an error, not a reattribution of the words.
 */
export function resolveSpeaker(
  turn: RawTurn,
  facts: InterviewFacts,
  report: (line: number, field: string, expected: string) => void,
): string | undefined {
  const rule = SPEAKERS[turn.tag];
  if (!rule) return undefined;
  const candidates = [...new Set(rule.lists.flatMap((list) => facts[list]))];
  const given = turn.attributes.by?.trim();
  if (rule.lists.length === 0) {
    if (given !== undefined) report(turn.line, 'by', `no "by" on <${turn.tag}>: a note is nobody's words, found "${given}"`);
    return undefined;
  }
  const lists = rule.lists.join(' or ');
  if (given) {
    if (candidates.includes(given)) return given;
    report(
      turn.line,
      'by',
      candidates.length === 0
        ? `a person listed in the frontmatter's "${lists}", which is empty, found "${given}"`
        : `one of the ${lists} (${candidates.join(', ')}), found "${given}"`,
    );
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  report(
    turn.line,
    'by',
    candidates.length === 0
      ? `a speaker: by="<person id>" on this <${turn.tag}>, or one ${rule.role} in the frontmatter's "${lists}"`
      : `a speaker: by="<person id>" on this <${turn.tag}>, since the interview has ${candidates.length} ${lists}`,
  );
  return undefined;
}

/**
 * Explicit ids first, then automatic ones from each passage's label or first words. A later automatic
 * anchor that collides takes a suffix from its own text, so earlier anchors never move.
 */
function assignAnchors(passages: Passage[], report: (line: number, field: string, expected: string) => void): void {
  const taken = new Set<string>();
  for (const p of passages) {
    if (!p.anchor) continue;
    if (!ANCHOR_PATTERN.test(p.anchor)) {
      report(p.line, 'id', `lower-case letters, digits and hyphens, starting with a letter or digit, found "${p.anchor}"`);
    } else if (taken.has(p.anchor)) {
      report(p.line, 'id', `an anchor unique in this interview, found "${p.anchor}" twice`);
    }
    taken.add(p.anchor);
  }
  // Where to go on counting for each suffixed anchor, so many identical passages ("Yes.") stay linear.
  const nextNumber = new Map<string, number>();
  for (const p of passages) {
    if (p.anchor) continue;
    const base = autoAnchor(p.label ?? p.text);
    let anchor = base;
    if (taken.has(anchor)) {
      const suffixed = `${base}-${hashText(p.text).slice(0, 4)}`;
      anchor = suffixed;
      let n = nextNumber.get(suffixed) ?? 2;
      for (; taken.has(anchor); n++) anchor = `${suffixed}-${n}`;
      nextNumber.set(suffixed, n);
    }
    p.anchor = anchor;
    taken.add(anchor);
  }
}
