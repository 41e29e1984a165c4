import type { Instant } from '../domain/ticket';
import { DomainError } from '../errors';
import { DAY_MS, offsetAt } from '../time/zoned';
import type { BusinessCalendar, ClosedPeriod } from './types';
import {
  clockMinutes,
  parseCalendarConfig,
  WEEKDAY_KEYS,
  type CalendarConfig,
  type CalendarConfigInput,
  type ServiceInterval,
} from './config';
import { HolidayLookup } from './holiday-lookup';

/**
 * Business time = the sum of the service intervals' real elapsed time. The calendar works one local day at a
 * time: each day becomes a `DayPlan` (its open intervals as instants, or the reason it is closed all day), so
 * every operation costs O(days spanned), never O(minutes). Definitions and their reasons:
 * docs/business-calendar.md.
 */

/** Whole-day closure reasons; plain off-hours are `outside_service_hours`. */
type DayClosure = { readonly reason: 'public_holiday' | 'closed_day'; readonly name?: string };

interface DayPlan {
  /** First instant of the local day. */
  readonly start: Instant;
  /** First instant of the next local day. */
  readonly end: Instant;
  /** Open [start, end) intervals, sorted, non-empty, disjoint, within [start, end]. */
  readonly open: readonly (readonly [Instant, Instant])[];
  readonly closure?: DayClosure;
}

// Day plans are cheap to rebuild; the bound only keeps a long-running service from growing without limit.
const DAY_PLAN_CACHE_LIMIT = 5_000;
// A valid configuration has service hours on some weekday, so a search that finds no open time in this many
// consecutive days can only mean closed days/open days that close everything; fail instead of looping forever.
const MAX_DAYS_WITHOUT_OPEN_TIME = 800;

export function createBusinessCalendar(config: CalendarConfigInput = {}): BusinessCalendar {
  const cfg: CalendarConfig = parseCalendarConfig(config);
  const tz = cfg.timeZone;
  const holidays = cfg.holidays ? new HolidayLookup(cfg.holidays) : undefined;
  // One-off "YYYY-MM-DD" entries are checked before recurring "MM-DD" ones, so a one-off can refine a rule.
  const closedDays = new Map(cfg.closedDays.map((d) => [d.date, d] as const));
  const openDays = new Map(cfg.openDays.map((d) => [d.date, d] as const));
  const plans = new Map<number, DayPlan>();

  /** Days since 1970-01-01 of the local date shown at `at`. */
  function dayIndexAt(at: Instant): number {
    return Math.floor((at + offsetAt(at, tz)) / DAY_MS);
  }

  function planFor(dayIndex: number): DayPlan {
    const cached = plans.get(dayIndex);
    if (cached) return cached;
    const plan = buildPlan(dayIndex);
    if (plans.size >= DAY_PLAN_CACHE_LIMIT) plans.clear();
    plans.set(dayIndex, plan);
    return plan;
  }

  function buildPlan(dayIndex: number): DayPlan {
    const date = new Date(dayIndex * DAY_MS);
    const year = date.getUTCFullYear();
    const monthDay = `${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
    const localDate = `${year}-${monthDay}`;
    const segments = offsetSegments(dayIndex * DAY_MS - ZONE_SLACK_MS, (dayIndex + 1) * DAY_MS + ZONE_SLACK_MS, tz);
    // A date a zone skipped entirely (Pacific/Apia, 2011-12-30) has no instants: an empty day at the jump.
    const jump = dayIndex * DAY_MS - offsetAt(dayIndex * DAY_MS, tz);
    const [start, end] = localSpan(dayIndex * DAY_MS, 0, 24 * 60, segments)[0] ?? [jump, jump];
    const open = (hours: readonly ServiceInterval[]): (readonly [Instant, Instant])[] =>
      union(hours.flatMap(([s, e]) => localSpan(dayIndex * DAY_MS, clockMinutes(s), clockMinutes(e), segments)));
    const weekdayHours = cfg.serviceHours[WEEKDAY_KEYS[(date.getUTCDay() + 6) % 7]!];

    const openDay = openDays.get(localDate) ?? openDays.get(monthDay);
    if (openDay) return { start, end, open: open(openDay.hours ?? weekdayHours) };

    const holiday = holidays?.nameOn(year, localDate);
    if (holiday !== undefined) return { start, end, open: [], closure: { reason: 'public_holiday', name: holiday } };

    const closedDay = closedDays.get(localDate) ?? closedDays.get(monthDay);
    if (closedDay) {
      const closure: DayClosure = closedDay.name === undefined ? { reason: 'closed_day' } : { reason: 'closed_day', name: closedDay.name };
      return { start, end, open: [], closure };
    }
    return { start, end, open: open(weekdayHours) };
  }

  function checkInstant(value: number, what: string): void {
    if (!Number.isSafeInteger(value)) {
      throw new DomainError('VALIDATION_FAILED', `${what} must be an integer number of milliseconds, got ${value}`);
    }
  }

  function forward(start: Instant, durationMs: number): Instant {
    let remaining = durationMs;
    let dayIndex = dayIndexAt(start);
    for (let idle = 0; idle < MAX_DAYS_WITHOUT_OPEN_TIME; dayIndex++) {
      const plan = planFor(dayIndex);
      let sawOpenTime = false;
      for (const [s, e] of plan.open) {
        if (e <= start) continue;
        sawOpenTime = true;
        const from = Math.max(s, start);
        const available = e - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
      idle = sawOpenTime ? 0 : idle + 1;
    }
    throw noOpenTime(start);
  }

  function backward(start: Instant, durationMs: number): Instant {
    let remaining = durationMs;
    let dayIndex = dayIndexAt(start);
    for (let idle = 0; idle < MAX_DAYS_WITHOUT_OPEN_TIME; dayIndex--) {
      const plan = planFor(dayIndex);
      let sawOpenTime = false;
      for (let k = plan.open.length - 1; k >= 0; k--) {
        const [s, e] = plan.open[k]!;
        if (s >= start) continue;
        sawOpenTime = true;
        const to = Math.min(e, start);
        const available = to - s;
        if (remaining <= available) return to - remaining;
        remaining -= available;
      }
      idle = sawOpenTime ? 0 : idle + 1;
    }
    throw noOpenTime(start);
  }

  function noOpenTime(start: Instant): DomainError {
    return new DomainError(
      'CALENDAR_INVALID_CONFIG',
      `The business calendar has no service hours in the ${MAX_DAYS_WITHOUT_OPEN_TIME} days around ${new Date(start).toISOString()}`,
    );
  }

  function between(a: Instant, b: Instant): number {
    let total = 0;
    const last = dayIndexAt(b);
    for (let dayIndex = dayIndexAt(a); dayIndex <= last; dayIndex++) {
      for (const [s, e] of planFor(dayIndex).open) {
        const overlap = Math.min(e, b) - Math.max(s, a);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  return {
    timeZone: tz,

    addBusinessTime(start, durationMs) {
      checkInstant(start, 'start');
      checkInstant(durationMs, 'durationMs');
      if (durationMs === 0) return start;
      return durationMs > 0 ? forward(start, durationMs) : backward(start, -durationMs);
    },

    businessTimeBetween(a, b) {
      checkInstant(a, 'a');
      checkInstant(b, 'b');
      // `0 -` rather than unary minus: an all-closed span must give 0, not -0.
      return b < a ? 0 - between(b, a) : between(a, b);
    },

    isOpen(at) {
      checkInstant(at, 'at');
      return planFor(dayIndexAt(at)).open.some(([s, e]) => s <= at && at < e);
    },

    closedPeriodsBetween(from, to) {
      checkInstant(from, 'from');
      checkInstant(to, 'to');
      const periods: ClosedPeriod[] = [];
      const push = (start: Instant, end: Instant, reason: ClosedPeriod['reason'], name?: string): void => {
        const s = Math.max(start, from);
        const e = Math.min(end, to);
        if (e <= s) return;
        const prev = periods[periods.length - 1];
        if (prev && prev.end === s && prev.reason === reason && prev.name === name) {
          periods[periods.length - 1] = { ...prev, end: e };
        } else {
          periods.push(name === undefined ? { start: s, end: e, reason } : { start: s, end: e, reason, name });
        }
      };
      if (to <= from) return periods;
      const last = dayIndexAt(to - 1);
      for (let dayIndex = dayIndexAt(from); dayIndex <= last; dayIndex++) {
        const plan = planFor(dayIndex);
        if (plan.closure) {
          push(plan.start, plan.end, plan.closure.reason, plan.closure.name);
          continue;
        }
        let cursor = plan.start;
        for (const [s, e] of plan.open) {
          push(cursor, s, 'outside_service_hours');
          cursor = e;
        }
        push(cursor, plan.end, 'outside_service_hours');
      }
      return periods;
    },
  };
}

// Real UTC offsets lie within ±14 h, so every instant whose wall clock shows a given date lies within this
// slack around that date's midnight-to-midnight read as UTC.
const ZONE_SLACK_MS = 15 * 3_600_000;
const MINUTE = 60_000;

interface OffsetSegment {
  readonly from: Instant;
  readonly to: Instant;
  readonly offset: number;
}

/**
 * [from, to) split where the zone's offset changes. Offsets change on whole minutes and at most once within
 * the ~2.5 days this is called for, so bisection to the minute finds every switch.
 */
function offsetSegments(from: Instant, to: Instant, tz: string): OffsetSegment[] {
  const first = offsetAt(from, tz);
  const last = offsetAt(to - 1, tz);
  if (first === last) return [{ from, to, offset: first }];
  let lo = Math.floor(from / MINUTE); // offset(lo) === first
  let hi = Math.ceil(to / MINUTE) - 1; // offset(hi) !== first
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * MINUTE, tz) === first) lo = mid;
    else hi = mid;
  }
  return [{ from, to: hi * MINUTE, offset: first }, ...offsetSegments(hi * MINUTE, to, tz)];
}

/**
 * The instants at which the wall clock shows a time in [startMinute, endMinute) of the local date whose
 * midnight, read as UTC, is `localMidnight`. This is the definition of business time: when a DST switch skips
 * part of the interval that part simply never happens, and when it repeats part, it happens (and counts) twice.
 */
function localSpan(
  localMidnight: number,
  startMinute: number,
  endMinute: number,
  segments: readonly OffsetSegment[],
): (readonly [Instant, Instant])[] {
  const spans: (readonly [Instant, Instant])[] = [];
  for (const seg of segments) {
    const s = Math.max(seg.from, localMidnight + startMinute * MINUTE - seg.offset);
    const e = Math.min(seg.to, localMidnight + endMinute * MINUTE - seg.offset);
    if (e > s) spans.push([s, e]);
  }
  return union(spans);
}

/** Sorted, with touching or overlapping spans merged. */
function union(spans: readonly (readonly [Instant, Instant])[]): (readonly [Instant, Instant])[] {
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  const result: [Instant, Instant][] = [];
  for (const [s, e] of sorted) {
    const prev = result[result.length - 1];
    if (prev && s <= prev[1]) prev[1] = Math.max(prev[1], e);
    else result.push([s, e]);
  }
  return result;
}
