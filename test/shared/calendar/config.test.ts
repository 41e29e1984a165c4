import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR_CONFIG, parseCalendarConfig } from '../../../src-shared/calendar/config';
import { createBusinessCalendar } from '../../../src-shared/calendar/business-calendar';
import { DomainError } from '../../../src-shared/errors';

function configError(raw: unknown): DomainError {
  try {
    parseCalendarConfig(raw);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('calendar configuration', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_CALENDAR_CONFIG.timeZone).toBe('Europe/Berlin');
    expect(DEFAULT_CALENDAR_CONFIG.serviceHours.mon).toEqual([['08:00', '17:00']]);
    expect(DEFAULT_CALENDAR_CONFIG.serviceHours.sat).toEqual([]);
    expect(DEFAULT_CALENDAR_CONFIG.holidays).toEqual({ country: 'DE', state: 'BY', region: 'KATH', types: ['public'], language: 'de' });
    expect(DEFAULT_CALENDAR_CONFIG.closedDays.map((d) => d.date)).toEqual(['12-24', '12-31']);
    expect(parseCalendarConfig(undefined)).toEqual(DEFAULT_CALENDAR_CONFIG);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, /timeZone: unknown IANA time zone "Europe\/Atlantis"/],
    ['a malformed time', { serviceHours: { mon: [['8:00', '17:00']] } }, /serviceHours\.mon\.0\.0: expected a local time/],
    ['24:30', { serviceHours: { mon: [['08:00', '24:30']] } }, /expected a local time/],
    ['an inverted interval', { serviceHours: { mon: [['17:00', '08:00']] } }, /serviceHours\.mon\.0: interval 17:00–08:00 ends before it starts/],
    ['an empty interval', { serviceHours: { tue: [['09:00', '09:00']] } }, /ends before it starts/],
    ['overlapping intervals', { serviceHours: { wed: [['08:00', '12:00'], ['11:30', '17:00']] } }, /serviceHours\.wed\.1: interval 11:30–17:00 overlaps 08:00–12:00/],
    ['a week without hours', { serviceHours: {} }, /serviceHours: no service hours on any weekday/],
    ['an impossible closed day', { closedDays: [{ date: '2026-02-30' }] }, /closedDays\.0\.date: "2026-02-30" is not a calendar date/],
    ['a malformed closed day', { closedDays: [{ date: '24.12.' }] }, /expected "YYYY-MM-DD" or "MM-DD"/],
    ['an impossible recurring open day', { openDays: [{ date: '02-30' }] }, /openDays\.0\.date: "02-30" is not a calendar date/],
    ['overlapping open-day hours', { openDays: [{ date: '12-24', hours: [['08:00', '12:00'], ['09:00', '10:00']] }] }, /openDays\.0\.hours\.1: interval 09:00–10:00 overlaps/],
    ['a duplicate open day', { openDays: [{ date: '12-24' }, { date: '12-24' }] }, /openDays\.1\.date: open day 12-24 is listed twice/],
    ['an unknown country', { holidays: { country: 'XX' } }, /holidays\.country: date-holidays does not know country "XX"/],
    ['an unknown state', { holidays: { country: 'DE', state: 'ZZ' } }, /holidays\.state: date-holidays does not know state "ZZ" in DE/],
    ['an unknown region', { holidays: { country: 'DE', state: 'BY', region: 'Q' } }, /holidays\.region: date-holidays does not know region "Q" in DE-BY/],
    ['a region without a state', { holidays: { country: 'DE', region: 'A' } }, /holidays\.region: a holiday region needs a state/],
    ['an unknown holiday type', { holidays: { types: ['festive'] } }, /holidays\.types\.0/],
    ['no holiday types', { holidays: { types: [] } }, /holidays\.types/],
  ])('rejects %s with CALENDAR_INVALID_CONFIG', (_label, raw, message) => {
    const error = configError(raw);
    expect(error.code).toBe('CALENDAR_INVALID_CONFIG');
    expect(error.message).toMatch(message);
  });

  it('accepts 24:00 as an end, touching intervals, a leap day and a recurring 29 Feb', () => {
    const cfg = parseCalendarConfig({
      serviceHours: { mon: [['00:00', '12:00'], ['12:00', '24:00']] },
      closedDays: [{ date: '2028-02-29' }, { date: '02-29', name: 'Schalttag' }],
      holidays: { country: 'DE', state: 'BY', region: 'A' },
    });
    expect(cfg.serviceHours.mon).toHaveLength(2);
    expect(cfg.holidays?.region).toBe('A');
  });

  it('is checked by createBusinessCalendar too', () => {
    expect(() => createBusinessCalendar({ timeZone: 'Nowhere/Nothing' })).toThrow(DomainError);
    expect(createBusinessCalendar(DEFAULT_CALENDAR_CONFIG).timeZone).toBe('Europe/Berlin');
  });

  it('counts the Augsburger Friedensfest only for the Augsburg region', () => {
    const friedensfest = Date.parse('2025-08-08T08:00:00.000Z'); // Fri 8 Aug 2025, 10:00
    expect(createBusinessCalendar().isOpen(friedensfest)).toBe(true);
    expect(createBusinessCalendar({ holidays: { country: 'DE', state: 'BY', region: 'A' } }).isOpen(friedensfest)).toBe(false);
    // Without a region (Bavaria state-wide), Mariä Himmelfahrt (Fri 15 Aug 2025) is a working day.
    const assumption = Date.parse('2025-08-15T08:00:00.000Z');
    expect(createBusinessCalendar().isOpen(assumption)).toBe(false);
    expect(createBusinessCalendar({ holidays: { country: 'DE', state: 'BY' } }).isOpen(assumption)).toBe(true);
  });
});
