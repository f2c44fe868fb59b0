import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from '../../src/lib/dates.ts';

describe('parseCalendarDate', () => {
  it('reads a YYYY-MM-DD date that exists, as midnight UTC', () => {
    expect(parseCalendarDate('2026-02-03')?.toISOString()).toBe('2026-02-03T00:00:00.000Z');
    expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses dates that do not exist instead of rolling them into another day', () => {
    for (const d of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-04-31', '2026-00-10', '2026-01-00']) expect(parseCalendarDate(d), d).toBeUndefined();
  });

  it('refuses other spellings', () => {
    for (const d of ['2026-2-3', '03/02/2026', '2026-02-03T10:00', ' 2026-02-03', 'soon', '']) expect(parseCalendarDate(d), d).toBeUndefined();
  });
});
