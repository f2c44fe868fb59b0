const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * An ISO date (YYYY-MM-DD) from the ways sources write one: "2017-01-16", "16 Jan 2017",
 * "16 January 2017", "January 16, 2017", "Jan 16 2017". Undefined when the text is none of them
 * or names a day that does not exist.
 */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let y: number, m: number, d: number;
  let parts: RegExpExecArray | null;
  if ((parts = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t))) {
    [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  } else if ((parts = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+)\.?,? (\d{4})$/.exec(t))) {
    [d, m, y] = [Number(parts[1]), monthOf(parts[2]!), Number(parts[3])];
  } else if ((parts = /^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t))) {
    [m, d, y] = [monthOf(parts[1]!), Number(parts[2]), Number(parts[3])];
  } else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!m || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 1-12 for an English month name or its three-letter abbreviation; 0 for anything else. */
function monthOf(name: string): number {
  const lower = name.toLowerCase();
  const i = MONTHS.indexOf(lower.slice(0, 3));
  if (i < 0) return 0;
  const full = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, i, 1))).toLowerCase();
  return lower.length === 3 || full.startsWith(lower) || (lower === 'sept' && i === 8) ? i + 1 : 0;
}
