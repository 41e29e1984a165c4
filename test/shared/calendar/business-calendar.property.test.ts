import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBusinessCalendar } from '../../../src-shared/calendar/business-calendar';
import type { CalendarConfigInput } from '../../../src-shared/calendar/config';
import { createOracle } from './oracle';

// Property tests against the minute-by-minute oracle in ./oracle.ts, over 2024–2030, for three calendars:
// the default, one whose intervals straddle Berlin's 02:00/03:00 switches, and one in a zone with a
// 30-minute DST shift (Lord Howe Island) with Saturday hours, half days and extra closed/open days.
const H = 3_600_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2031, 0, 1);

// Instants near the interesting days (DST switches, Easter, year ends), so they are hit far more often than
// uniform sampling would hit them.
const HOT_SPOTS = [
  '2024-03-31', '2024-10-27', '2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31',
  '2026-04-03', '2027-03-26', '2028-04-14', '2024-12-24', '2026-12-31', '2029-12-31', '2025-04-06', '2025-10-05',
].map((d) => Date.parse(`${d}T00:00:00Z`));

const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...HOT_SPOTS), fc.integer({ min: -3 * 24 * H, max: 3 * 24 * H })).map(([t, d]) => t + d),
  // Whole minutes and whole hours, where boundary mistakes show.
  fc.integer({ min: FROM / H, max: TO / H }).map((h) => h * H),
);
const duration = fc.oneof(
  fc.integer({ min: 0, max: 100 * H }),
  fc.integer({ min: 0, max: 200 }).map((m) => m * 15 * 60_000),
  fc.constantFrom(0, 1, 9 * H, 9 * H - 1, 9 * H + 1),
);

const CALENDARS: Record<string, CalendarConfigInput> = {
  default: {},
  'Berlin nights across DST': {
    serviceHours: {
      sun: [['01:00', '02:30'], ['02:45', '04:00'], ['22:00', '24:00']],
      mon: [['00:00', '03:00'], ['08:00', '17:00']],
      sat: [['02:00', '03:00']],
    },
    closedDays: [{ date: '2026-10-25', name: 'Wartung' }],
  },
  'Lord Howe with half days': {
    timeZone: 'Australia/Lord_Howe',
    serviceHours: {
      mon: [['08:00', '12:00'], ['13:00', '17:30']],
      tue: [['08:00', '17:30']],
      wed: [['08:00', '17:30']],
      thu: [['08:00', '17:30']],
      fri: [['08:00', '16:00']],
      sat: [['01:30', '02:45'], ['09:00', '12:00']],
      sun: [['01:00', '03:00']],
    },
    holidays: { country: 'AU', state: 'NSW' },
    closedDays: [{ date: '12-24' }, { date: '2027-01-04', name: 'Inventur' }],
    openDays: [{ date: '12-31', hours: [['09:00', '11:00']] }, { date: '2026-04-06' }],
  },
};

describe.each(Object.entries(CALENDARS))('business calendar "%s" against the minute-by-minute oracle', (_name, config) => {
  const cal = createBusinessCalendar(config);
  const oracle = createOracle(config);

  it('addBusinessTime matches the oracle, forwards and backwards', () => {
    fc.assert(
      fc.property(instant, duration, fc.boolean(), (start, d, back) => {
        const ms = back ? -d : d;
        expect(cal.addBusinessTime(start, ms)).toBe(oracle.add(start, ms));
      }),
      { numRuns: 200 },
    );
  });

  it('businessTimeBetween matches the oracle, negative when b < a', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -21 * 24 * H, max: 21 * 24 * H }), (a, span) => {
        expect(cal.businessTimeBetween(a, a + span)).toBe(oracle.between(a, a + span));
      }),
      { numRuns: 200 },
    );
  });

  it('addBusinessTime is the exact, earliest inverse of businessTimeBetween', () => {
    fc.assert(
      fc.property(instant, duration, (start, d) => {
        const end = cal.addBusinessTime(start, d);
        expect(cal.businessTimeBetween(start, end)).toBe(d);
        if (d > 0) {
          // Earliest: a millisecond earlier is not enough, and the last millisecond before `end` was open.
          expect(cal.businessTimeBetween(start, end - 1)).toBe(d - 1);
          expect(cal.isOpen(end - 1)).toBe(true);
          const back = cal.addBusinessTime(end, -d);
          expect(cal.businessTimeBetween(back, end)).toBe(d);
          expect(back).toBeGreaterThanOrEqual(start);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('isOpen matches the oracle', () => {
    fc.assert(
      fc.property(instant, (at) => {
        expect(cal.isOpen(at)).toBe(oracle.isOpenMinute(Math.floor(at / 60_000)));
      }),
      { numRuns: 500 },
    );
  });

  it('closedPeriodsBetween is ordered, merged, clipped and exactly the complement of business time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 * 24 * H }), (from, span) => {
        const to = from + span;
        const periods = cal.closedPeriodsBetween(from, to);
        let closedTotal = 0;
        let previousEnd = from;
        for (const [i, p] of periods.entries()) {
          expect(p.start).toBeGreaterThanOrEqual(previousEnd);
          expect(p.end).toBeGreaterThan(p.start);
          expect(p.end).toBeLessThanOrEqual(to);
          const prev = periods[i - 1];
          if (prev && prev.end === p.start) expect([prev.reason, prev.name]).not.toEqual([p.reason, p.name]);
          for (const t of [p.start, p.end - 1, Math.floor((p.start + p.end) / 2)]) {
            expect(oracle.isOpenMinute(Math.floor(t / 60_000))).toBe(false);
          }
          if (p.reason !== 'outside_service_hours') expect(p.reason === 'closed_day' || p.name).toBeTruthy();
          closedTotal += p.end - p.start;
          previousEnd = p.end;
        }
        expect(to - from - closedTotal).toBe(cal.businessTimeBetween(from, to));
      }),
      { numRuns: 200 },
    );
  });
});
