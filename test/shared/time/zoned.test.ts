import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addLocalDays, fromZoned, localDateString, offsetAt, startOfLocalDay, toZoned, weekdayAt, DAY_MS, HOUR_MS } from '../../../src-shared/time/zoned';

const TZ = 'Europe/Berlin';
const iso = (s: string) => Date.parse(s);

describe('zoned time (Europe/Berlin)', () => {
  it('knows CET and CEST offsets', () => {
    expect(offsetAt(iso('2026-01-15T12:00:00Z'), TZ)).toBe(HOUR_MS);
    expect(offsetAt(iso('2026-07-15T12:00:00Z'), TZ)).toBe(2 * HOUR_MS);
  });

  it('round-trips local times outside transitions', () => {
    const t = iso('2026-11-30T13:45:12.345Z');
    expect(toZoned(t, TZ)).toEqual({ year: 2026, month: 11, day: 30, hour: 14, minute: 45, second: 12, millisecond: 345 });
    expect(fromZoned(toZoned(t, TZ), TZ)).toBe(t);
  });

  it('shifts a non-existent spring-forward time forward by the gap', () => {
    // 2026-03-29 02:00 CET → 03:00 CEST
    const t = fromZoned({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, millisecond: 0 }, TZ);
    expect(new Date(t).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toZoned(t, TZ).hour).toBe(3);
  });

  it('disambiguates the repeated fall-back hour', () => {
    const l = { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(new Date(fromZoned(l, TZ, 'earlier')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(fromZoned(l, TZ, 'later')).toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('adds calendar days keeping the wall-clock time across DST', () => {
    const fri = iso('2026-03-27T13:00:00Z'); // Fri 14:00 CET
    const plus7 = addLocalDays(fri, 7, TZ);
    expect(toZoned(plus7, TZ).hour).toBe(14);
    expect(plus7 - fri).toBe(7 * DAY_MS - HOUR_MS);
    const oct = iso('2026-10-20T08:00:00Z'); // 10:00 CEST
    const octPlus7 = addLocalDays(oct, 7, TZ);
    expect(toZoned(octPlus7, TZ).hour).toBe(10);
    expect(octPlus7 - oct).toBe(7 * DAY_MS + HOUR_MS);
  });

  it('weekday, local date and start of day', () => {
    const t = iso('2026-11-29T23:30:00Z'); // Mon 00:30 local
    expect(weekdayAt(t, TZ)).toBe(1);
    expect(localDateString(t, TZ)).toBe('2026-11-30');
    expect(new Date(startOfLocalDay(t, TZ)).toISOString()).toBe('2026-11-29T23:00:00.000Z');
  });

  it('property: toZoned∘fromZoned is the identity on instants (earlier/later chosen by reading)', () => {
    fc.assert(
      fc.property(fc.integer({ min: iso('2020-01-01T00:00:00Z'), max: iso('2035-01-01T00:00:00Z') }), (t) => {
        const l = toZoned(t, TZ);
        const back = [fromZoned(l, TZ, 'earlier'), fromZoned(l, TZ, 'later')];
        expect(back).toContain(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: adding N local days keeps the wall-clock reading (outside gaps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: iso('2020-01-01T00:00:00Z'), max: iso('2035-01-01T00:00:00Z') }), fc.integer({ min: -60, max: 60 }), (t, n) => {
        const l = toZoned(t, TZ);
        const r = toZoned(addLocalDays(t, n, TZ), TZ);
        const expectedDate = new Date(Date.UTC(l.year, l.month - 1, l.day + n));
        expect([r.year, r.month, r.day]).toEqual([expectedDate.getUTCFullYear(), expectedDate.getUTCMonth() + 1, expectedDate.getUTCDate()]);
        if (!(l.hour === 2 && r.hour === 3)) expect([r.hour, r.minute, r.second]).toEqual([l.hour, l.minute, l.second]);
      }),
      { numRuns: 2000 },
    );
  });
});
