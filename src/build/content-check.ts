import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'astro/zod';
import { ANCHOR_PATTERN } from '../lib/anchors.ts';
import { buildArchive, type Archive, type InterviewMeta, type InterviewSource, type Person, type Topic } from '../lib/archive.ts';
import { ContentError, type ContentProblem } from '../lib/content-error.ts';
import { firstInvalidUtf8, lineAtByte } from '../lib/utf8.ts';
import { interviewSchema, personSchema, topicSchema } from './content-schema.ts';

/** The frontmatter block at the top of an MDX file (Astro's own pattern, `---` form only). */
const FRONTMATTER = /(?:^\uFEFF?|^\s*\n)---([\s\S]*?\n)---/;

/** An interview file's two parts: its frontmatter's YAML and its body, each with the lines of the file before it. */
export interface InterviewFileParts {
  yaml: string;
  /** Lines before the YAML: the opening "---" line and anything above it. */
  yamlLineOffset: number;
  body: string;
  /** Lines before the body: the whole frontmatter block. */
  bodyLineOffset: number;
}

/** Splits an interview file into frontmatter and body, as the check and the site's loader both read it; undefined when it has no frontmatter block. */
export function splitInterviewFile(text: string): InterviewFileParts | undefined {
  const match = FRONTMATTER.exec(text);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  return {
    yaml: match[1]!,
    // The frontmatter's first line is the rest of the opening "---" line.
    yamlLineOffset: countNewlines(text, match.index + match[0].indexOf('---')),
    body: text.slice(end),
    bodyLineOffset: countNewlines(text, end),
  };
}
const DATA_FILE = /\.(ya?ml|json)$/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What a check that found no problem read: how many files, and the passages they make. */
export interface CheckedContent {
  files: number;
  passages: number;
}

/**
 * Checks every file of a content folder the way the site will read it (UTF-8, frontmatter and
 * data against the schemas, then references, speakers and bodies through buildArchive) before
 * Astro loads any of it, so every problem of every file is reported at once in the README's
 * one-line form `file:line  field: expected, found ...`. Throws a ContentError listing them.
 * Paths in problems are relative to `root`, as Astro's own are.
 */
export async function checkContent(contentDir: string, root: string): Promise<CheckedContent> {
  const { files, archive } = await readContent(contentDir, root);
  return { files, passages: archive.passages.length };
}

/** A content folder read and checked as checkContent does: the archive, and each interview file's path and text. */
export interface ReadContent {
  files: number;
  archive: Archive;
  /** Each interview's file (relative to `root`) and its whole text, by slug. */
  sources: Map<string, { file: string; text: string }>;
}

/** Reads a content folder as checkContent checks it and returns the archive it makes; throws a ContentError listing every problem. */
export async function readContent(contentDir: string, root: string): Promise<ReadContent> {
  const problems: ContentProblem[] = [];
  const rel = (file: string) => path.relative(root, file);
  const read = async (file: string): Promise<string | undefined> => {
    const bytes = await readFile(file);
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      problems.push({
        file: rel(file),
        line: lineAtByte(bytes, at),
        field: 'encoding',
        expected: `UTF-8 text, found a byte that is not UTF-8 (0x${bytes[at]!.toString(16).toUpperCase()}); save the file as UTF-8`,
      });
      return undefined;
    }
  };

  const people: Person[] = [];
  const topics: Topic[] = [];
  const interviews: InterviewSource[] = [];
  const texts = new Map<string, string>();
  // The line of each frontmatter field, for the problems buildArchive finds in them (unknown people).
  const fieldLines = new Map<string, Map<string, number>>();
  const interviewFiles = (await listFiles(path.join(contentDir, 'interviews'), true)).filter((f) => f.endsWith('.mdx'));
  const peopleFiles = (await listFiles(path.join(contentDir, 'people'), false)).filter((f) => DATA_FILE.test(f));
  const topicFiles = (await listFiles(path.join(contentDir, 'topics'), false)).filter((f) => DATA_FILE.test(f));

  for (const [files, schema, into] of [
    [peopleFiles, personSchema, people],
    [topicFiles, topicSchema, topics],
  ] as const) {
    for (const file of files) {
      const text = await read(file);
      if (text === undefined) continue;
      const id = path.basename(file).replace(DATA_FILE, '');
      // Astro would make some other id of it, and references would then miss it.
      if (!ANCHOR_PATTERN.test(id)) {
        problems.push({ file: rel(file), field: 'file name', expected: `a lower-case id such as "sam-altman.yaml", found "${path.basename(file)}"` });
      }
      const data = validate(text, 0, schema, rel(file), problems, new Map());
      // A file with problems still names an id, so references to it are not reported twice.
      (into as { id: string }[]).push({ id, ...(data ?? {}) });
    }
  }

  for (const file of interviewFiles) {
    const text = await read(file);
    if (text === undefined) continue;
    const parts = splitInterviewFile(text);
    if (!parts) {
      problems.push({ file: rel(file), line: 1, field: 'frontmatter', expected: 'a frontmatter block between "---" lines at the top of the file' });
      continue;
    }
    const lines = new Map<string, number>();
    fieldLines.set(rel(file), lines);
    const meta = validate(parts.yaml, parts.yamlLineOffset, interviewSchema, rel(file), problems, lines);
    if (!meta) continue;
    texts.set(rel(file), text);
    interviews.push({
      file: rel(file),
      name: path.basename(file, '.mdx'),
      meta: meta as InterviewMeta,
      body: parts.body,
      lineOffset: parts.bodyLineOffset,
    });
  }

  let archive: Archive | undefined;
  try {
    archive = buildArchive({ interviews, people, topics });
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    problems.push(...error.problems.map((p) => (p.line ? p : { ...p, line: fieldLines.get(p.file)?.get(p.field) })));
  }
  if (problems.length || !archive) throw new ContentError(problems);
  const sources = new Map(archive.interviews.map((i) => [i.slug, { file: i.file, text: texts.get(i.file)! }]));
  return { files: interviewFiles.length + peopleFiles.length + topicFiles.length, archive, sources };
}

/**
 * Parses YAML (a data file, or an MDX frontmatter starting after line `lineOffset`) and validates
 * it, reporting each problem at the line of the field it concerns, and noting in `fieldLines`
 * the line of every top-level field. Returns the data when valid.
 */
function validate<S extends z.ZodType>(
  source: string,
  lineOffset: number,
  schema: S,
  file: string,
  problems: ContentProblem[],
  fieldLines: Map<string, number>,
): z.output<S> | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number) => lineOffset + lines.linePos(offset).line;
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) fieldLines.set(String(pair.key.value), lineOf(pair.key.range[0]));
    }
  }
  if (doc.errors.length) {
    for (const e of doc.errors) {
      problems.push({ file, line: lineOf(e.pos[0]), field: 'yaml', expected: `valid YAML, found ${e.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ file, line: lineOffset + 1, field: 'yaml', expected: 'fields such as "title: ..." one per line' });
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [k]) : [issue.path];
    for (const at of fields) {
      const field = String(at[0] ?? 'frontmatter');
      if (seen.has(field)) continue;
      seen.add(field);
      const node = doc.getIn(at as (string | number)[], true);
      const found = valueAt(data, at as (string | number)[]);
      const expected = issue.code === 'unrecognized_keys'
        ? `no such field (the fields are ${Object.keys((schema as unknown as z.ZodObject).shape).join(', ')})`
        : issue.message;
      problems.push({
        file,
        ...(isNode(node) && node.range ? { line: lineOf(node.range[0]) } : {}),
        field,
        expected: `${expected}, found ${describeFound(found)}`,
      });
    }
  }
  return undefined;
}

function valueAt(data: unknown, at: (string | number)[]): unknown {
  let value = data;
  for (const key of at) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  return value;
}

/** A found value as a problem quotes it: short, and "nothing" for a missing field. */
function describeFound(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  const shown = JSON.stringify(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
}

async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  try {
    const names = await readdir(dir, { recursive });
    return names.map((n) => path.join(dir, n)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
