/**
 * Topic tags written into an interview body: only the `topics` attribute of an element's opening
 * tag changes. The body is read again afterwards and every element's text and other attributes
 * compared with before, so that a tag can never cost a word of the interview.
 */
import { parseTurns, type BodySource } from '../mdx-turns.ts';
import { splitIds } from '../passages.ts';

/** Topic ids to add to and remove from one element (by its position among the body's elements). */
export interface TagChange {
  element: number;
  add: readonly string[];
  remove: readonly string[];
}

const TOPICS_ATTRIBUTE = /(\s+)topics\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** An opening tag with its `topics` attribute changed: ids added at the end, removed ones taken out, the attribute dropped only if nothing is left. */
export function retagOpening(tag: string, add: readonly string[], remove: readonly string[]): string {
  const match = TOPICS_ATTRIBUTE.exec(tag);
  const current = splitIds(match ? (match[2] ?? match[3]) : undefined);
  const next = [...current.filter((id) => !remove.includes(id)), ...add.filter((id) => !current.includes(id))].filter((id, i, all) => all.indexOf(id) === i);
  if (next.length === current.length && next.every((id, i) => id === current[i])) return tag;
  if (match) {
    const replacement = next.length > 0 ? `${match[1]}topics="${next.join(', ')}"` : '';
    return tag.slice(0, match.index) + replacement + tag.slice(match.index + match[0].length);
  }
  const close = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
  const before = tag.slice(0, close).trimEnd();
  return `${before} topics="${next.join(', ')}"${tag.slice(before.length).trimStart()}`;
}

/**
 * A body with the given tag changes made. Throws if the body does not parse, if an element is
 * out of range, or if the result differs from the body in any element's text or other attribute.
 */
export function retagBody(body: string, changes: readonly TagChange[], source: BodySource): string {
  const before = parseTurns(body, source);
  if (before.problems.length > 0) throw new Error(`${source.file}: cannot tag an interview whose body has problems; run the build to see them`);
  const byElement = new Map(changes.map((c) => [c.element, c]));
  let out = '';
  let at = 0;
  before.turns.forEach((turn, i) => {
    const change = byElement.get(i);
    if (!change) return;
    byElement.delete(i);
    const { start, end } = turn.openTag!;
    out += body.slice(at, start) + retagOpening(body.slice(start, end), change.add, change.remove);
    at = end;
  });
  if (byElement.size > 0) throw new Error(`${source.file}: no element ${[...byElement.keys()][0]! + 1} to tag (the body has ${before.turns.length})`);
  out += body.slice(at);

  const after = parseTurns(out, source);
  const same =
    after.problems.length === 0 &&
    after.turns.length === before.turns.length &&
    after.turns.every((turn, i) => {
      const was = before.turns[i]!;
      const { topics: _a, ...rest } = turn.attributes;
      const { topics: _b, ...wasRest } = was.attributes;
      return turn.text === was.text && turn.tag === was.tag && JSON.stringify(rest) === JSON.stringify(wasRest);
    });
  if (!same) throw new Error(`${source.file}: tagging would have changed the interview's text; nothing was written`);
  return out;
}
