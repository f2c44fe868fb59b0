import { parseTurns, TURN_ATTRIBUTES, TURN_TAGS } from '../../src/lib/mdx-turns.ts';

/** Whether src/lib/mdx-turns.ts reads this round's conversation elements: `<S>`, `<N>` and `time=`. */
export const HAS_CONVERSATION_MODEL =
  ['S', 'N'].every((t) => (TURN_TAGS as readonly string[]).includes(t)) && (TURN_ATTRIBUTES as readonly string[]).includes('time');

/** One element of an imported interview as the site's own parser reads it back. */
export interface ReadElement {
  tag: string;
  by?: string;
  time?: string;
  text: string;
}

/**
 * Reads an imported MDX file's body back with parseTurns, the parser the site uses, so the text
 * is what the site will show, MDX escapes undone. Where the parser predates `<S>`, `<N>` and
 * `time=` (helper E's part of this round), only the opening and closing tags are renamed to ones it
 * knows, keeping the tag in `label` and the time in `id`; every line of text goes through unchanged.
 */
export function readBack(mdx: string, file: string): ReadElement[] {
  const front = /^---\n[\s\S]*?\n---\n/.exec(mdx);
  if (!front) throw new Error(`${file}: no frontmatter`);
  let body = mdx.slice(front[0].length);
  if (!HAS_CONVERSATION_MODEL) {
    const known: Record<string, string> = { Q: 'Q', A: 'A', S: 'A', N: 'P' };
    body = body
      .replace(/^<([QASN])((?: [a-z]+="[^"]*")*)>$/gm, (_, tag: string, attrs: string) =>
        `<${known[tag]}${attrs.replace(/ time="/, ' id="')} label="${tag}">`)
      .replace(/^<\/([QASN])>$/gm, (_, tag: string) => `</${known[tag]}>`);
  }
  const { turns, problems } = parseTurns(body, { file, lineOffset: front[0].split('\n').length - 1 });
  if (problems.length) throw new Error(`${file}: ${JSON.stringify(problems)}`);
  return turns.map((t) => {
    const attributes = t.attributes as Record<string, string | undefined>;
    const tag = HAS_CONVERSATION_MODEL ? t.tag : attributes.label!;
    const time = HAS_CONVERSATION_MODEL ? attributes.time : attributes.id;
    return { tag, ...(attributes.by ? { by: attributes.by } : {}), ...(time ? { time } : {}), text: t.text };
  });
}

/** Text with all whitespace removed: the verbatim test compares characters, whitespace aside. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');
