/**
 * The `_headers` file of Netlify and Cloudflare Pages: blocks of a path pattern on its own line
 * followed by indented `Name: value` lines; `#` starts a comment line. In a pattern, `*` (one per
 * pattern) matches any characters, including `/`, and is `:splat` in a value; `:name` matches one
 * path segment and is `:name` in a value.
 */

/** One block of a `_headers` file: the pattern, where it was written, and the headers it attaches. */
export interface HeaderRule {
  pattern: string;
  line: number;
  matcher: RegExp;
  headers: { name: string; value: string }[];
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PLACEHOLDER = /:([A-Za-z]\w*)/g;

/** The regular expression of a path pattern, with named groups for `*` (splat) and each `:name`. */
function patternMatcher(pattern: string): RegExp {
  let source = '';
  let rest = pattern;
  while (rest) {
    const placeholder = /^:([A-Za-z]\w*)/.exec(rest);
    if (rest[0] === '*') {
      source += '(?<splat>.*)';
      rest = rest.slice(1);
    } else if (placeholder) {
      source += `(?<${placeholder[1]}>[^/]+)`;
      rest = rest.slice(placeholder[0].length);
    } else {
      source += rest[0]!.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      rest = rest.slice(1);
    }
  }
  return new RegExp(`^${source}$`);
}

/** Why a path pattern cannot be used, or undefined when it can. */
function patternProblem(pattern: string): string | undefined {
  if (!pattern.startsWith('/')) return `a path starting with "/", found "${pattern}"`;
  if (/\s/.test(pattern)) return `a path without spaces, found "${pattern}"`;
  if ((pattern.match(/\*/g) ?? []).length > 1) return `at most one "*" in a path, found "${pattern}"`;
  const names = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const repeated = names.find((name, i) => name === 'splat' || names.indexOf(name) !== i);
  if (repeated) return `each placeholder once, and none named ":splat", found ":${repeated}" in "${pattern}"`;
  return undefined;
}

/**
 * Parses a `_headers` file. Every problem is reported, one line each, in the form
 * `file:line  field: expected, found ...`, in a single thrown Error.
 */
export function parseHeadersFile(text: string, file: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  const problems: string[] = [];
  // The block being read: its rule (none when its path was wrong) and how many header lines it has.
  let block: { pattern: string; line: number; rule?: HeaderRule; lines: number } | undefined;
  const close = () => {
    if (block && block.lines === 0) problems.push(`${file}:${block.line}  path: at least one indented header under "${block.pattern}", found none`);
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    if (!/^\s/.test(raw)) {
      close();
      const problem = patternProblem(trimmed);
      if (problem) problems.push(`${file}:${line}  path: ${problem}`);
      const rule = problem ? undefined : { pattern: trimmed, line, matcher: patternMatcher(trimmed), headers: [] };
      if (rule) rules.push(rule);
      block = { pattern: trimmed, line, rule, lines: 0 };
      return;
    }
    if (!block) {
      problems.push(`${file}:${line}  header: a path line before the first header, found "${trimmed}"`);
      return;
    }
    block.lines++;
    const colon = trimmed.indexOf(':');
    const name = colon > 0 ? trimmed.slice(0, colon).trim() : '';
    const value = colon > 0 ? trimmed.slice(colon + 1).trim() : '';
    if (!HEADER_NAME.test(name) || !value) problems.push(`${file}:${line}  header: "Name: value", found "${trimmed}"`);
    else block.rule?.headers.push({ name, value });
  });
  close();
  if (problems.length) throw new Error(problems.join('\n'));
  return rules;
}

/**
 * The headers the rules attach to a request path, names in lower case. A header set by several
 * matching rules gets their values joined with ", ", as Cloudflare Pages does (Netlify keeps the
 * last one instead): a file that never sets one header in two rules matching one path means the
 * same on both hosts.
 */
export function headersFor(rules: HeaderRule[], pathname: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of rules) {
    const match = rule.matcher.exec(pathname);
    if (!match) continue;
    const groups = match.groups ?? {};
    for (const { name, value } of rule.headers) {
      const key = name.toLowerCase();
      const filled = value.replace(PLACEHOLDER, (token, placeholder: string) => groups[placeholder] ?? token);
      headers[key] = headers[key] === undefined ? filled : `${headers[key]}, ${filled}`;
    }
  }
  return headers;
}
