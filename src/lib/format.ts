import type { InterviewMeta } from './archive.ts';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A publication date for readers: "3 February 2026", or "Undated". */
export function formatDate(published: InterviewMeta['published']): string {
  return published === 'undated' ? 'Undated' : DATE.format(published);
}

const FORMAT_LABELS: Record<InterviewMeta['format'], string> = {
  qa: 'Q&A interview',
  article: 'Article reporting an interview',
  conversation: 'Recorded conversation',
};

/** "Q&A interview", "Article reporting an interview" or "Recorded conversation". */
export function formatLabel(format: InterviewMeta['format']): string {
  return FORMAT_LABELS[format];
}

/** Joins names the way a sentence does: "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "1 passage", "3 passages". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * What to print after a person's name: their role and organisation, less what the name already says
 * ("Editor in Chief, Constellation Insights" is both), and nothing for a publication that signs as
 * itself (its organisation is its name).
 */
export function roleNote(person: { name: string; role: string; organisation?: string }): string {
  if (person.organisation === person.name) return '';
  return [person.role, person.organisation].filter((part): part is string => Boolean(part) && !person.name.includes(part!)).join(', ');
}

/** Longer titles are cut by search engines and tab strips, and fail html-validate's long-title rule. */
const MAX_TITLE = 70;

/**
 * The document title: the page's title and the site's name, the page's title shortened at a word
 * (with "…") when both together would pass 70 characters. Social and feed titles keep it whole.
 */
export function documentTitle(title: string, site: string): string {
  if (title === site) return title;
  const suffix = ` · ${site}`;
  const full = `${title}${suffix}`;
  if (full.length <= MAX_TITLE) return full;
  const room = MAX_TITLE - suffix.length - 1;
  const cut = title.slice(0, room + 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > room / 2 ? cut.slice(0, atWord) : cut.slice(0, room)).replace(/[\s,;:.–—-]+$/, '')}…${suffix}`;
}
