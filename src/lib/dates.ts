/**
 * Reads a calendar date written YYYY-MM-DD, as midnight UTC. Only a date that exists passes:
 * `2026-02-30` or `2026-13-01` would otherwise roll over silently into another day.
 */
export function parseCalendarDate(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value ? date : undefined;
}
