import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import { isDomainError } from '../../src-shared/errors';
import { clocksAt, computeSlaClocks, isAtRisk, type SlaClock, type SlaInput } from '../../src-shared/domain/sla-clocks';
import type { SlaClockKind } from '../../src-shared/domain/sla-config';
import { SLA_PHASE } from '../../src-shared/domain/sla-timeline';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { HOUR_MS, MINUTE_MS } from '../../src-shared/time/zoned';
import { alwaysOpen, weekdaysUtc } from './sla-test-calendars';
import { at, iso, makeTicket, testConfig } from './sla-test-tickets';

const clock = (input: SlaInput, now: number, kind: SlaClockKind, calendar = weekdaysUtc): SlaClock => {
  const found = computeSlaClocks(input, testConfig, calendar, now).clocks.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} clock`);
  return found;
};
const input = (ticket = makeTicket(), publicAgentReplies: number[] = []): SlaInput => ({ ticket, publicAgentReplies });

describe('first response clock', () => {
  it('runs in business time from creation and is at risk near its target', () => {
    const c = clock(input(), at(0, 11), 'firstResponse'); // severity 2: 4 h
    expect(c).toMatchObject({ state: 'running', dueAt: at(0, 13), remainingMs: 2 * HOUR_MS, consumedMs: 2 * HOUR_MS, atRisk: false });
    expect(c.reason).toEqual({ code: 'running', params: { status: 'NEW', since: at(0, 9) } });
    expect(clock(input(), at(0, 12, 30), 'firstResponse')).toMatchObject({ remainingMs: 30 * MINUTE_MS, atRisk: true });
  });

  it('skips the night: created Mon 15:00 with 4 h is due Tue 10:00', () => {
    const t = makeTicket({ createdAt: iso(at(0, 15)) });
    expect(clock(input(t), at(0, 20), 'firstResponse')).toMatchObject({ state: 'running', dueAt: at(1, 10), remainingMs: 2 * HOUR_MS });
  });

  it('is met by the first public agent reply within the target', () => {
    const c = clock(input(makeTicket(), [at(0, 10, 30), at(0, 16)]), at(2, 9), 'firstResponse');
    expect(c).toMatchObject({ state: 'met', dueAt: null, remainingMs: 150 * MINUTE_MS, atRisk: false, projectedDueAt: null });
    expect(c.reason).toEqual({ code: 'met_by_public_reply', params: { at: at(0, 10, 30) } });
  });

  it('is breached, with the instant it was exceeded, when the reply came late or not yet', () => {
    const t = makeTicket({ severity: 1 }); // 1 h
    const late = clock(input(t, [at(0, 14)]), at(1, 9), 'firstResponse');
    expect(late).toMatchObject({ state: 'breached', dueAt: at(0, 10), remainingMs: -4 * HOUR_MS });
    expect(late.reason).toEqual({ code: 'breached_late_reply', params: { at: at(0, 14), breachedAt: at(0, 10) } });
    const open = clock(input(t), at(0, 11), 'firstResponse');
    expect(open).toMatchObject({ state: 'breached', dueAt: at(0, 10), remainingMs: -HOUR_MS, atRisk: false });
    expect(open.reason).toEqual({ code: 'breached', params: { status: 'NEW', breachedAt: at(0, 10) } });
  });

  it('ignores replies and status changes after now', () => {
    const t = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 12), 'FEEDBACK_REQUEST']] });
    expect(clock(input(t, [at(0, 12)]), at(0, 11), 'firstResponse')).toMatchObject({ state: 'running', remainingMs: 2 * HOUR_MS });
  });

  it('counts replies dated before creation (clock skew) as at creation', () => {
    expect(clock(input(makeTicket(), [at(0, 8)]), at(0, 11), 'firstResponse')).toMatchObject({ state: 'met', remainingMs: 4 * HOUR_MS });
  });
});

describe('pauses while waiting for the customer are credited', () => {
  const history: Array<[number, TicketStatus]> = [
    [at(0, 9), 'NEW'],
    [at(0, 10), 'FEEDBACK_REQUEST'],
    [at(0, 12), 'FEEDBACK_PENDING'],
    [at(1, 10), 'OPEN'],
  ];
  const t = makeTicket({ history });

  it('is paused with the remaining time frozen and no due instant', () => {
    const c = clock(input(t), at(0, 15), 'resolution'); // 20 h target, 1 h consumed
    expect(c).toMatchObject({ state: 'paused', dueAt: null, remainingMs: 19 * HOUR_MS, atRisk: false });
    expect(c.reason).toEqual({ code: 'paused_waiting_for_customer', params: { status: 'FEEDBACK_PENDING', since: at(0, 12) } });
    // Where it would be due had it resumed when the pause began: Mon 12:00 + 19 business h = Wed 13:00.
    expect(c.projectedDueAt).toBe(at(2, 13));
    expect(clock(input(t), at(1, 9), 'resolution').remainingMs).toBe(19 * HOUR_MS);
  });

  it('resumes where it stopped', () => {
    const c = clock(input(t), at(1, 12), 'resolution');
    // 1 h Mon + 2 h Tue consumed; due Tue 10:00 + 19 h = Thu 11:00.
    expect(c).toMatchObject({ state: 'running', remainingMs: 17 * HOUR_MS, consumedMs: 3 * HOUR_MS, dueAt: at(3, 11) });
    expect(c.projectedDueAt).toBe(c.dueAt);
  });

  it('IMPLEMENTING pauses too, PEER_REVIEW and IN_PROGRESS run', () => {
    expect(TICKET_STATUSES.filter((s) => SLA_PHASE[s] === 'paused')).toEqual(['FEEDBACK_REQUEST', 'FEEDBACK_PENDING', 'IMPLEMENTING']);
    expect(TICKET_STATUSES.filter((s) => SLA_PHASE[s] === 'running')).toEqual(['NEW', 'PEER_REVIEW', 'IN_PROGRESS', 'OPEN']);
    const impl = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 10), 'IN_PROGRESS'], [at(0, 11), 'IMPLEMENTING']] });
    expect(clock(input(impl), at(3, 9), 'resolution')).toMatchObject({ state: 'paused', remainingMs: 18 * HOUR_MS });
  });

  it('a clock breached before a pause stays breached while paused', () => {
    const sev1 = makeTicket({ severity: 1, history: [[at(0, 9), 'NEW'], [at(0, 11), 'FEEDBACK_REQUEST']] });
    const c = clock(input(sev1), at(1, 9), 'firstResponse');
    expect(c).toMatchObject({ state: 'breached', dueAt: at(0, 10), remainingMs: -HOUR_MS, projectedDueAt: at(0, 10) });
    expect(c.reason).toEqual({ code: 'breached', params: { status: 'FEEDBACK_REQUEST', breachedAt: at(0, 10) } });
  });
});

describe('update clock', () => {
  it('does not exist before the first public reply', () => {
    const c = clock(input(), at(0, 12), 'update');
    expect(c).toMatchObject({ state: 'not_applicable', dueAt: null, remainingMs: null, targetMs: 8 * HOUR_MS });
    expect(c.reason.code).toBe('awaiting_first_response');
  });

  it('runs from the latest public reply and restarts at each one', () => {
    expect(clock(input(makeTicket(), [at(0, 10)]), at(0, 12), 'update')).toMatchObject({
      state: 'running',
      remainingMs: 6 * HOUR_MS,
      dueAt: at(1, 9),
    });
    expect(clock(input(makeTicket(), [at(0, 10), at(0, 16)]), at(1, 9), 'update')).toMatchObject({
      state: 'running',
      remainingMs: 6 * HOUR_MS,
      dueAt: at(1, 15),
    });
  });

  it('is met (stopped) while the ticket is done', () => {
    const t = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 11), 'DONE']] });
    const c = clock(input(t, [at(0, 10)]), at(2, 9), 'update');
    expect(c).toMatchObject({ state: 'met', remainingMs: 7 * HOUR_MS });
    expect(c.reason).toEqual({ code: 'stopped', params: { status: 'DONE', at: at(0, 11) } });
  });
});

describe('resolution clock', () => {
  const done = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 12), 'DONE']] });

  it('is met when the ticket reaches DONE in time; first response without reply stops too', () => {
    const c = clock(input(done), at(1, 9), 'resolution');
    expect(c).toMatchObject({ state: 'met', remainingMs: 17 * HOUR_MS, dueAt: null });
    expect(c.reason).toEqual({ code: 'met_by_resolution', params: { status: 'DONE', at: at(0, 12) } });
    expect(clock(input(done), at(1, 9), 'firstResponse').reason.code).toBe('stopped');
  });

  it('resumes with the consumed time when reopened', () => {
    const reopened = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 12), 'DONE'], [at(1, 9), 'OPEN']] });
    expect(clock(input(reopened), at(1, 10), 'resolution')).toMatchObject({ state: 'running', remainingMs: 16 * HOUR_MS, dueAt: at(2, 17) });
  });

  it('stays breached when the ticket reached DONE too late', () => {
    const sev1 = makeTicket({ severity: 1, history: [[at(0, 9), 'NEW'], [at(1, 12), 'DONE']] }); // 8 h target, 8 h + 4 h used
    const c = clock(input(sev1), at(2, 9), 'resolution');
    expect(c).toMatchObject({ state: 'breached', remainingMs: -4 * HOUR_MS, dueAt: at(0, 17) });
    expect(c.reason).toEqual({ code: 'breached', params: { status: 'DONE', breachedAt: at(0, 17) } });
  });

  it('CLOSED stops it like DONE', () => {
    const closed = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 10), 'CLOSED']] });
    expect(clock(input(closed), at(5, 9), 'resolution')).toMatchObject({ state: 'met', remainingMs: 19 * HOUR_MS });
  });
});

describe('no clock at all', () => {
  const reasons = (t: ReturnType<typeof makeTicket>) => computeSlaClocks(input(t), testConfig, weekdaysUtc, at(0, 12)).clocks;

  it('for misconfiguration tickets, whatever the contract', () => {
    const clocks = reasons(makeTicket({ misconfiguration: true }));
    expect(clocks.map((c) => [c.kind, c.state, c.reason.code])).toEqual([
      ['firstResponse', 'not_applicable', 'misconfiguration'],
      ['update', 'not_applicable', 'misconfiguration'],
      ['resolution', 'not_applicable', 'misconfiguration'],
    ]);
  });

  it.each([
    [null, 'org-a', '2026-03-02T09:00:00.000Z', 'no_contract_number', {}],
    ['SLA-9', 'org-a', '2026-03-02T09:00:00.000Z', 'contract_unknown', { contractNumber: 'SLA-9' }],
    ['SLA-1', 'org-b', '2026-03-02T09:00:00.000Z', 'contract_other_organization', { contractNumber: 'SLA-1' }],
    ['SLA-1', 'org-a', '2025-12-31T23:59:59.999Z', 'contract_not_yet_valid', { contractNumber: 'SLA-1' }],
    ['SLA-1', 'org-a', '2027-01-01T00:00:00.000Z', 'contract_expired', { contractNumber: 'SLA-1' }],
  ])('contract %s of %s filed %s: %s', (slaContractNumber, organizationId, createdAt, code, params) => {
    const clocks = reasons(makeTicket({ slaContractNumber, organizationId, createdAt, history: [[Date.parse(createdAt), 'NEW']] }));
    for (const c of clocks) {
      expect(c).toMatchObject({ state: 'not_applicable', dueAt: null, remainingMs: null, atRisk: false });
      expect(c.reason).toEqual({ code, params });
    }
  });

  it('for a clock the tier has no target for', () => {
    const clocks = reasons(makeTicket({ severity: 3 }));
    expect(clocks.map((c) => [c.state, c.reason.code])).toEqual([
      ['running', 'running'],
      ['not_applicable', 'no_target'],
      ['not_applicable', 'no_target'],
    ]);
    expect(clocks[1]?.reason.params).toEqual({ tier: 'premium', severity: 3 });
  });

  it('matches contract numbers ignoring case and blanks', () => {
    expect(reasons(makeTicket({ slaContractNumber: ' sla-1 ' }))[0]?.state).toBe('running');
  });
});

describe('inconsistent input', () => {
  it('refuses a history that does not end in the current status', () => {
    const t = { ...makeTicket(), status: 'OPEN' as const };
    try {
      computeSlaClocks(input(t), testConfig, weekdaysUtc, at(0, 12));
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('VALIDATION_FAILED');
    }
  });

  it('treats a ticket without history as having been in its status since creation', () => {
    const t = makeTicket({ statusHistory: [], status: 'IN_PROGRESS' });
    expect(clock(input(t), at(0, 11), 'resolution')).toMatchObject({ state: 'running', remainingMs: 18 * HOUR_MS });
  });
});

describe('at risk', () => {
  it('is remaining ≤ fraction of the target or ≤ the absolute margin, never when breached', () => {
    const cfg = { fraction: 0.2, absoluteMs: HOUR_MS };
    expect(isAtRisk(10 * HOUR_MS, 40 * HOUR_MS, cfg)).toBe(false);
    expect(isAtRisk(8 * HOUR_MS, 40 * HOUR_MS, cfg)).toBe(true);
    expect(isAtRisk(HOUR_MS, 4 * HOUR_MS, cfg)).toBe(true);
    expect(isAtRisk(HOUR_MS + 1, 4 * HOUR_MS, cfg)).toBe(false);
    expect(isAtRisk(-1, 10 * HOUR_MS, cfg)).toBe(false);
    expect(isAtRisk(0, 10 * HOUR_MS, { fraction: 0, absoluteMs: 0 })).toBe(true);
  });
});

describe('with the real Berlin business calendar', () => {
  const berlin = createBusinessCalendar();
  it('a ticket filed Friday 16:00 CET with 4 business hours is due Monday 11:00 CET', () => {
    const fri = Date.parse('2026-03-06T15:00:00.000Z'); // 16:00 CET
    const t = makeTicket({ createdAt: iso(fri), history: [[fri, 'NEW']] });
    const c = clock(input(t), Date.parse('2026-03-07T12:00:00.000Z'), 'firstResponse', berlin);
    expect(c).toMatchObject({ state: 'running', dueAt: Date.parse('2026-03-09T10:00:00.000Z'), remainingMs: 3 * HOUR_MS });
  });
  it('skips Good Friday and Easter Monday (Bavaria)', () => {
    const thu = Date.parse('2026-04-02T13:00:00.000Z'); // Thu 15:00 CEST
    const t = makeTicket({ createdAt: iso(thu), history: [[thu, 'NEW']] });
    // 2 h on Thursday, then the next business day is Tuesday 7 April: 08:00 + 2 h.
    expect(clock(input(t), thu, 'firstResponse', berlin).dueAt).toBe(Date.parse('2026-04-07T08:00:00.000Z'));
  });
});

/** Oracle for the property test: on a 24/7 calendar consumption is plain running time, counted minute by minute. */
function runningMinutes(changes: Array<[number, TicketStatus]>, from: number, to: number): number {
  let n = 0;
  for (let m = from; m < to; m += MINUTE_MS) {
    const current = [...changes].reverse().find(([when]) => when <= m);
    if (current && SLA_PHASE[current[1]] === 'running') n += 1;
  }
  return n * MINUTE_MS;
}

describe('properties (24/7 calendar)', () => {
  const arbHistory = fc.array(fc.tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom(...TICKET_STATUSES)), { maxLength: 8 });

  it('consumed time is exactly the running time in the window, and projectedDueAt never depends on now', () => {
    fc.assert(
      fc.property(arbHistory, fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 900 }), fc.option(fc.integer({ min: 0, max: 900 })), (steps, n1, n2, reply) => {
        const start = at(0, 9);
        let when = start;
        const history: Array<[number, TicketStatus]> = [[start, 'NEW']];
        for (const [minutes, status] of steps) {
          when += minutes * MINUTE_MS;
          history.push([when, status]);
        }
        const replies = reply === null ? [] : [start + reply * MINUTE_MS];
        const inp = input(makeTicket({ severity: 1, history }), replies);
        const now1 = start + n1 * MINUTE_MS;
        const res = clock(inp, now1, 'resolution', alwaysOpen);
        const upTo = history.filter(([w]) => w <= now1);
        expect(res.consumedMs).toBe(runningMinutes(upTo, start, now1));
        const fr = clock(inp, now1, 'firstResponse', alwaysOpen);
        const stop = replies[0] !== undefined && replies[0] <= now1 ? replies[0] : now1;
        expect(fr.consumedMs).toBe(runningMinutes(upTo, start, stop));
        // With every event known, the projection is the same at any two instants.
        const all = Number.MAX_SAFE_INTEGER;
        const p1 = clocksAt(inp, testConfig, alwaysOpen, all, now1).clocks.map((c) => c.projectedDueAt);
        const p2 = clocksAt(inp, testConfig, alwaysOpen, all, start + n2 * MINUTE_MS).clocks.map((c) => c.projectedDueAt);
        expect(p1).toEqual(p2);
        if (res.state === 'running') expect(res.dueAt! - now1).toBe(res.remainingMs);
      }),
      { numRuns: 150 },
    );
  });
});
