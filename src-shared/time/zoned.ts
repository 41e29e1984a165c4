import type { Instant } from '../domain/ticket';

/**
 * Wall-clock time in an IANA time zone, computed with ECMAScript's Intl only (no Node or DOM APIs), so the
 * same code runs in the service, the sync engine and the renderer.
 *
 * Instants are epoch milliseconds. A LocalDateTime is what a clock on the wall in that zone shows.
 */
export interface LocalDateTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for an unknown zone name (Intl does the checking). */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

// Offsets change at most a few times a year and never inside a minute boundary in real zones, so caching
// per (zone, minute) is exact and makes the calendar's hot loops cheap.
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 50_000;

/** The zone's UTC offset at `instant` in milliseconds (local wall clock minus UTC), e.g. +3_600_000 for CET. */
export function offsetAt(instant: Instant, timeZone: string): number {
  const minute = Math.floor(instant / MINUTE_MS);
  const cacheKey = `${timeZone}|${minute}`;
  const cached = offsetCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const parts = formatter(timeZone).formatToParts(new Date(minute * MINUTE_MS));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = asUtc - minute * MINUTE_MS;
  if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
  offsetCache.set(cacheKey, offset);
  return offset;
}

/** The wall-clock reading in `timeZone` at `instant`. */
export function toZoned(instant: Instant, timeZone: string): LocalDateTime {
  const d = new Date(instant + offsetAt(instant, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

function localAsUtc(l: LocalDateTime): number {
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.millisecond);
}

/**
 * The instant a wall clock in `timeZone` shows `local`.
 * - In a fall-back overlap (the hour exists twice) `disambiguation` picks the earlier (default) or later one.
 * - In a spring-forward gap (the time does not exist) the result is shifted forward by the gap, as
 *   Temporal's "compatible" does: 02:30 on the March switch in Berlin becomes 03:30 CEST.
 * Out-of-range fields are normalised like Date.UTC does (day 32 rolls into the next month).
 */
export function fromZoned(local: LocalDateTime, timeZone: string, disambiguation: 'earlier' | 'later' = 'earlier'): Instant {
  const guess = localAsUtc(local);
  const before = offsetAt(guess - DAY_MS, timeZone);
  const after = offsetAt(guess + DAY_MS, timeZone);
  const candidates = [guess - before, guess - after].filter(
    (c, i, all) => all.indexOf(c) === i && localAsUtc(toZoned(c, timeZone)) === guess,
  );
  if (candidates.length === 0) return guess - before; // gap: shift forward by the gap
  candidates.sort((a, b) => a - b);
  return disambiguation === 'later' ? candidates[candidates.length - 1]! : candidates[0]!;
}

/** ISO weekday (1 = Monday) of the local date shown at `instant`. */
export function weekdayAt(instant: Instant, timeZone: string): IsoWeekday {
  const l = toZoned(instant, timeZone);
  const dow = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  return (dow === 0 ? 7 : dow) as IsoWeekday;
}

/** "YYYY-MM-DD" of the local date shown at `instant`. */
export function localDateString(instant: Instant, timeZone: string): string {
  const l = toZoned(instant, timeZone);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** The first instant of the local day containing `instant` (midnight, or later if midnight is skipped). */
export function startOfLocalDay(instant: Instant, timeZone: string): Instant {
  const l = toZoned(instant, timeZone);
  return fromZoned({ ...l, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/**
 * The same wall-clock time `days` calendar days later in `timeZone` ("7 days" across a DST switch is
 * 7 × 24 h ± 1 h of elapsed time, never a shifted clock time). Negative days go back.
 */
export function addLocalDays(instant: Instant, days: number, timeZone: string): Instant {
  const l = toZoned(instant, timeZone);
  const wasLaterOfOverlap = fromZoned(l, timeZone, 'earlier') !== instant;
  return fromZoned({ ...l, day: l.day + days }, timeZone, wasLaterOfOverlap ? 'later' : 'earlier');
}
