import { z } from 'zod';
import Holidays from 'date-holidays';
import { DomainError } from '../errors';
import { assertTimeZone } from '../time/zoned';

/**
 * Configuration of the business-time calendar. Reasons for every default are in docs/business-calendar.md;
 * keep the two in step.
 */

/** "HH:MM" local wall-clock time; "24:00" is allowed as an interval end (= midnight at the end of the day). */
const clockTime = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time "HH:MM" (00:00–24:00)');

/** A [start, end) stretch of local wall-clock time within one day. */
export const ServiceIntervalSchema = z.tuple([clockTime, clockTime]);
export type ServiceInterval = z.infer<typeof ServiceIntervalSchema>;

const dayHours = z.array(ServiceIntervalSchema);

/** Service hours per ISO weekday; a missing or empty list means closed all day. */
export const WeeklyHoursSchema = z.object({
  mon: dayHours.default([]),
  tue: dayHours.default([]),
  wed: dayHours.default([]),
  thu: dayHours.default([]),
  fri: dayHours.default([]),
  sat: dayHours.default([]),
  sun: dayHours.default([]),
});
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

/** Index = ISO weekday − 1 (Monday first), matching `IsoWeekday` in src-shared/time/zoned.ts. */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "YYYY-MM-DD" for a one-off date or "MM-DD" for a date that recurs every year. */
const dateRule = z.string().regex(/^(?:\d{4}-)?\d{2}-\d{2}$/, 'expected "YYYY-MM-DD" or "MM-DD"');

export const ClosedDaySchema = z.object({
  date: dateRule,
  /** Shown in the "why is the clock stopped" tooltip, e.g. "Betriebsruhe". */
  name: z.string().min(1).max(100).optional(),
});
export type ClosedDay = z.infer<typeof ClosedDaySchema>;

export const OpenDaySchema = z.object({
  date: dateRule,
  /**
   * The hours on that date. They replace the weekday's hours and win over public holidays and closed days,
   * which also makes half days possible (e.g. 24 Dec 08:00–12:00). Omitted = the weekday's usual hours.
   */
  hours: z.array(ServiceIntervalSchema).optional(),
});
export type OpenDay = z.infer<typeof OpenDaySchema>;

export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

export const HolidaySourceSchema = z.object({
  /** ISO 3166-1 code as date-holidays spells it, e.g. "DE". */
  country: z.string().min(2).max(3).default('DE'),
  /** State code, e.g. "BY". */
  state: z.string().min(1).max(10).optional(),
  /** date-holidays region inside the state, e.g. "KATH" (predominantly Catholic municipalities) or "A" (Augsburg). */
  region: z.string().min(1).max(10).optional(),
  /** Which date-holidays types close the desk. Only "public" by default: the others are not days off by law. */
  types: z.array(z.enum(HOLIDAY_TYPES)).min(1).default(['public']),
  /** Language of holiday names (ISO 639-1). */
  language: z.string().min(2).max(5).default('de'),
});
export type HolidaySource = z.infer<typeof HolidaySourceSchema>;

const timeZone = z.string().superRefine((tz, ctx) => {
  try {
    assertTimeZone(tz);
  } catch {
    ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${tz}"` });
  }
});

export const CalendarConfigSchema = z
  .object({
    timeZone: timeZone.default('Europe/Berlin'),
    serviceHours: WeeklyHoursSchema.default({
      mon: [['08:00', '17:00']],
      tue: [['08:00', '17:00']],
      wed: [['08:00', '17:00']],
      thu: [['08:00', '17:00']],
      fri: [['08:00', '17:00']],
      sat: [],
      sun: [],
    }),
    /** `null` switches public holidays off (e.g. a 24/7 calendar). */
    holidays: HolidaySourceSchema.nullable().default({
      country: 'DE',
      state: 'BY',
      region: 'KATH',
      types: ['public'],
      language: 'de',
    }),
    closedDays: z.array(ClosedDaySchema).default([
      { date: '12-24', name: 'Heiligabend (Betriebsruhe)' },
      { date: '12-31', name: 'Silvester (Betriebsruhe)' },
    ]),
    openDays: z.array(OpenDaySchema).default([]),
  })
  .superRefine((config, ctx) => {
    for (const key of WEEKDAY_KEYS) {
      checkIntervals(config.serviceHours[key], ['serviceHours', key], ctx);
    }
    // A week without any service hours would make "add 2 h of business time" search forever.
    if (WEEKDAY_KEYS.every((key) => config.serviceHours[key].length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['serviceHours'], message: 'no service hours on any weekday' });
    }
    config.closedDays.forEach((d, i) => checkDate(d.date, ['closedDays', i, 'date'], ctx));
    config.openDays.forEach((d, i) => {
      checkDate(d.date, ['openDays', i, 'date'], ctx);
      if (d.hours) checkIntervals(d.hours, ['openDays', i, 'hours'], ctx);
    });
    const openDates = new Set<string>();
    config.openDays.forEach((d, i) => {
      if (openDates.has(d.date)) {
        ctx.addIssue({ code: 'custom', path: ['openDays', i, 'date'], message: `open day ${d.date} is listed twice` });
      }
      openDates.add(d.date);
    });
    if (config.holidays) checkHolidaySource(config.holidays, ctx);
  });

export type CalendarConfig = z.infer<typeof CalendarConfigSchema>;
/** What callers may pass: every field has a default. */
export type CalendarConfigInput = z.input<typeof CalendarConfigSchema>;

export const DEFAULT_CALENDAR_CONFIG: CalendarConfig = CalendarConfigSchema.parse({});

/** Minutes after local midnight for a validated "HH:MM". */
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

type Ctx = z.core.$RefinementCtx;

function checkIntervals(intervals: readonly ServiceInterval[], path: (string | number)[], ctx: Ctx): void {
  const sorted = intervals
    .map(([s, e], i) => ({ s: clockMinutes(s), e: clockMinutes(e), i, text: `${s}–${e}` }))
    .sort((a, b) => a.s - b.s);
  for (const iv of sorted) {
    if (iv.e <= iv.s) {
      ctx.addIssue({ code: 'custom', path: [...path, iv.i], message: `interval ${iv.text} ends before it starts` });
    }
  }
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.s < prev.e) {
      ctx.addIssue({ code: 'custom', path: [...path, cur.i], message: `interval ${cur.text} overlaps ${prev.text}` });
    }
  }
}

function checkDate(rule: string, path: (string | number)[], ctx: Ctx): void {
  const parts = rule.split('-').map(Number);
  // A recurring "MM-DD" must exist in some year: check it against a leap year so 02-29 is allowed.
  const [y, m, d] = parts.length === 3 ? (parts as [number, number, number]) : [2024, parts[0]!, parts[1]!];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    ctx.addIssue({ code: 'custom', path, message: `"${rule}" is not a calendar date` });
  }
}

function checkHolidaySource(source: HolidaySource, ctx: Ctx): void {
  // date-holidays' init() accepts unknown codes silently and then reports no holidays at all, which would
  // quietly make every holiday a working day; so look the codes up explicitly.
  const hd = new Holidays();
  if (!(source.country in hd.getCountries())) {
    ctx.addIssue({ code: 'custom', path: ['holidays', 'country'], message: `date-holidays does not know country "${source.country}"` });
    return;
  }
  if (source.state !== undefined && !(source.state in (hd.getStates(source.country) ?? {}))) {
    ctx.addIssue({ code: 'custom', path: ['holidays', 'state'], message: `date-holidays does not know state "${source.state}" in ${source.country}` });
    return;
  }
  if (source.region !== undefined) {
    if (source.state === undefined) {
      ctx.addIssue({ code: 'custom', path: ['holidays', 'region'], message: 'a holiday region needs a state' });
    } else if (!(source.region in (hd.getRegions(source.country, source.state) ?? {}))) {
      ctx.addIssue({
        code: 'custom',
        path: ['holidays', 'region'],
        message: `date-holidays does not know region "${source.region}" in ${source.country}-${source.state}`,
      });
    }
  }
}

/** Validates untrusted configuration (a JSON file, an admin form). Throws CALENDAR_INVALID_CONFIG. */
export function parseCalendarConfig(raw: unknown): CalendarConfig {
  const result = CalendarConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new DomainError('CALENDAR_INVALID_CONFIG', `Invalid business calendar configuration: ${issues.join('; ')}`, {
    issues,
  });
}
