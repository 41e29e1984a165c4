import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import type { BusinessCalendar, ClosedPeriod } from '../../src-shared/calendar/types';
import type { SlaClockView } from '../../src-shared/ipc/contract';

/** Colour classes of an SLA countdown (docs/agent-ui.md explains them to agents). */
export type CountdownTone = 'ok' | 'at_risk' | 'breached' | 'paused' | 'met' | 'none';

export interface CountdownValue {
  readonly tone: CountdownTone;
  /** Business time left (negative when overdue); null when there is nothing to count. */
  readonly remainingMs: number | null;
}

let shared: BusinessCalendar | null = null;
/** The same default calendar the core and the service use, so the UI never disagrees with the server's deadline. */
export function sharedCalendar(): BusinessCalendar {
  shared ??= createBusinessCalendar();
  return shared;
}

const STATE_ORDER: Record<SlaClockView['state'], number> = { running: 0, breached: 1, paused: 2, met: 3, not_applicable: 4 };

/** The clock a queue row shows: the running one due first, else breached, paused, met. */
export function headlineClock(clocks: readonly SlaClockView[]): SlaClockView | null {
  let best: SlaClockView | null = null;
  for (const c of clocks) {
    if (best === null) {
      best = c;
      continue;
    }
    const byState = STATE_ORDER[c.state] - STATE_ORDER[best.state];
    if (byState < 0 || (byState === 0 && (c.dueAt ?? '9') < (best.dueAt ?? '9'))) best = c;
  }
  return best;
}

/**
 * Re-derives the countdown for `now` from the deadline (not from the snapshot's remainingMs), so it keeps
 * ticking correctly between refreshes and offline. A paused clock is frozen at the core's value.
 */
export function countdownAt(clock: SlaClockView | null, now: number, calendar: BusinessCalendar = sharedCalendar()): CountdownValue {
  if (clock === null || clock.state === 'not_applicable') return { tone: 'none', remainingMs: null };
  if (clock.state === 'met') return { tone: 'met', remainingMs: null };
  if (clock.state === 'paused') return { tone: 'paused', remainingMs: clock.remainingMs };
  const due = clock.dueAt === null ? null : Date.parse(clock.dueAt);
  const remainingMs = due === null ? clock.remainingMs : calendar.businessTimeBetween(now, due);
  if (clock.state === 'breached' || (remainingMs !== null && remainingMs < 0)) return { tone: 'breached', remainingMs };
  return { tone: clock.atRisk ? 'at_risk' : 'ok', remainingMs };
}

export interface ClosedSummary {
  readonly reason: ClosedPeriod['reason'];
  readonly totalMs: number;
  readonly count: number;
  readonly names: readonly string[];
}

export interface CountdownDerivation {
  readonly from: number;
  readonly to: number;
  readonly wallMs: number;
  readonly businessMs: number;
  readonly closed: readonly ClosedSummary[];
}

/**
 * "How was this number computed": wall-clock span between now and the deadline, minus the closed periods the
 * calendar skipped (off-hours, public holidays, closed days), equals the business time shown.
 */
export function deriveCountdown(clock: SlaClockView, now: number, calendar: BusinessCalendar = sharedCalendar()): CountdownDerivation | null {
  if (clock.dueAt === null) return null;
  const due = Date.parse(clock.dueAt);
  const from = Math.min(now, due);
  const to = Math.max(now, due);
  const byReason = new Map<ClosedPeriod['reason'], { totalMs: number; count: number; names: Set<string> }>();
  for (const p of calendar.closedPeriodsBetween(from, to)) {
    const ms = Math.min(p.end, to) - Math.max(p.start, from);
    if (ms <= 0) continue;
    const entry = byReason.get(p.reason) ?? { totalMs: 0, count: 0, names: new Set<string>() };
    entry.totalMs += ms;
    entry.count += 1;
    if (p.name) entry.names.add(p.name);
    byReason.set(p.reason, entry);
  }
  return {
    from,
    to,
    wallMs: to - from,
    businessMs: calendar.businessTimeBetween(from, to),
    closed: [...byReason].map(([reason, e]) => ({ reason, totalMs: e.totalMs, count: e.count, names: [...e.names] })),
  };
}
