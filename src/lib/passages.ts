import { ANCHOR_PATTERN, autoAnchor, hashText } from './anchors.ts';
import type { ContentProblem } from './content-error.ts';
import type { PassageTime } from './media.ts';
import { parseTurns, type RawTurn } from './mdx-turns.ts';

/**
 * What a passage is in the conversation: a question, an answer, an article's reported paragraph,
 * other speech of a conversation, or a note in the transcript that is nobody's words.
 */
export type PassageKind = 'question' | 'answer' | 'report' | 'speech' | 'note';

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
  /** Person id of who is speaking: the interviewer, the interviewee, or the reporter of an article; "" for a note. */
  speaker: string;
  /** Person ids whose words the passage quotes or reports; for an answer, its speaker. */
  quotes: string[];
  topics: string[];
  /** The article's own lead-in label ("Infrastructure"), shown before the text, not part of it. */
  label?: string;
  /** Anchor of the question an answer responds to. */
  question?: string;
  /**
   * Anchor of the first passage of the element (the turn) this one belongs to: its own anchor,
   * unless a long element was split into several passages and this is a later one.
   */
  turn: string;
  /** When it starts in the recording; only the first passage of a split element knows. */
  time?: PassageTime;
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

const KIND: Record<RawTurn['tag'], PassageKind> = { Q: 'question', A: 'answer', P: 'report', S: 'speech', N: 'note' };

/**
 * The length, in words, above which an element is split into passages of about that length: a long
 * paragraph. Measured on ../shared/corpora/seen-unseen (34,799 turns): at 150 words, 90% of the
 * parts of split turns run 85 to 161 words (at 120, one in twenty falls under 70; at 200 and 250 the
 * median part is 170 and 208 words, past what USE lite's 128-token window reads). With the model
 * alone, a host's question found a passage of the guest's turn that follows it (31 questions, 16
 * episodes) first for 0.23 at 150 words, against 0.10 at 100, 0.16 at 200, 0.13 at 250 and 0.13 for
 * whole turns, and embedding took half the time of whole turns (324 against 638 ms per 1,000 words).
 * No hand-written passage of the source pieces (98 words at most) is split.
 */
export const PASSAGE_TARGET_WORDS = 150;

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });
// Intl.Segmenter ends a sentence after any full stop followed by a capital; these are not ends.
const NOT_AN_END = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|No|\p{Lu})\.\s*$/u;

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
  // For each passage, the position of the first passage of its element.
  const firstOfTurn: number[] = [];
  for (const turn of turns) {
    const note = turn.tag === 'N';
    // resolveSpeaker reports a "by" on a note and gives it no speaker; quotes and topics are checked here.
    const speaker = resolveSpeaker(turn, facts, report);
    for (const attribute of ['quotes', 'topics'] as const) {
      if (note && turn.attributes[attribute] !== undefined) report(turn.line, attribute, `no "${attribute}" on <N>: a note is nobody's words`);
    }
    const quotes = turn.tag === 'A' || turn.tag === 'S' ? (speaker ? [speaker] : []) : note ? [] : splitIds(turn.attributes.quotes);
    if ((turn.tag === 'A' || turn.tag === 'S') && turn.attributes.quotes !== undefined) {
      report(turn.line, 'quotes', `no "quotes" on <${turn.tag}>: its speaker's own words`);
    }
    for (const person of quotes) {
      if (!known.people.has(person)) report(turn.line, 'quotes', `a person id from content/people, found "${person}"`);
    }
    const topics = note ? [] : splitIds(turn.attributes.topics);
    for (const topic of topics) {
      if (!known.topics.has(topic)) report(turn.line, 'topics', `a topic id from content/topics, found "${topic}"`);
    }
    const label = turn.attributes.label?.trim();
    const first = passages.length;
    splitText(turn.text).forEach(({ start, end }, part) => {
      firstOfTurn.push(first);
      passages.push({
        id: '',
        interview: facts.slug,
        anchor: part === 0 ? (turn.attributes.id ?? '') : '',
        index: passages.length,
        kind: KIND[turn.tag],
        speaker: speaker ?? '',
        quotes,
        topics,
        ...(label && part === 0 ? { label } : {}),
        turn: '',
        ...(turn.time && part === 0 ? { time: turn.time } : {}),
        text: turn.text.slice(start, end),
        line: turn.line,
      });
    });
  }

  assignAnchors(passages, report);
  let lastQuestion: string | undefined;
  passages.forEach((p, i) => {
    p.id = `${facts.slug}#${p.anchor}`;
    p.turn = passages[firstOfTurn[i]!]!.anchor;
    if (p.kind === 'question') lastQuestion = p.turn;
    else if (p.kind === 'answer' && lastQuestion) p.question = lastQuestion;
    else if (p.kind === 'report') lastQuestion = undefined;
  });
  return { passages, problems };
}

/** A range of characters [start, end) of an element's text. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Where an element's text is cut into passages: nowhere if it has at most `target` words; else at
 * sentence ends only (a sentence is never cut, however long), into ceil(words / target) parts as
 * even as the sentences allow, so that no part is a stray last sentence. The ranges are in order
 * and only whitespace lies between them, so together they hold every character of the text.
 */
export function splitText(text: string, target = PASSAGE_TARGET_WORDS): TextRange[] {
  const total = countWords(text);
  if (total <= target) return [{ start: 0, end: text.length }];
  const sentences: (TextRange & { words: number })[] = [];
  for (const { segment, index } of SENTENCES.segment(text)) {
    const last = sentences.at(-1);
    const words = countWords(segment);
    if (last && NOT_AN_END.test(text.slice(Math.max(0, last.end - 24), last.end))) {
      last.end = index + segment.length;
      last.words += words;
    } else {
      sentences.push({ start: index, end: index + segment.length, words });
    }
  }
  const parts = Math.ceil(total / target);
  const ranges: TextRange[] = [];
  let start = 0;
  let before = 0;
  let cut = 1;
  for (const [i, sentence] of sentences.entries()) {
    const boundary = (cut * total) / parts;
    // Cut before this sentence when that lands nearer the next even boundary than cutting after it.
    if (i > 0 && cut < parts && Math.abs(before - boundary) <= Math.abs(before + sentence.words - boundary)) {
      ranges.push({ start, end: trimEnd(text, sentence.start) });
      start = sentence.start;
      cut = Math.max(cut + 1, Math.floor((before * parts) / total) + 1);
    }
    before += sentence.words;
  }
  ranges.push({ start, end: trimEnd(text, text.length) });
  return ranges;
}

function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
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
      : `a speaker: by="<person id>" on this <${turn.tag}>, since the interview has ${candidates.length} ${rule.lists.join(' and ')}`,
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

/** Passages grouped by the element (turn) they come from, in order: a page shows each turn as one block. */
export function groupTurns<T extends Pick<Passage, 'interview' | 'turn'>>(passages: readonly T[]): T[][] {
  const turns: T[][] = [];
  for (const p of passages) {
    const last = turns.at(-1);
    if (last && last[0]!.interview === p.interview && last[0]!.turn === p.turn) last.push(p);
    else turns.push([p]);
  }
  return turns;
}
