/** The 1-based line where each element of the top-level list (or the first nested list) starts. */
export function jsonItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let listDepth = -1;
  let expecting = false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === listDepth && expecting && !/[\s,\]]/.test(c)) {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && listDepth < 0) {
        listDepth = depth;
        expecting = true;
      }
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === listDepth) expecting = true;
  }
  return lines;
}
