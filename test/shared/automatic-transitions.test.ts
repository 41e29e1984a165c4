import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AUTOMATIC_RULES,
  AutomaticTransitionConfigSchema,
  DEFAULT_AUTOMATIC_TRANSITION_CONFIG,
  automaticStatusChange,
  dueAutomaticTransitions,
  nextAutomaticTransition,
  type AutomaticTransitionInput,
} from '../../src-shared/domain/automatic-transitions';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import type { StatusChange } from '../../src-shared/domain/ticket';
import { checkTransition } from '../../src-shared/domain/workflow';
import { isDomainError } from '../../src-shared/errors';
import { DAY_MS, HOUR_MS, toZoned } from '../../src-shared/time/zoned';

const TZ = 'Europe/Berlin';
const iso = (s: string) => Date.parse(s);
const isoOf = (t: number) => new Date(t).toISOString();
const agent = { kind: 'user', userId: 'a1', role: 'agent' } as const;

/** A ticket that entered `status` at `enteredAt` (after having been NEW), with optional customer activity. */
function ticket(status: TicketStatus, enteredAt: number, lastCustomerActivityAt: number | null = null): AutomaticTransitionInput {
  const history: StatusChange[] = [{ at: isoOf(enteredAt - DAY_MS), actor: agent, from: null, to: 'NEW' }];
  if (status !== 'NEW') history.push({ at: isoOf(enteredAt), actor: agent, from: 'NEW', to: status });
  return { status, statusHistory: history, lastCustomerActivityAt: lastCustomerActivityAt === null ? null : isoOf(lastCustomerActivityAt) };
}

describe('nextAutomaticTransition', () => {
  it('FEEDBACK_REQUEST → FEEDBACK_PENDING after 7 days, FEEDBACK_PENDING → DONE after 7, IMPLEMENTING → FEEDBACK_PENDING after 28', () => {
    const t0 = iso('2026-06-10T08:15:00.000Z');
    expect(nextAutomaticTransition(ticket('FEEDBACK_REQUEST', t0))).toEqual({
      from: 'FEEDBACK_REQUEST',
      to: 'FEEDBACK_PENDING',
      dueAt: iso('2026-06-17T08:15:00.000Z'),
      rule: 'feedback_request_unanswered',
      clockStartedAt: t0,
    });
    expect(nextAutomaticTransition(ticket('FEEDBACK_PENDING', t0))).toMatchObject({
      to: 'DONE',
      dueAt: iso('2026-06-17T08:15:00.000Z'),
      rule: 'feedback_pending_unanswered',
    });
    expect(nextAutomaticTransition(ticket('IMPLEMENTING', t0))).toMatchObject({
      to: 'FEEDBACK_PENDING',
      dueAt: iso('2026-07-08T08:15:00.000Z'),
      rule: 'implementing_unanswered',
    });
  });

  it('has no timer for NEW, OPEN, IN_PROGRESS, PEER_REVIEW, DONE, CLOSED', () => {
    for (const s of ['NEW', 'OPEN', 'IN_PROGRESS', 'PEER_REVIEW', 'DONE', 'CLOSED'] as const) {
      expect(nextAutomaticTransition(ticket(s, iso('2026-06-10T08:00:00Z')))).toBeNull();
    }
  });

  describe('calendar days in Europe/Berlin across DST', () => {
    it('spring forward (29 March 2026): same wall-clock time, 7 × 24 h − 1 h elapsed', () => {
      const entered = iso('2026-03-25T09:00:00.000Z'); // Wed 10:00 CET
      const next = nextAutomaticTransition(ticket('FEEDBACK_REQUEST', entered))!;
      expect(isoOf(next.dueAt)).toBe('2026-04-01T08:00:00.000Z'); // Wed 10:00 CEST
      expect(next.dueAt - entered).toBe(7 * DAY_MS - HOUR_MS);
      expect(toZoned(next.dueAt, TZ)).toMatchObject({ year: 2026, month: 4, day: 1, hour: 10, minute: 0 });
    });

    it('fall back (25 October 2026): same wall-clock time, 7 × 24 h + 1 h elapsed', () => {
      const entered = iso('2026-10-21T08:00:00.000Z'); // Wed 10:00 CEST
      const next = nextAutomaticTransition(ticket('FEEDBACK_PENDING', entered))!;
      expect(isoOf(next.dueAt)).toBe('2026-10-28T09:00:00.000Z'); // Wed 10:00 CET
      expect(next.dueAt - entered).toBe(7 * DAY_MS + HOUR_MS);
      expect(toZoned(next.dueAt, TZ)).toMatchObject({ month: 10, day: 28, hour: 10, minute: 0 });
    });

    it('IMPLEMENTING over the spring switch: 28 days, 13:00 stays 13:00', () => {
      const entered = iso('2026-03-10T12:00:00.000Z'); // 13:00 CET
      const next = nextAutomaticTransition(ticket('IMPLEMENTING', entered))!;
      expect(isoOf(next.dueAt)).toBe('2026-04-07T11:00:00.000Z'); // 13:00 CEST
      expect(next.dueAt - entered).toBe(28 * DAY_MS - HOUR_MS);
    });

    it('either pass through the repeated autumn hour lands on 02:30 a week later', () => {
      const earlier = iso('2026-10-25T00:30:00.000Z'); // 02:30 CEST (first pass)
      const later = iso('2026-10-25T01:30:00.000Z'); // 02:30 CET (second pass)
      expect(isoOf(nextAutomaticTransition(ticket('FEEDBACK_REQUEST', earlier))!.dueAt)).toBe('2026-11-01T01:30:00.000Z');
      expect(isoOf(nextAutomaticTransition(ticket('FEEDBACK_REQUEST', later))!.dueAt)).toBe('2026-11-01T01:30:00.000Z');
    });

    it('a wall-clock time missing on the due day moves forward by the gap', () => {
      const entered = iso('2026-03-22T01:30:00.000Z'); // Sun 02:30 CET; 29 March 02:30 does not exist
      const next = nextAutomaticTransition(ticket('FEEDBACK_REQUEST', entered))!;
      expect(toZoned(next.dueAt, TZ)).toMatchObject({ month: 3, day: 29, hour: 3, minute: 30 });
      // 02:30 CET + 168 h is 03:30 CEST: shifting by the gap makes this the one case with exactly 7 × 24 h.
      expect(next.dueAt - entered).toBe(7 * DAY_MS);
    });
  });

  describe('when the clock starts', () => {
    const entered = iso('2026-06-10T08:00:00.000Z');

    it('a later customer activity restarts the wait', () => {
      const activity = iso('2026-06-12T15:30:00.000Z');
      const next = nextAutomaticTransition(ticket('IMPLEMENTING', entered, activity))!;
      expect(next.clockStartedAt).toBe(activity);
      expect(isoOf(next.dueAt)).toBe('2026-07-10T15:30:00.000Z');
    });

    it('an earlier customer activity does not', () => {
      const next = nextAutomaticTransition(ticket('FEEDBACK_REQUEST', entered, entered - 3 * DAY_MS))!;
      expect(next.clockStartedAt).toBe(entered);
    });

    it('counts from the LAST entry into the current status', () => {
      const first = iso('2026-06-01T08:00:00.000Z');
      const second = iso('2026-06-09T09:00:00.000Z');
      const t: AutomaticTransitionInput = {
        status: 'FEEDBACK_REQUEST',
        lastCustomerActivityAt: null,
        statusHistory: [
          { at: isoOf(first - DAY_MS), actor: agent, from: null, to: 'NEW' },
          { at: isoOf(first), actor: agent, from: 'NEW', to: 'FEEDBACK_REQUEST' },
          { at: isoOf(first + DAY_MS), actor: { kind: 'user', userId: 'c1', role: 'customer' }, from: 'FEEDBACK_REQUEST', to: 'OPEN' },
          { at: isoOf(second), actor: agent, from: 'OPEN', to: 'FEEDBACK_REQUEST' },
        ],
      };
      expect(nextAutomaticTransition(t)!.clockStartedAt).toBe(second);
    });

    it('refuses a timed status without any entry into it instead of never expiring', () => {
      const broken: AutomaticTransitionInput = { status: 'FEEDBACK_PENDING', statusHistory: [], lastCustomerActivityAt: null };
      let thrown: unknown;
      try {
        nextAutomaticTransition(broken);
      } catch (e) {
        thrown = e;
      }
      expect(isDomainError(thrown) && thrown.code).toBe('VALIDATION_FAILED');
      expect(String((thrown as Error).message)).toContain('FEEDBACK_PENDING');
    });
  });
});

describe('configuration', () => {
  it('defaults to 7/7/28 days in Europe/Berlin', () => {
    expect(DEFAULT_AUTOMATIC_TRANSITION_CONFIG).toEqual({
      feedbackRequestDays: 7,
      feedbackPendingDays: 7,
      implementingDays: 28,
      timeZone: 'Europe/Berlin',
    });
  });

  it('uses configured durations', () => {
    const config = AutomaticTransitionConfigSchema.parse({ feedbackRequestDays: 3, implementingDays: 14 });
    const entered = iso('2026-03-27T09:00:00.000Z'); // Fri 10:00 CET
    expect(isoOf(nextAutomaticTransition(ticket('FEEDBACK_REQUEST', entered), config)!.dueAt)).toBe('2026-03-30T08:00:00.000Z');
    expect(isoOf(nextAutomaticTransition(ticket('FEEDBACK_PENDING', entered), config)!.dueAt)).toBe('2026-04-03T08:00:00.000Z');
    expect(isoOf(nextAutomaticTransition(ticket('IMPLEMENTING', entered), config)!.dueAt)).toBe('2026-04-10T08:00:00.000Z');
  });

  it('uses the configured time zone for calendar days', () => {
    // New York switched on 8 March 2026; Berlin not until 29 March.
    const config = AutomaticTransitionConfigSchema.parse({ timeZone: 'America/New_York' });
    const entered = iso('2026-03-05T15:00:00.000Z');
    expect(nextAutomaticTransition(ticket('FEEDBACK_REQUEST', entered), config)!.dueAt - entered).toBe(7 * DAY_MS - HOUR_MS);
    expect(nextAutomaticTransition(ticket('FEEDBACK_REQUEST', entered))!.dueAt - entered).toBe(7 * DAY_MS);
  });

  it.each([
    [{ feedbackRequestDays: 0 }],
    [{ feedbackPendingDays: -1 }],
    [{ implementingDays: 1.5 }],
    [{ implementingDays: 367 }],
    [{ feedbackRequestDays: '7' }],
    [{ timeZone: 'Europe/Atlantis' }],
    [{ timeZone: '' }],
    [{ feedbackRequestWeeks: 1 }],
  ])('rejects %j', (input) => {
    expect(AutomaticTransitionConfigSchema.safeParse(input).success).toBe(false);
  });
});

describe('dueAutomaticTransitions (catch-up)', () => {
  it('FEEDBACK_REQUEST entered 15 days ago: FEEDBACK_PENDING at day 7, then DONE at day 14', () => {
    const entered = iso('2026-06-01T08:00:00.000Z');
    const steps = dueAutomaticTransitions(ticket('FEEDBACK_REQUEST', entered), entered + 15 * DAY_MS);
    expect(steps.map((s) => [s.from, s.to, isoOf(s.dueAt)])).toEqual([
      ['FEEDBACK_REQUEST', 'FEEDBACK_PENDING', '2026-06-08T08:00:00.000Z'],
      ['FEEDBACK_PENDING', 'DONE', '2026-06-15T08:00:00.000Z'],
    ]);
    expect(steps.map(automaticStatusChange)).toEqual([
      { at: '2026-06-08T08:00:00.000Z', actor: { kind: 'system' }, from: 'FEEDBACK_REQUEST', to: 'FEEDBACK_PENDING' },
      { at: '2026-06-15T08:00:00.000Z', actor: { kind: 'system' }, from: 'FEEDBACK_PENDING', to: 'DONE' },
    ]);
  });

  it('sequences across the spring switch, each step with its own instant', () => {
    const entered = iso('2026-03-20T09:00:00.000Z'); // Fri 10:00 CET
    const steps = dueAutomaticTransitions(ticket('FEEDBACK_REQUEST', entered), iso('2026-04-10T00:00:00.000Z'));
    expect(steps.map((s) => isoOf(s.dueAt))).toEqual(['2026-03-27T09:00:00.000Z', '2026-04-03T08:00:00.000Z']);
  });

  it('a FEEDBACK_REQUEST entered at 02:30 a week before the spring switch ends at 03:30 (documented exception)', () => {
    const entered = iso('2026-03-22T01:30:00.000Z'); // Sun 02:30 CET
    const steps = dueAutomaticTransitions(ticket('FEEDBACK_REQUEST', entered), iso('2026-04-30T00:00:00.000Z'));
    expect(steps.map((s) => toZoned(s.dueAt, TZ))).toMatchObject([
      { month: 3, day: 29, hour: 3, minute: 30 },
      { month: 4, day: 5, hour: 3, minute: 30 },
    ]);
  });

  it('stops at the first step not yet due; a step due exactly now is due', () => {
    const entered = iso('2026-06-01T08:00:00.000Z');
    const t = ticket('IMPLEMENTING', entered);
    const fpDue = iso('2026-06-29T08:00:00.000Z');
    expect(dueAutomaticTransitions(t, fpDue - 1)).toEqual([]);
    expect(dueAutomaticTransitions(t, fpDue).map((s) => s.to)).toEqual(['FEEDBACK_PENDING']);
    expect(dueAutomaticTransitions(t, iso('2026-07-06T08:00:00.000Z')).map((s) => s.to)).toEqual(['FEEDBACK_PENDING', 'DONE']);
  });

  it('a customer reaction after entry moves the whole chain', () => {
    const entered = iso('2026-06-01T08:00:00.000Z');
    const activity = iso('2026-06-05T12:00:00.000Z');
    const steps = dueAutomaticTransitions(ticket('FEEDBACK_REQUEST', entered, activity), iso('2026-06-30T00:00:00.000Z'));
    expect(steps.map((s) => isoOf(s.dueAt))).toEqual(['2026-06-12T12:00:00.000Z', '2026-06-19T12:00:00.000Z']);
  });

  it('returns nothing for statuses without a timer', () => {
    expect(dueAutomaticTransitions(ticket('DONE', iso('2020-01-01T00:00:00Z')), iso('2030-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('properties', () => {
  const instant = fc.integer({ min: iso('2020-01-01T00:00:00Z'), max: iso('2035-01-01T00:00:00Z') });
  const timedStatus = fc.constantFrom(...AUTOMATIC_RULES.map((r) => r.from));
  const anyStatus = fc.constantFrom(...TICKET_STATUSES);
  const configArb = fc
    .record({
      feedbackRequestDays: fc.integer({ min: 1, max: 60 }),
      feedbackPendingDays: fc.integer({ min: 1, max: 60 }),
      implementingDays: fc.integer({ min: 1, max: 60 }),
    })
    .map((c) => AutomaticTransitionConfigSchema.parse(c));

  it('the due instant is after the clock start, by N days ± at most one hour, at the same wall-clock minute', () => {
    fc.assert(
      fc.property(timedStatus, instant, configArb, (status, entered, config) => {
        const next = nextAutomaticTransition(ticket(status, entered), config)!;
        const rule = AUTOMATIC_RULES.find((r) => r.from === status)!;
        const n = config[rule.daysKey];
        expect(next.dueAt).toBeGreaterThan(entered);
        expect(Math.abs(next.dueAt - entered - n * DAY_MS)).toBeLessThanOrEqual(HOUR_MS);
        expect(toZoned(next.dueAt, TZ).minute).toBe(toZoned(entered, TZ).minute);
      }),
      { numRuns: 1500 },
    );
  });

  it('the chain from FEEDBACK_REQUEST ends in DONE exactly 14 local days later (same wall-clock time)', () => {
    fc.assert(
      fc.property(instant, (entered) => {
        const steps = dueAutomaticTransitions(ticket('FEEDBACK_REQUEST', entered), entered + 30 * DAY_MS);
        expect(steps.map((s) => s.to)).toEqual(['FEEDBACK_PENDING', 'DONE']);
        const start = toZoned(entered, TZ);
        const end = toZoned(steps[1]!.dueAt, TZ);
        const plus14 = new Date(Date.UTC(start.year, start.month - 1, start.day + 14));
        expect([end.year, end.month, end.day]).toEqual([plus14.getUTCFullYear(), plus14.getUTCMonth() + 1, plus14.getUTCDate()]);
        // 02:xx local can be missing on the intermediate due day (spring switch) and then moves to 03:xx,
        // which the second week inherits; docs/workflow.md describes this. Every other time is kept exactly.
        if (start.hour !== 2) expect([end.hour, end.minute, end.second, end.millisecond]).toEqual([start.hour, start.minute, start.second, start.millisecond]);
        else expect([2, 3]).toContain(end.hour);
      }),
      { numRuns: 1500 },
    );
  });

  it('no automatic transition from NEW, OPEN, IN_PROGRESS, PEER_REVIEW, DONE, CLOSED, whatever the history', () => {
    fc.assert(
      fc.property(fc.constantFrom('NEW', 'OPEN', 'IN_PROGRESS', 'PEER_REVIEW', 'DONE', 'CLOSED' as const), instant, fc.option(instant), (s, entered, activity) => {
        expect(nextAutomaticTransition(ticket(s, entered, activity))).toBeNull();
        expect(dueAutomaticTransitions(ticket(s, entered, activity), entered + 400 * DAY_MS)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('catch-up steps are allowed for the system, chained, in order, due, and leave nothing due behind', () => {
    fc.assert(
      fc.property(anyStatus, instant, fc.option(instant), fc.integer({ min: 0, max: 80 * DAY_MS }), configArb, (status, entered, activity, wait, config) => {
        const t = ticket(status, entered, activity);
        const now = entered + wait;
        const steps = dueAutomaticTransitions(t, now, config);
        expect(steps.length).toBeLessThanOrEqual(2);
        let current = t.status;
        let previousDue = -Infinity;
        for (const step of steps) {
          expect(step.from).toBe(current);
          expect(checkTransition({ status: step.from, reporterId: 'c1' }, step.to, { kind: 'system' }).ok).toBe(true);
          expect(step.dueAt).toBeGreaterThan(previousDue);
          expect(step.dueAt).toBeLessThanOrEqual(now);
          current = step.to;
          previousDue = step.dueAt;
        }
        // Applying the steps leaves a ticket whose next automatic change (if any) lies in the future.
        const after: AutomaticTransitionInput = {
          status: current,
          statusHistory: [...t.statusHistory, ...steps.map(automaticStatusChange)],
          lastCustomerActivityAt: t.lastCustomerActivityAt,
        };
        const next = nextAutomaticTransition(after, config);
        if (next) expect(next.dueAt).toBeGreaterThan(now);
      }),
      { numRuns: 1500 },
    );
  });
});
