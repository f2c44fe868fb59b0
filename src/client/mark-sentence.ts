/**
 * Marks the characters `start-end` of a passage's text (an answer's best sentence, from the
 * answer's link), touching only its text node, so the passage keeps exactly its words.
 */
export function markSentence(textElement: HTMLElement | null, range: string): boolean {
  const m = /^(\d+)-(\d+)$/.exec(range);
  const node = textElement?.firstChild;
  if (!m || !(node instanceof Text)) return false;
  const start = Number(m[1]);
  const end = Math.min(Number(m[2]), node.data.length);
  if (start >= end) return false;
  const tail = node.splitText(start);
  tail.splitText(end - start);
  const mark = document.createElement('mark');
  mark.className = 'answer-sentence';
  tail.replaceWith(mark);
  mark.append(tail);
  return true;
}
