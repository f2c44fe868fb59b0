import type { ContentProblem } from './content-error.ts';
import { parseTime, TIME_FORMAT, type PassageTime } from './media.ts';

/**
 * The elements an interview body is written in: a question, an answer, a reported paragraph, other
 * speech in a conversation, and a note in the transcript that is nobody's words.
 */
export const TURN_TAGS = ['Q', 'A', 'P', 'S', 'N'] as const;
export type TurnTag = (typeof TURN_TAGS)[number];

/** Attributes an author may set on a turn element. */
export const TURN_ATTRIBUTES = ['by', 'quotes', 'topics', 'id', 'label', 'time'] as const;
export type TurnAttribute = (typeof TURN_ATTRIBUTES)[number];

/** One element of an interview body, as written, before speakers and anchors are resolved. */
export interface RawTurn {
  tag: TurnTag;
  attributes: Partial<Record<TurnAttribute, string>>;
  /** The passage text, verbatim: MDX escapes undone, line breaks inside the paragraph joined by one space. */
  text: string;
  /** When the element starts in the recording, from its `time` attribute. */
  time?: PassageTime;
  /** 1-based line of the opening tag, counted in the body. */
  line: number;
  /** Where the opening tag is in the body: from its "<" to just after its ">" (parseTurns always sets it). */
  openTag?: { start: number; end: number };
}

/** Where the body is, for error messages. */
export interface BodySource {
  file: string;
  /** Lines before the body in the file (the frontmatter), added to body line numbers. */
  lineOffset?: number;
}

const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;

/**
 * Reads an interview body: a sequence of `<Q>`, `<A>`, `<P>`, `<S>` and `<N>` elements, one paragraph each,
 * with MDX comments allowed between them. Anything else is reported, with its line, rather than
 * silently dropped, so no text of the interview can go missing from the site.
 */
export function parseTurns(body: string, source: BodySource): { turns: RawTurn[]; problems: ContentProblem[] } {
  const turns: RawTurn[] = [];
  const problems: ContentProblem[] = [];
  const offset = source.lineOffset ?? 0;
  const lineAt = lineCounter(body, offset);
  const problem = (index: number, field: string, expected: string) =>
    problems.push({ file: source.file, line: lineAt(index), field, expected });

  let i = 0;
  while (i < body.length) {
    const ws = /\s*/y;
    ws.lastIndex = i;
    ws.exec(body);
    i = ws.lastIndex;
    if (i >= body.length) break;

    if (body.startsWith('{/*', i)) {
      const end = body.indexOf('*/}', i);
      if (end < 0) {
        problem(i, 'body', 'a closing "*/}" for this MDX comment');
        break;
      }
      i = end + 3;
      continue;
    }

    const open = /<([A-Za-z][\w.]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
    open.lastIndex = i;
    const m = open.exec(body);
    if (!m) {
      const lineEnd = body.indexOf('\n', i);
      const snippet = body.slice(i, lineEnd < 0 ? undefined : lineEnd).trim().slice(0, 60);
      problem(i, 'body', `a <Q>, <A>, <P>, <S> or <N> element (one paragraph of the interview each), found "${snippet}"`);
      break;
    }
    const [whole, tagName = '', attrSource = '', selfClosing] = m;
    const start = i;
    i += whole.length;

    if (!(TURN_TAGS as readonly string[]).includes(tagName)) {
      problem(start, 'body', `<Q>, <A>, <P>, <S> or <N>, found <${tagName}>`);
      const skip = body.indexOf(`</${tagName}>`, i);
      if (skip < 0) break;
      i = skip + tagName.length + 3;
      continue;
    }
    const tag = tagName as TurnTag;
    const attributes = parseAttributes(attrSource, (field, expected) => problem(start, field, expected));

    if (selfClosing) {
      problem(start, 'text', `text inside <${tag}>…</${tag}>, found an empty <${tag} />`);
      continue;
    }
    const close = body.indexOf(`</${tag}>`, i);
    if (close < 0) {
      problem(start, 'body', `a closing </${tag}> for the <${tag}> opened here`);
      break;
    }
    const inner = body.slice(i, close);
    i = close + tag.length + 3;

    const text = readText(inner, (at, field, expected) => problem(start + whole.length + at, field, expected));
    if (text === undefined) continue;
    if (text === '') {
      problem(start, 'text', `text inside <${tag}>…</${tag}>, found nothing`);
      continue;
    }
    let time: PassageTime | undefined;
    if (attributes.time !== undefined) {
      time = parseTime(attributes.time);
      if (!time) problem(start, 'time', `${TIME_FORMAT}, found "${attributes.time}"`);
    }
    turns.push({ tag, attributes, text, ...(time ? { time } : {}), line: lineAt(start), openTag: { start, end: start + whole.length } });
  }
  return { turns, problems };
}

function parseAttributes(
  source: string,
  report: (field: string, expected: string) => void,
): RawTurn['attributes'] {
  const attributes: RawTurn['attributes'] = {};
  for (const a of source.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = a[1] ?? '';
    const value = a[2] ?? a[3] ?? '';
    if (!(TURN_ATTRIBUTES as readonly string[]).includes(name)) {
      report(name, `one of the attributes ${TURN_ATTRIBUTES.join(', ')}`);
      continue;
    }
    attributes[name as TurnAttribute] = value;
  }
  return attributes;
}

/**
 * The verbatim text of one element. Characters that MDX would read as code must be escaped by the
 * author (`\{`, `\<`); a blank line would make two paragraphs, which must be two elements.
 */
function readText(
  inner: string,
  report: (at: number, field: string, expected: string) => void,
): string | undefined {
  const unescaped = /(?<!\\)[{<]/.exec(inner);
  if (unescaped) {
    const from = Math.max(inner.lastIndexOf('\n', unescaped.index) + 1, unescaped.index - 30);
    const lineEnd = inner.indexOf('\n', unescaped.index);
    const found = inner.slice(from, Math.min(lineEnd < 0 ? inner.length : lineEnd, unescaped.index + 30)).trim();
    report(unescaped.index, 'text', `plain text; write "\\${unescaped[0]}" for a literal "${unescaped[0]}", found "${found}"`);
    return undefined;
  }
  const trimmed = inner.trim();
  const blank = /\n[ \t]*\n/.exec(trimmed);
  if (blank) {
    report(inner.indexOf(trimmed) + blank.index + 1, 'text', 'one paragraph per element; start a new element for the next paragraph');
    return undefined;
  }
  return trimmed.replace(/[ \t]*\n[ \t]*/g, ' ').replace(ESCAPABLE, '$1');
}

/**
 * The 1-based line of an index in the text, plus `offset`. Indices are asked for mostly in order,
 * so it counts on from the last one asked for: one pass over the body, not one per passage.
 */
function lineCounter(text: string, offset: number): (index: number) => number {
  let at = 0;
  let line = 1;
  return (index) => {
    if (index < at) {
      at = 0;
      line = 1;
    }
    for (; at < index; at++) if (text.charCodeAt(at) === 10) line++;
    return offset + line;
  };
}
