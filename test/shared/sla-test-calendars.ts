import type { BusinessCalendar, ClosedPeriod } from '../../src-shared/calendar/types';
import { DAY_MS, HOUR_MS } from '../../src-shared/time/zoned';

/**
 * Test-only calendars so the SLA and priority tests do not depend on the real Berlin calendar:
 * every hour counts (24/7), or Mon–Fri 08:00–17:00 UTC without holidays (arithmetic easy to check by hand).
 */
export const alwaysOpen: BusinessCalendar = {
  timeZone: 'UTC',
  addBusinessTime: (start, durationMs) => start + durationMs,
  businessTimeBetween: (a, b) => b - a,
  isOpen: () => true,
  closedPeriodsBetween: () => [],
};

const OPEN_H = 8;
const CLOSE_H = 17;

function openInterval(dayStart: number): [number, number] | null {
  const weekday = new Date(dayStart).getUTCDay();
  if (weekday === 0 || weekday === 6) return null;
  return [dayStart + OPEN_H * HOUR_MS, dayStart + CLOSE_H * HOUR_MS];
}

export const weekdaysUtc: BusinessCalendar = {
  timeZone: 'UTC',
  businessTimeBetween(a, b) {
    if (b < a) return -this.businessTimeBetween(b, a);
    let sum = 0;
    for (let day = Math.floor(a / DAY_MS) * DAY_MS; day < b; day += DAY_MS) {
      const open = openInterval(day);
      if (open) sum += Math.max(0, Math.min(b, open[1]) - Math.max(a, open[0]));
    }
    return sum;
  },
  addBusinessTime(start, durationMs) {
    if (durationMs < 0) throw new RangeError('negative duration');
    if (durationMs === 0) return start;
    let left = durationMs;
    for (let day = Math.floor(start / DAY_MS) * DAY_MS; ; day += DAY_MS) {
      const open = openInterval(day);
      if (!open) continue;
      const from = Math.max(start, open[0]);
      const avail = Math.max(0, open[1] - from);
      if (avail >= left) return from + left;
      left -= avail;
    }
  },
  isOpen(at) {
    const open = openInterval(Math.floor(at / DAY_MS) * DAY_MS);
    return open !== null && at >= open[0] && at < open[1];
  },
  closedPeriodsBetween(from, to) {
    const out: ClosedPeriod[] = [];
    let cursor = from;
    for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to && cursor < to; day += DAY_MS) {
      const open = openInterval(day);
      if (!open || open[1] <= cursor) continue;
      if (open[0] > cursor) out.push({ start: cursor, end: Math.min(open[0], to), reason: 'outside_service_hours' });
      cursor = Math.min(open[1], to);
    }
    if (cursor < to) out.push({ start: cursor, end: to, reason: 'outside_service_hours' });
    return out;
  },
};
