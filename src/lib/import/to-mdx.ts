import type { Transcript, TranscriptTurn } from './transcript.ts';

/** The elements an imported conversation is written in (see README "Add interviews"). */
export type ImportedTag = 'Q' | 'A' | 'S' | 'N';

/** One element of an imported interview body: one paragraph of one turn. */
export interface ImportedElement {
  tag: ImportedTag;
  /** Person id of the speaker; absent on a note. */
  by?: string;
  time?: string;
  /** Verbatim, unescaped. */
  text: string;
}

/** Who the speakers of one transcript are: a person id per label, and which ids host. */
export interface EpisodeCast {
  /** Person id for a speech turn's label (`undefined` when the source names no speaker). */
  idOf(label: string | undefined): string;
  hosts: ReadonlySet<string>;
  interviewers: string[];
  interviewees: string[];
}

/** The frontmatter of an imported interview. */
export interface ImportedFacts {
  title: string;
  publication: string;
  /** ISO date, or "undated". */
  published: string;
  url?: string;
  media?: string;
  summary: string;
  /** The source file, as shown in the comment that opens the body. */
  source: string;
}

/**
 * A host turn longer than this many words is a speech even when it ends with a question: on the
 * real archive half the host turns that end with "?" run past 126 words (introductions and views
 * that close on a question), and a question is shown as a heading.
 */
export const QUESTION_MAX_WORDS = 120;

/** Whether a paragraph ends with a question mark (its last sentence is a question), closing quotes aside. */
export function endsWithQuestion(text: string): boolean {
  return /\?["'”’)\]]*$/.test(text.trim());
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The elements of a transcript. A host's turn is a `<Q>` only when it ends with a question and is
 * not a long speech; its earlier paragraphs, and every other host turn, are `<S>`. A guest's turn is
 * `<A>` when it follows a host turn that ends with a question (long or not), `<S>` otherwise. Notes are `<N>`. Every paragraph is its own
 * element; the turn's time goes on its first one.
 */
export function elementsOf(turns: readonly TranscriptTurn[], cast: EpisodeCast): ImportedElement[] {
  const elements: ImportedElement[] = [];
  let afterQuestion = false;
  for (const turn of turns) {
    if (turn.kind === 'note') {
      turn.paragraphs.forEach((text, i) => elements.push({ tag: 'N', ...(i === 0 && turn.time ? { time: turn.time } : {}), text }));
      continue;
    }
    const by = cast.idOf(turn.speaker);
    const last = turn.paragraphs.at(-1) ?? '';
    const isHost = cast.hosts.has(by);
    const question = isHost && endsWithQuestion(last) && wordCount(last) <= QUESTION_MAX_WORDS;
    turn.paragraphs.forEach((text, i) => {
      const tag: ImportedTag = isHost
        ? question && i === turn.paragraphs.length - 1 ? 'Q' : 'S'
        : afterQuestion ? 'A' : 'S';
      elements.push({ tag, by, ...(i === 0 && turn.time ? { time: turn.time } : {}), text });
    });
    // A long host turn that ends on a question is shown as speech, yet what follows it is an answer.
    afterQuestion = isHost && endsWithQuestion(last);
  }
  return elements;
}

/**
 * Escapes text for an MDX element body so that MDX reads it as exactly these characters: every
 * character MDX or Markdown would read as syntax (`\`, `{`, `}`, `<`, `>`, `*`, `_`, `` ` ``, `[`,
 * `]`, `&`, `~`, and a leading `#`, `-`, `+`, `=`, `|` or list number) gets a backslash, which
 * src/lib/mdx-turns.ts undoes.
 */
export function escapeMdxText(text: string): string {
  return text
    .replace(/[\\{}<>*_`[\]&~]/g, '\\$&')
    .replace(/^[#+=|-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A YAML scalar for frontmatter: JSON's double-quoted string is valid YAML. */
const yamlString = (value: string) => JSON.stringify(value);

/**
 * The MDX file of an imported conversation: frontmatter, a comment naming the source, then one
 * element per paragraph, `by` on every spoken one. The same input always gives the same bytes.
 */
export function transcriptToMdx(transcript: Transcript, facts: ImportedFacts, cast: EpisodeCast): string {
  const front = [
    '---',
    `title: ${yamlString(facts.title)}`,
    `publication: ${yamlString(facts.publication)}`,
    ...(facts.url ? [`url: ${yamlString(facts.url)}`] : []),
    ...(facts.media ? [`media: ${yamlString(facts.media)}`] : []),
    `published: ${facts.published}`,
    'format: conversation',
    `interviewers: [${cast.interviewers.join(', ')}]`,
    `interviewees: [${cast.interviewees.join(', ')}]`,
    `summary: ${yamlString(facts.summary)}`,
    '---',
  ];
  const comment = `{/* Imported by "npm run import" from ${facts.source.replaceAll('*/', '* /')}. */}`;
  const body = elementsOf(transcript.turns, cast).map((e) => {
    const attributes = [e.by ? ` by="${e.by}"` : '', e.time ? ` time="${e.time}"` : ''].join('');
    return `<${e.tag}${attributes}>\n${escapeMdxText(e.text)}\n</${e.tag}>`;
  });
  return `${front.join('\n')}\n\n${comment}\n\n${body.join('\n\n')}\n`;
}
