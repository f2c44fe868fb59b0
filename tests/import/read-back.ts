import { parseTurns } from '../../src/lib/mdx-turns.ts';

/** One element of an imported interview as the site's own parser reads it back. */
export interface ReadElement {
  tag: string;
  by?: string;
  time?: string;
  text: string;
}

/**
 * Reads an imported MDX file's body back with parseTurns, the parser the site uses, so the text
 * is what the site will show, MDX escapes undone.
 */
export function readBack(mdx: string, file: string): ReadElement[] {
  const front = /^---\n[\s\S]*?\n---\n/.exec(mdx);
  if (!front) throw new Error(`${file}: no frontmatter`);
  const body = mdx.slice(front[0].length);
  const { turns, problems } = parseTurns(body, { file, lineOffset: front[0].split('\n').length - 1 });
  if (problems.length) throw new Error(`${file}: ${JSON.stringify(problems)}`);
  return turns.map((t) => {
    const attributes = t.attributes as Record<string, string | undefined>;
    const time = attributes.time;
    return { tag: t.tag, ...(attributes.by ? { by: attributes.by } : {}), ...(time ? { time } : {}), text: t.text };
  });
}

/** Text with all whitespace removed: the verbatim test compares characters, whitespace aside. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');
