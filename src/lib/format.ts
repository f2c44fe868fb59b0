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
