import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { slugify } from '../../lib/anchors.ts';
import { formatProblem, type ContentProblem } from '../../lib/content-error.ts';
import { castEpisode, UNKNOWN_SPEAKER, type PersonDraft, type SpeakerOptions } from '../../lib/import/cast.ts';
import { chooseSource, type SourceCandidate } from '../../lib/import/choose.ts';
import { parseDate } from '../../lib/import/dates.ts';
import { decodeTranscript, parseTranscript } from '../../lib/import/detect.ts';
import { episodeNumber, indexMetadata, parseMetadata, plainSummary, type EpisodeMetadata } from '../../lib/import/metadata.ts';
import { fillMediaTemplate } from '../../lib/import/media-template.ts';
import { transcriptToMdx } from '../../lib/import/to-mdx.ts';
import { ImportError, shown } from '../../lib/import/transcript.ts';

/** What to import, where, and who speaks. */
export interface ImportOptions {
  /** Transcript files or folders (searched recursively for .vtt, .srt, .txt and .json). */
  inputs: readonly string[];
  /** The content folder: interviews/ and people/ are written in it. */
  out: string;
  /** A metadata file; without it, a metadata.json beside each input (or in its parent) is used. */
  metadata?: string;
  /** Overwrite interviews changed since the importer wrote them. */
  force?: boolean;
  speakers: SpeakerOptions;
  /** The frontmatter's `publication`; without it, the metadata's, else the host's name. */
  publication?: string;
  /** A URL template for the recordings (`https://example.org/{episode}.mp3`), used where the metadata names none. */
  mediaTemplate?: string;
  /** Files to leave out of the search (a speaker mapping file in an input folder). */
  exclude?: readonly string[];
  log: (line: string) => void;
}

/** What an import did. */
export interface ImportReport {
  sources: number;
  interviews: number;
  written: number;
  unchanged: number;
  people: number;
  /** Bytes of the interview files. */
  bytes: number;
  /** Episodes found in more than one file: the file kept and why. */
  duplicates: { kept: string; dropped: string[]; reason: string }[];
  /** Host label → number of episodes it hosts, and how many of those were guessed. */
  hosts: Map<string, { episodes: number; guessed: number }>;
  /** Episodes whose host was guessed: the source file and the label taken as host. */
  hostGuesses: { file: string; label: string }[];
}

/** Thrown when the import cannot go ahead; nothing has been written. */
export class ImportFailure extends Error {
  constructor(problems: readonly ContentProblem[]) {
    super(`nothing imported, ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ImportFailure';
  }
}

/** The record of what the importer wrote, in the content folder: path → SHA-256 of the bytes written. */
export const IMPORT_RECORD = '.verbatim-import.json';

const AND = new Intl.ListFormat('en', { type: 'conjunction' });
const TRANSCRIPT = /\.(?:vtt|srt|txt|json)$/i;
const PROGRESS_EVERY = 20;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Imports transcripts into a content folder: reads and checks every source first, keeps one source
 * per episode, then writes one MDX interview per episode and the people files it needs, each file
 * atomically. Any bad source, or an interview an editor changed since the importer wrote it (unless
 * `force`), stops the import before anything is written. Existing people files are never touched.
 */
export function importTranscripts(options: ImportOptions): ImportReport {
  const { log } = options;
  const excluded = new Set((options.exclude ?? []).map((f) => path.resolve(f)));
  const sources = collectSources(options.inputs, excluded);
  if (!sources.length) throw new ImportFailure([{ file: options.inputs.join(' '), field: 'input', expected: 'transcript files (.vtt, .srt, .txt, .json), found none' }]);

  const problems: ContentProblem[] = [];
  const lookup = loadMetadata(options, problems);
  const candidates: (SourceCandidate & { abs: string })[] = [];
  sources.forEach((source, i) => {
    try {
      const text = decodeTranscript(readFileSync(source.abs), source.shown);
      candidates.push({ file: source.shown, abs: source.abs, transcript: parseTranscript(text, source.shown) });
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      problems.push(error.problem);
    }
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === sources.length) log(`read ${i + 1}/${sources.length} ${source.shown}`);
  });
  if (problems.length) throw new ImportFailure(problems);

  const groups = new Map<string, typeof candidates>();
  for (const c of candidates) {
    const base = path.basename(c.file).replace(/\.[^.]+$/, '');
    const number = episodeNumber(base);
    const key = number !== undefined ? `#${number}` : base.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }

  const report: ImportReport = { sources: sources.length, interviews: 0, written: 0, unchanged: 0, people: 0, bytes: 0, duplicates: [], hosts: new Map(), hostGuesses: [] };
  const outputs: { rel: string; text: string }[] = [];
  const people = new Map<string, PersonDraft & { organisation?: string }>();
  const slugs = new Map<string, string>();
  for (const group of groups.values()) {
    let source = group[0]!;
    if (group.length > 1) {
      const choice = chooseSource(group);
      source = choice.kept as typeof source;
      const dropped = choice.dropped.map((d) => d.file);
      report.duplicates.push({ kept: source.file, dropped, reason: choice.reason });
      log(`${source.file}: kept, not ${dropped.join(', ')}: ${choice.reason}`);
    }
    const base = path.basename(source.file).replace(/\.[^.]+$/, '');
    const slug = slugify(base) || `interview-${sha256(source.file).slice(0, 8)}`;
    const clash = slugs.get(slug);
    if (clash) {
      problems.push({ file: source.file, field: 'slug', expected: `a file name no other episode turns into "${slug}", also from ${clash}` });
      continue;
    }
    slugs.set(slug, source.file);
    const meta: EpisodeMetadata = group.map((g) => lookup(g.file)).find(Boolean) ?? {};
    const number = meta.number ?? episodeNumber(base);
    const { transcript } = source;
    const result = castEpisode(transcript, { slug, file: source.file, ...(number !== undefined ? { number } : {}), ...optional('title', meta.title ?? transcript.title), ...optional('description', meta.description) }, options.speakers);
    for (const note of result.notes) log(`${source.file}: ${note}`);
    for (const label of result.hostLabels) {
      const seen = report.hosts.get(label) ?? { episodes: 0, guessed: 0 };
      seen.episodes++;
      if (result.hostGuessed) {
        seen.guessed++;
        report.hostGuesses.push({ file: source.file, label });
      }
      report.hosts.set(label, seen);
    }
    const names = new Map(result.people.map((p) => [p.id, p.name]));
    const publication = options.publication ?? meta.publication ?? result.cast.interviewers.map((id) => names.get(id) ?? id).join(' and ');
    for (const person of result.people) {
      if (!people.has(person.id)) people.set(person.id, { ...person, ...(person.role === 'Host' && (options.publication ?? meta.publication) ? { organisation: publication } : {}) });
    }
    const headerDate = transcript.date;
    const published = meta.published ?? (headerDate ? parseDate(headerDate) : undefined);
    if (headerDate && !meta.published && !published) {
      problems.push({ file: source.file, line: 1, field: 'date', expected: `a date such as "16 Jan 2017" or "2017-01-16", found ${shown(headerDate)}` });
      continue;
    }
    const url = meta.url ?? transcript.url;
    const media = meta.media ?? transcript.media
      ?? (options.mediaTemplate ? fillMediaTemplate(options.mediaTemplate, { ...(number !== undefined ? { episode: number } : {}), file: base, slug }) : undefined);
    for (const [field, value] of [['url', url], ['media', media]] as const) {
      if (value && !/^https?:\/\/\S+$/.test(value)) problems.push({ file: source.file, line: 1, field, expected: `an absolute http(s) URL, found ${shown(value)}` });
    }
    const nameOf = (ids: string[]) => ids.filter((id) => id !== UNKNOWN_SPEAKER.id).map((id) => names.get(id) ?? id);
    const [hostNames, guestNames] = [nameOf(result.cast.interviewers), nameOf(result.cast.interviewees.filter((id) => !result.cast.hosts.has(id)))];
    const fallbackSummary = guestNames.length
      ? `A conversation between ${AND.format([...hostNames, ...guestNames])}.`
      : `${AND.format(hostNames) || 'A speaker'}, speaking.`;
    const text = transcriptToMdx(
      transcript,
      {
        title: meta.title ?? transcript.title ?? base,
        publication,
        published: published ?? 'undated',
        ...optional('url', url),
        ...optional('media', media),
        // A description that is only markup or entities ("&nbsp;", as episode 46's) says nothing.
        summary: (meta.description && plainSummary(meta.description)) || fallbackSummary,
        source: source.file,
      },
      result.cast,
    );
    outputs.push({ rel: `interviews/${slug}.mdx`, text });
  }
  if (problems.length) throw new ImportFailure(problems);

  const out = path.resolve(options.out);
  const recordFile = path.join(out, IMPORT_RECORD);
  const record = readRecord(recordFile);
  const refused: ContentProblem[] = [];
  const toWrite: { rel: string; text: string }[] = [];
  for (const o of outputs) {
    const file = path.join(out, o.rel);
    report.bytes += Buffer.byteLength(o.text);
    if (!existsSync(file)) {
      toWrite.push(o);
      continue;
    }
    const current = readFileSync(file, 'utf8');
    if (current === o.text) {
      report.unchanged++;
      record[o.rel] = sha256(o.text);
    } else if (options.force || record[o.rel] === sha256(current)) toWrite.push(o);
    else {
      refused.push({
        file,
        field: 'file',
        expected: record[o.rel]
          ? 'the file as the importer last wrote it, found it changed by an editor (keep the edits, or run again with --force to overwrite them)'
          : 'a file the importer wrote, found one it did not write (rename it, or run again with --force to overwrite it)',
      });
    }
  }
  if (refused.length) throw new ImportFailure(refused);

  toWrite.forEach((o, i) => {
    writeAtomically(path.join(out, o.rel), o.text);
    record[o.rel] = sha256(o.text);
    report.written++;
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === toWrite.length) log(`imported ${i + 1}/${toWrite.length} ${o.rel}`);
  });
  for (const person of [...people.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const file = path.join(out, 'people', `${person.id}.yaml`);
    if (existsSync(file)) continue;
    const lines = [`name: ${JSON.stringify(person.name)}`, `role: ${JSON.stringify(person.role)}`, ...(person.organisation ? [`organisation: ${JSON.stringify(person.organisation)}`] : [])];
    writeAtomically(file, `${lines.join('\n')}\n`);
    report.people++;
  }
  const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeAtomically(recordFile, `${JSON.stringify({ files: sorted }, null, 2)}\n`);
  report.interviews = outputs.length;
  return report;
}

/** The importer's record of what it wrote; a record that is not its own JSON stops the import rather than being overwritten. */
function readRecord(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown };
    if (typeof data.files === 'object' && data.files !== null) return data.files as Record<string, string>;
  } catch {
    // Reported below, as for any other record the importer cannot read.
  }
  throw new ImportFailure([{ file, field: 'files', expected: 'the importer\'s record {"files": {path: sha256}}, found something else (restore it, or delete it and run with --force)' }]);
}

const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));

/** Writes a file through a temporary file in the same folder and a rename, so it is never half-written. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    if (existsSync(temp)) unlinkSync(temp);
    throw error;
  }
}

/** Every transcript file under the inputs, in a stable order, each with the path shown to the user. */
function collectSources(inputs: readonly string[], excluded: ReadonlySet<string>): { abs: string; shown: string }[] {
  const found: { abs: string; shown: string }[] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    if (!existsSync(abs)) throw new ImportFailure([{ file: input, field: 'input', expected: 'a transcript file or a folder of them, found nothing there' }]);
    if (statSync(abs).isFile()) {
      found.push({ abs, shown: path.basename(abs) });
      continue;
    }
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.name.startsWith('.')) continue;
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (TRANSCRIPT.test(entry.name) && entry.name !== 'metadata.json' && !excluded.has(file)) {
          found.push({ abs: file, shown: path.relative(abs, file).split(path.sep).join('/') });
        }
      }
    };
    walk(abs);
  }
  return found;
}

/** The metadata lookup: the file named by --metadata, or the metadata.json beside each input or in its parent. */
function loadMetadata(options: ImportOptions, problems: ContentProblem[]): (file: string) => EpisodeMetadata | undefined {
  const files = new Set<string>();
  if (options.metadata) files.add(path.resolve(options.metadata));
  else {
    for (const input of options.inputs) {
      const abs = path.resolve(input);
      const dir = existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
      const near = [path.join(dir, 'metadata.json'), path.join(path.dirname(dir), 'metadata.json')].find((f) => existsSync(f));
      if (near) files.add(near);
    }
  }
  const entries: EpisodeMetadata[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      problems.push({ file, field: 'metadata', expected: 'a metadata file, found nothing there' });
      continue;
    }
    options.log(`metadata: ${file}`);
    try {
      entries.push(...parseMetadata(readFileSync(file, 'utf8'), file));
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      problems.push(error.problem);
    }
  }
  return indexMetadata(entries);
}
