/** One problem in one content file: which file, which field, what was expected. */
export interface ContentProblem {
  file: string;
  field: string;
  expected: string;
  /** 1-based line in the file, where the problem is in the body. */
  line?: number;
}

/** Formats a problem the way the build prints it: `file:line  field: expected`. */
export function formatProblem(p: ContentProblem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return `${where}  ${p.field}: ${p.expected}`;
}

/** Thrown when content is malformed; carries every problem found, not just the first. */
export class ContentError extends Error {
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    const list = problems.map((p) => `  - ${formatProblem(p)}`).join('\n');
    super(`Verbatim found ${problems.length} problem${problems.length === 1 ? '' : 's'} in the content:\n${list}`);
    this.name = 'ContentError';
    this.problems = problems;
  }
}
