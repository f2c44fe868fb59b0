import { parseDate } from './dates.ts';
import { jsonItemLines } from './json-lines.ts';
import { fail, lineAt, shown } from './transcript.ts';

/** What a metadata file says about one episode. */
export interface EpisodeMetadata {
  number?: number;
  /** The transcript's file name (without folder), when the metadata names it. */
  file?: string;
  title?: string;
  url?: string;
  description?: string;
  /** ISO date. */
  published?: string;
  media?: string;
  publication?: string;
}

const first = (record: Record<string, unknown>, keys: readonly string[]) => keys.map((k) => record[k]).find((v) => v !== undefined && v !== null && v !== '');

/**
 * Reads a metadata file: a JSON list (or an object keyed by episode) of `{epnum, title, url,
 * description, date_published}`, with the usual other spellings (`episode`, `number`, `file`,
 * `summary`, `date`, `published`, `media`, `audio`). Dates such as "16 Jan 2017" become ISO dates.
 */
export function parseMetadata(text: string, file: string): EpisodeMetadata[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    fail(file, at ? lineAt(text, Number(at[1])) : undefined, 'json', `valid JSON, found an error: ${message.replace(/ in JSON at position.*$/, '')}`);
  }
  const entries: [unknown, string | undefined][] = Array.isArray(data)
    ? data.map((d) => [d, undefined])
    : typeof data === 'object' && data !== null
      ? Object.entries(data).map(([k, v]) => [v, k])
      : fail(file, 1, 'metadata', 'a list of episodes [{epnum, title, url, description, date_published}]');
  const lines = jsonItemLines(text);
  return entries.map(([entry, key], n) => {
    const line = lines[n] ?? 1;
    if (typeof entry !== 'object' || entry === null) fail(file, line, `[${n}]`, `an episode object, found ${shown(JSON.stringify(entry))}`);
    const record = entry as Record<string, unknown>;
    const text = (keys: readonly string[], field: string): string | undefined => {
      const value = first(record, keys);
      if (value === undefined) return undefined;
      if (typeof value !== 'string') fail(file, line, `[${n}].${field}`, `a string, found ${shown(JSON.stringify(value))}`);
      return value.trim() || undefined;
    };
    const rawNumber = first(record, ['epnum', 'episode', 'number', 'ep']) ?? (key && /^\d+$/.test(key) ? key : undefined);
    const number = rawNumber === undefined ? undefined : Number(rawNumber);
    if (number !== undefined && !Number.isInteger(number)) fail(file, line, `[${n}].epnum`, `an episode number, found ${shown(JSON.stringify(rawNumber))}`);
    const date = text(['date_published', 'published', 'date', 'pubDate'], 'date_published');
    const published = date === undefined ? undefined : parseDate(date);
    if (date !== undefined && !published) fail(file, line, `[${n}].date_published`, `a date such as "16 Jan 2017" or "2017-01-16", found ${shown(date)}`);
    const fileName = text(['file', 'source', 'filename'], 'file') ?? (key && !/^\d+$/.test(key) ? key : undefined);
    const found: EpisodeMetadata = {
      ...(number !== undefined ? { number } : {}),
      ...(fileName ? { file: fileName } : {}),
      // Feeds and pages write titles as HTML: "Society &amp; the Self" is "Society & the Self".
      ...optional('title', entryTitle(text(['title', 'name'], 'title'))),
      ...optional('url', text(['url', 'link'], 'url')),
      ...optional('description', text(['description', 'summary'], 'description')),
      ...optional('published', published),
      ...optional('media', text(['media', 'audio', 'enclosure', 'media_url', 'audio_url', 'mp3'], 'media')),
      ...optional('publication', text(['publication', 'podcast', 'show'], 'publication')),
    };
    for (const field of ['url', 'media'] as const) {
      const value = found[field];
      if (value && !/^https?:\/\/\S+$/.test(value)) fail(file, line, `[${n}].${field}`, `an absolute http(s) URL, found ${shown(value)}`);
    }
    return found;
  });
}

const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));

/** The episode number a transcript's file name gives: "E12.json", "ep-012.vtt", "episode_12.srt", "12.txt" are all 12. */
export function episodeNumber(fileName: string): number | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const m = /^(?:e|ep|episode)[\s_.-]*0*(\d+)$/i.exec(base) ?? /^0*(\d+)$/.exec(base) ?? /(?:^|[^a-z0-9])(?:ep|episode)[\s_.-]*0*(\d+)(?![0-9])/i.exec(base);
  return m ? Number(m[1]) : undefined;
}

/** Indexes metadata for lookups by episode number and by file name (with or without extension). */
export function indexMetadata(entries: readonly EpisodeMetadata[]): (fileName: string) => EpisodeMetadata | undefined {
  const byNumber = new Map<number, EpisodeMetadata>();
  const byFile = new Map<string, EpisodeMetadata>();
  for (const e of entries) {
    if (e.number !== undefined && !byNumber.has(e.number)) byNumber.set(e.number, e);
    if (e.file) {
      byFile.set(e.file, e);
      byFile.set(e.file.replace(/\.[^.]+$/, ''), e);
    }
  }
  return (fileName) => {
    const base = fileName.replace(/^.*[\\/]/, '');
    const named = byFile.get(base) ?? byFile.get(base.replace(/\.[^.]+$/, ''));
    if (named) return named;
    const number = episodeNumber(base);
    return number === undefined ? undefined : byNumber.get(number);
  };
}

/** A description as a plain summary: HTML tags dropped, the common entities decoded, spaces collapsed. */
export function plainSummary(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
}

/** A title from metadata, its entities decoded and spaces collapsed (its text kept whole: a "<" in a title is text). */
function entryTitle(title: string | undefined): string | undefined {
  return title === undefined ? undefined : decodeEntities(title).replace(/\s+/g, ' ').trim() || undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…' };

/** The common named entities and every numeric one, as the characters they stand for; others as written. */
function decodeEntities(html: string): string {
  return html.replace(/&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/gi, (whole, name?: string, dec?: string, hex?: string) =>
    name ? (ENTITIES[name.toLowerCase()] ?? whole) : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)));
}
