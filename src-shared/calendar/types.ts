import type { Instant } from '../domain/ticket';

/** A closed stretch of time the calendar skips (outside service hours, holiday, extra closed day). */
export interface ClosedPeriod {
  readonly start: Instant;
  readonly end: Instant;
  readonly reason: 'outside_service_hours' | 'public_holiday' | 'closed_day';
  /** e.g. the holiday's name; absent for plain off-hours. */
  readonly name?: string;
}

/**
 * Business time: only time inside service hours counts. All durations are milliseconds.
 * Implementations must be exact across DST switches, holidays and year ends.
 */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** The instant at which `durationMs` of business time has elapsed after `start`. */
  addBusinessTime(start: Instant, durationMs: number): Instant;
  /** Business time between a and b (negative when b < a). */
  businessTimeBetween(a: Instant, b: Instant): number;
  /** Whether `at` lies inside service hours. */
  isOpen(at: Instant): boolean;
  /** The closed periods overlapping [from, to), merged and in order: for "how was this computed" tooltips. */
  closedPeriodsBetween(from: Instant, to: Instant): ClosedPeriod[];
}
