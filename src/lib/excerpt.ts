/**
 * Search result excerpts cut from the passage's own text. Pagefind's excerpt is HTML in which `<`
 * is escaped but `&` is not, so no decoding of it can tell `&lt;` written in a passage from `<`:
 * the excerpt is rebuilt from the indexed text and the positions of the matched words instead,
 * which keeps every character of the quote as it is.
 */

/** A run of the excerpt: verbatim text, marked when it is a matched word. */
export type ExcerptPart = { text: string; mark: boolean };

/**
 * The excerpt of `content` of at most `length` words (runs of non-space) holding the most of the
 * matched word positions `locations` (Pagefind counts words the same way), those words marked;
 * an ellipsis stands for the words left out before or after.
 */
export function excerptParts(content: string, locations: readonly number[], length: number): ExcerptPart[] {
  const words = [...content.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (words.length === 0) return [];
  const marked = new Set(locations.filter((i) => i >= 0 && i < words.length));
  const lead = Math.floor(length / 4);
  const last = Math.max(0, words.length - length);
  // Each candidate window starts a little before a match; the one holding the most matches wins.
  let from = 0;
  let best = -1;
  for (const location of [...marked].sort((a, b) => a - b)) {
    const start = Math.min(last, Math.max(0, location - lead));
    const count = [...marked].filter((i) => i >= start && i < start + length).length;
    if (count > best) [from, best] = [start, count];
  }
  const to = Math.min(words.length, from + length);
  const parts: ExcerptPart[] = [];
  const text = (t: string) => {
    const previous = parts.at(-1);
    if (previous && !previous.mark) previous.text += t;
    else if (t) parts.push({ text: t, mark: false });
  };
  if (from > 0) text('… ');
  for (let i = from; i < to; i++) {
    if (i > from) text(content.slice(words[i - 1]!.end, words[i]!.start));
    const word = content.slice(words[i]!.start, words[i]!.end);
    if (marked.has(i)) parts.push({ text: word, mark: true });
    else text(word);
  }
  if (to < words.length) text(' …');
  return parts;
}
