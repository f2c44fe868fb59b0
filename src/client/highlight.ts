/** Splits a search query into the words to mark: quotes and punctuation dropped, at least two letters. */
export function highlightWords(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1))];
}

/** Wraps every occurrence of the query's words in <mark>, touching only text nodes (no HTML is parsed). */
export function highlightTerms(roots: Iterable<HTMLElement>, query: string): number {
  const words = highlightWords(query);
  if (!words.length) return 0;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  let marked = 0;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const node of nodes) {
      const text = node.data;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) continue;
      pattern.lastIndex = 0;
      const fragment = document.createDocumentFragment();
      let last = 0;
      for (const m of text.matchAll(pattern)) {
        fragment.append(text.slice(last, m.index));
        const mark = document.createElement('mark');
        mark.textContent = m[0];
        fragment.append(mark);
        last = m.index + m[0].length;
        marked++;
      }
      fragment.append(text.slice(last));
      node.replaceWith(fragment);
    }
  }
  return marked;
}
