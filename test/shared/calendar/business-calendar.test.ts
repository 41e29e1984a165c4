import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src-shared/calendar/business-calendar';
import { DomainError } from '../../../src-shared/errors';

// Hand-checked examples for the default calendar (Europe/Berlin, Mon–Fri 08:00–17:00, Bavarian public holidays
// incl. Mariä Himmelfahrt, closed 24 and 31 Dec). Instants are written in UTC; comments give Berlin time.
const iso = (s: string): number => Date.parse(s);
const H = 3_600_000;
const cal = createBusinessCalendar();
const add = (start: string, ms: number): string => new Date(cal.addBusinessTime(iso(start), ms)).toISOString();

describe('addBusinessTime: hand-checked examples', () => {
  it('carries over the weekend: Fri 16:00 + 2 h = Mon 09:00', () => {
    expect(add('2026-06-12T14:00:00.000Z', 2 * H)).toBe('2026-06-15T07:00:00.000Z');
  });

  it('skips Good Friday, the Easter weekend and Easter Monday: Maundy Thu 16:00 + 2 h = Tue 09:00', () => {
    expect(add('2026-04-02T14:00:00.000Z', 2 * H)).toBe('2026-04-07T07:00:00.000Z');
    expect(cal.businessTimeBetween(iso('2026-04-02T14:00:00.000Z'), iso('2026-04-07T07:00:00.000Z'))).toBe(2 * H);
  });

  it('skips Christmas, the closure days and New Year across the year end', () => {
    // Wed 23 Dec 2026 16:00 + 1 h = 17:00; + 2 h → 24 (closure), 25/26 (holidays), 27 Sun → Mon 28 Dec 09:00.
    expect(add('2026-12-23T15:00:00.000Z', H)).toBe('2026-12-23T16:00:00.000Z');
    expect(add('2026-12-23T15:00:00.000Z', 2 * H)).toBe('2026-12-28T08:00:00.000Z');
    // Wed 30 Dec 16:00 + 2 h → 31 Dec (closure), 1 Jan (holiday), Sat, Sun → Mon 4 Jan 2027 09:00.
    expect(add('2026-12-30T15:00:00.000Z', 2 * H)).toBe('2027-01-04T08:00:00.000Z');
    // Epiphany: Tue 5 Jan 2027 16:00 + 2 h → Thu 7 Jan 09:00.
    expect(add('2027-01-05T15:00:00.000Z', 2 * H)).toBe('2027-01-07T08:00:00.000Z');
  });

  it('keeps 08:00–17:00 at 9 h on the DST weekends of 2026 and 2027', () => {
    // Spring: Fri 27 Mar 2026 16:00 CET + 2 h = Mon 30 Mar 09:00 CEST.
    expect(add('2026-03-27T15:00:00.000Z', 2 * H)).toBe('2026-03-30T07:00:00.000Z');
    // Autumn: Fri 23 Oct 2026 16:00 CEST + 2 h = Mon 26 Oct 09:00 CET.
    expect(add('2026-10-23T14:00:00.000Z', 2 * H)).toBe('2026-10-26T08:00:00.000Z');
    // 2027: switches on 28 Mar (Easter Sunday) and 31 Oct. Thu 25 Mar 16:00 CET + 2 h skips Good Friday,
    // the switch weekend and Easter Monday = Tue 30 Mar 09:00 CEST.
    expect(add('2027-03-25T15:00:00.000Z', 2 * H)).toBe('2027-03-30T07:00:00.000Z');
    expect(add('2027-10-29T14:00:00.000Z', 2 * H)).toBe('2027-11-02T08:00:00.000Z'); // Mon 1 Nov: All Saints
    // A whole week across the switch is exactly 5 × 9 h.
    expect(cal.businessTimeBetween(iso('2026-03-23T00:00:00.000Z'), iso('2026-03-30T00:00:00.000Z'))).toBe(45 * H);
    expect(cal.businessTimeBetween(iso('2026-10-19T00:00:00.000Z'), iso('2026-10-26T00:00:00.000Z'))).toBe(45 * H);
  });

  it('returns the end of the interval, not the next opening, when the duration ends exactly there', () => {
    expect(add('2026-06-12T14:00:00.000Z', H)).toBe('2026-06-12T15:00:00.000Z'); // Fri 17:00
  });

  it('returns the start unchanged for a zero duration, open or closed', () => {
    expect(cal.addBusinessTime(iso('2026-06-13T10:00:00.000Z'), 0)).toBe(iso('2026-06-13T10:00:00.000Z'));
    expect(cal.addBusinessTime(iso('2026-06-12T10:00:00.000Z'), 0)).toBe(iso('2026-06-12T10:00:00.000Z'));
  });

  it('starts counting at the next opening when started while closed', () => {
    // Sat 10:00 + 30 min = Mon 08:30.
    expect(add('2026-06-13T08:00:00.000Z', 30 * 60_000)).toBe('2026-06-15T06:30:00.000Z');
  });

  it('goes backwards for a negative duration, to the latest instant with that much business time', () => {
    // Mon 09:00 − 2 h = Fri 16:00; Mon 08:00 − 1 h = Fri 16:00.
    expect(add('2026-06-15T07:00:00.000Z', -2 * H)).toBe('2026-06-12T14:00:00.000Z');
    expect(add('2026-06-15T06:00:00.000Z', -H)).toBe('2026-06-12T14:00:00.000Z');
    // Exactly one day's worth back from Tue 08:00 lands on Mon 08:00 (the opening, not Fri 17:00).
    expect(add('2026-06-16T06:00:00.000Z', -9 * H)).toBe('2026-06-15T06:00:00.000Z');
  });

  it('rejects non-integer or non-finite instants and durations', () => {
    expect(() => cal.addBusinessTime(iso('2026-06-15T07:00:00.000Z'), 1.5)).toThrow(DomainError);
    expect(() => cal.addBusinessTime(Number.NaN, H)).toThrow(/start must be an integer/);
    expect(() => cal.businessTimeBetween(0, Number.POSITIVE_INFINITY)).toThrow(/b must be an integer/);
    expect(() => cal.isOpen(0.5)).toThrow(DomainError);
    expect(() => cal.closedPeriodsBetween(0, Number.NaN)).toThrow(DomainError);
  });
});

describe('businessTimeBetween, isOpen', () => {
  it('is negative when b < a and zero over a closed stretch', () => {
    const a = iso('2026-06-12T14:00:00.000Z'); // Fri 16:00
    const b = iso('2026-06-15T07:00:00.000Z'); // Mon 09:00
    expect(cal.businessTimeBetween(a, b)).toBe(2 * H);
    expect(cal.businessTimeBetween(b, a)).toBe(-2 * H);
    expect(Object.is(cal.businessTimeBetween(iso('2026-06-14T10:00:00.000Z'), iso('2026-06-13T10:00:00.000Z')), 0)).toBe(true);
  });

  it('is open in [08:00, 17:00) on working days only', () => {
    expect(cal.isOpen(iso('2026-06-12T06:00:00.000Z'))).toBe(true); // Fri 08:00
    expect(cal.isOpen(iso('2026-06-12T14:59:59.999Z'))).toBe(true); // Fri 16:59:59.999
    expect(cal.isOpen(iso('2026-06-12T15:00:00.000Z'))).toBe(false); // Fri 17:00
    expect(cal.isOpen(iso('2026-06-13T08:00:00.000Z'))).toBe(false); // Sat
    expect(cal.isOpen(iso('2026-08-14T08:00:00.000Z'))).toBe(true); // Fri 14 Aug
    expect(cal.isOpen(iso('2027-08-16T08:00:00.000Z'))).toBe(true); // Mon 16 Aug 2027
    expect(cal.isOpen(iso('2026-12-24T08:00:00.000Z'))).toBe(false); // Christmas Eve closure
  });
});

describe('closedPeriodsBetween', () => {
  it('explains the Easter gap: merged, ordered, named, clipped to the range', () => {
    const periods = cal.closedPeriodsBetween(iso('2026-04-02T12:00:00.000Z'), iso('2026-04-07T12:00:00.000Z'));
    expect(periods).toEqual([
      { start: iso('2026-04-02T15:00:00.000Z'), end: iso('2026-04-02T22:00:00.000Z'), reason: 'outside_service_hours' },
      { start: iso('2026-04-02T22:00:00.000Z'), end: iso('2026-04-03T22:00:00.000Z'), reason: 'public_holiday', name: 'Karfreitag' },
      { start: iso('2026-04-03T22:00:00.000Z'), end: iso('2026-04-05T22:00:00.000Z'), reason: 'outside_service_hours' },
      { start: iso('2026-04-05T22:00:00.000Z'), end: iso('2026-04-06T22:00:00.000Z'), reason: 'public_holiday', name: 'Ostermontag' },
      { start: iso('2026-04-06T22:00:00.000Z'), end: iso('2026-04-07T06:00:00.000Z'), reason: 'outside_service_hours' },
    ]);
  });

  it('names the closure days and Mariä Himmelfahrt, and returns nothing for an empty range', () => {
    const xmas = cal.closedPeriodsBetween(iso('2026-12-24T10:00:00.000Z'), iso('2026-12-24T11:00:00.000Z'));
    expect(xmas).toEqual([
      { start: iso('2026-12-24T10:00:00.000Z'), end: iso('2026-12-24T11:00:00.000Z'), reason: 'closed_day', name: 'Heiligabend (Betriebsruhe)' },
    ]);
    const aug = cal.closedPeriodsBetween(iso('2025-08-15T10:00:00.000Z'), iso('2025-08-15T11:00:00.000Z'));
    expect(aug[0]).toMatchObject({ reason: 'public_holiday', name: 'Mariä Himmelfahrt' });
    expect(cal.closedPeriodsBetween(iso('2026-06-12T10:00:00.000Z'), iso('2026-06-12T10:00:00.000Z'))).toEqual([]);
    expect(cal.closedPeriodsBetween(iso('2026-06-12T08:00:00.000Z'), iso('2026-06-12T10:00:00.000Z'))).toEqual([]);
  });
});

describe('configurable calendars', () => {
  it('supports several intervals a day, half days via open days, and unnamed closed days', () => {
    const split = createBusinessCalendar({
      serviceHours: { mon: [['13:00', '17:00'], ['08:00', '12:00']], tue: [['08:00', '12:00']] },
      holidays: null,
      closedDays: [{ date: '2026-06-16' }],
      openDays: [{ date: '12-24', hours: [['08:00', '10:00']] }, { date: '2026-06-13' }],
    });
    // Mon 11:00 + 2 h = 1 h before lunch + 1 h after = 14:00.
    expect(new Date(split.addBusinessTime(iso('2026-06-15T09:00:00.000Z'), 2 * H)).toISOString()).toBe('2026-06-15T12:00:00.000Z');
    expect(split.closedPeriodsBetween(iso('2026-06-15T09:00:00.000Z'), iso('2026-06-15T12:00:00.000Z'))).toEqual([
      { start: iso('2026-06-15T10:00:00.000Z'), end: iso('2026-06-15T11:00:00.000Z'), reason: 'outside_service_hours' },
    ]);
    // Tue 16 Jun is an (unnamed) closed day; Sat 13 Jun is an open day with Saturday's (empty) hours.
    expect(split.closedPeriodsBetween(iso('2026-06-16T08:00:00.000Z'), iso('2026-06-16T09:00:00.000Z'))).toEqual([
      { start: iso('2026-06-16T08:00:00.000Z'), end: iso('2026-06-16T09:00:00.000Z'), reason: 'closed_day' },
    ]);
    expect(split.isOpen(iso('2026-06-13T08:00:00.000Z'))).toBe(false);
    // 24 Dec 2029 is a Monday: the half day replaces Monday's hours.
    expect(split.businessTimeBetween(iso('2029-12-24T00:00:00.000Z'), iso('2029-12-25T00:00:00.000Z'))).toBe(2 * H);
  });

  it('counts the real elapsed time of an interval that contains a DST switch', () => {
    // Sundays only, all day: the spring-forward Sunday lasts 23 h, the fall-back one 25 h.
    const allDay = createBusinessCalendar({
      serviceHours: { sun: [['00:00', '24:00']] },
      holidays: null,
      closedDays: [],
    });
    expect(allDay.businessTimeBetween(iso('2026-03-28T00:00:00.000Z'), iso('2026-03-30T00:00:00.000Z'))).toBe(23 * H);
    expect(allDay.businessTimeBetween(iso('2026-10-24T00:00:00.000Z'), iso('2026-10-26T00:00:00.000Z'))).toBe(25 * H);
    // 02:30–02:45 exists twice on the autumn Sunday and not at all on the spring one.
    const night = createBusinessCalendar({ serviceHours: { sun: [['02:30', '02:45']] }, holidays: null, closedDays: [] });
    expect(night.businessTimeBetween(iso('2026-10-24T00:00:00.000Z'), iso('2026-10-26T00:00:00.000Z'))).toBe(30 * 60_000);
    expect(night.businessTimeBetween(iso('2026-03-28T00:00:00.000Z'), iso('2026-03-30T00:00:00.000Z'))).toBe(0);
  });

  it('applies holidays to the local date of another time zone', () => {
    const ny = createBusinessCalendar({ timeZone: 'America/New_York', holidays: { country: 'US' } });
    expect(ny.timeZone).toBe('America/New_York');
    expect(ny.isOpen(iso('2026-07-06T14:00:00.000Z'))).toBe(true); // Mon 10:00 EDT
    expect(ny.isOpen(iso('2026-12-25T15:00:00.000Z'))).toBe(false); // Christmas, 10:00 EST
  });

  it('fails clearly when closed days leave no open time at all', () => {
    const everyDay = Array.from({ length: 366 }, (_, i) => {
      const d = new Date(Date.UTC(2024, 0, 1 + i));
      return { date: `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}` };
    });
    const never = createBusinessCalendar({ holidays: null, closedDays: everyDay });
    expect(() => never.addBusinessTime(iso('2026-06-15T07:00:00.000Z'), H)).toThrow(/no service hours/);
    expect(() => never.addBusinessTime(iso('2026-06-15T07:00:00.000Z'), -H)).toThrow(/no service hours/);
  });
});
