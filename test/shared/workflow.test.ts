import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import type { Actor, UserRole } from '../../src-shared/domain/ticket';
import { DomainError, isDomainError } from '../../src-shared/errors';
import {
  TRANSITIONS,
  WORKFLOW_ACTOR_KINDS,
  WorkflowError,
  allowedTransitions,
  assertTransition,
  checkTransition,
  customerReplyEffect,
  workflowActorKind,
  type WorkflowActorKind,
} from '../../src-shared/domain/workflow';

/**
 * The expected table, written out by hand from docs/workflow.md (not derived from TRANSITIONS), so a changed
 * cell in the code fails here. Missing rows mean "no targets".
 */
const EXPECTED: Record<WorkflowActorKind, Partial<Record<TicketStatus, string>>> = {
  staff: {
    NEW: 'IN_PROGRESS PEER_REVIEW FEEDBACK_REQUEST DONE CLOSED',
    OPEN: 'IN_PROGRESS PEER_REVIEW FEEDBACK_REQUEST DONE CLOSED',
    IN_PROGRESS: 'PEER_REVIEW FEEDBACK_REQUEST DONE CLOSED',
    PEER_REVIEW: 'IN_PROGRESS FEEDBACK_REQUEST DONE CLOSED',
    FEEDBACK_REQUEST: 'IN_PROGRESS PEER_REVIEW DONE CLOSED',
    FEEDBACK_PENDING: 'IN_PROGRESS PEER_REVIEW FEEDBACK_REQUEST DONE CLOSED',
    IMPLEMENTING: 'IN_PROGRESS PEER_REVIEW FEEDBACK_REQUEST DONE CLOSED',
    DONE: 'IN_PROGRESS CLOSED',
  },
  creator: {
    FEEDBACK_REQUEST: 'OPEN IMPLEMENTING',
    FEEDBACK_PENDING: 'OPEN IMPLEMENTING',
    IMPLEMENTING: 'OPEN',
    DONE: 'OPEN',
  },
  customer: {
    FEEDBACK_REQUEST: 'OPEN',
    FEEDBACK_PENDING: 'OPEN',
    IMPLEMENTING: 'OPEN',
    DONE: 'OPEN',
  },
  system: {
    FEEDBACK_REQUEST: 'FEEDBACK_PENDING',
    FEEDBACK_PENDING: 'DONE',
    IMPLEMENTING: 'FEEDBACK_PENDING',
  },
};

const expectedTargets = (kind: WorkflowActorKind, from: TicketStatus): TicketStatus[] =>
  (EXPECTED[kind][from] ?? '').split(' ').filter(Boolean) as TicketStatus[];

const REPORTER = 'u-reporter';
const user = (role: UserRole, userId = 'u-other'): Actor => ({ kind: 'user', role, userId });
const SYSTEM: Actor = { kind: 'system' };

/** Every concrete actor the table must handle, with the column it must land in. */
const ACTORS: { name: string; actor: Actor; kind: WorkflowActorKind }[] = [
  { name: 'agent', actor: user('agent'), kind: 'staff' },
  { name: 'team_lead', actor: user('team_lead'), kind: 'staff' },
  { name: 'admin', actor: user('admin'), kind: 'staff' },
  { name: 'agent who filed the ticket', actor: user('agent', REPORTER), kind: 'staff' },
  { name: 'customer creator', actor: user('customer', REPORTER), kind: 'creator' },
  { name: 'partner creator', actor: user('partner', REPORTER), kind: 'creator' },
  { name: 'customer participant', actor: user('customer'), kind: 'customer' },
  { name: 'partner (not creator)', actor: user('partner'), kind: 'customer' },
  { name: 'system', actor: SYSTEM, kind: 'system' },
];

const ticketIn = (status: TicketStatus) => ({ status, reporterId: REPORTER });

describe('transition table, every cell', () => {
  for (const { name, actor, kind } of ACTORS) {
    it(`${name}: 9 × 9 cells`, () => {
      expect(workflowActorKind(ticketIn('NEW'), actor)).toBe(kind);
      for (const from of TICKET_STATUSES) {
        const expected = expectedTargets(kind, from);
        expect([...allowedTransitions(ticketIn(from), actor)].sort()).toEqual([...expected].sort());
        for (const to of TICKET_STATUSES) {
          const result = checkTransition(ticketIn(from), to, actor);
          expect({ from, to, ok: result.ok }).toEqual({ from, to, ok: expected.includes(to) });
          if (result.ok) {
            expect(result).toEqual({ ok: true, from, to, actorKind: kind });
            continue;
          }
          const code =
            from === 'CLOSED'
              ? 'WORKFLOW_FINAL_STATUS'
              : kind === 'customer' && to === 'IMPLEMENTING' && (from === 'FEEDBACK_REQUEST' || from === 'FEEDBACK_PENDING')
                ? 'WORKFLOW_NOT_CREATOR'
                : 'WORKFLOW_INVALID_TRANSITION';
          expect({ from, to, code: result.error.code }).toEqual({ from, to, code });
        }
      }
    });
  }

  it('the table has exactly the four actor kinds and nine rows each', () => {
    expect([...WORKFLOW_ACTOR_KINDS]).toEqual(['staff', 'creator', 'customer', 'system']);
    for (const kind of WORKFLOW_ACTOR_KINDS) expect(Object.keys(TRANSITIONS[kind]).sort()).toEqual([...TICKET_STATUSES].sort());
  });
});

describe('rules the table must keep', () => {
  it('staff never set FEEDBACK_PENDING, IMPLEMENTING, NEW or OPEN by hand', () => {
    for (const from of TICKET_STATUSES) {
      for (const to of ['FEEDBACK_PENDING', 'IMPLEMENTING', 'NEW', 'OPEN'] as const) {
        expect(checkTransition(ticketIn(from), to, user('admin')).ok).toBe(false);
      }
    }
  });

  it('same-status transitions are invalid for every actor', () => {
    for (const { actor } of ACTORS) {
      for (const s of TICKET_STATUSES) {
        const r = checkTransition(ticketIn(s), s, actor);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe(s === 'CLOSED' ? 'WORKFLOW_FINAL_STATUS' : 'WORKFLOW_INVALID_TRANSITION');
      }
    }
  });

  it('CLOSED is final for everybody', () => {
    for (const { actor } of ACTORS) {
      expect(allowedTransitions(ticketIn('CLOSED'), actor)).toEqual([]);
      for (const to of TICKET_STATUSES) {
        const r = checkTransition(ticketIn('CLOSED'), to, actor);
        expect(r.ok ? 'ok' : r.error.code).toBe('WORKFLOW_FINAL_STATUS');
      }
    }
  });

  it('every non-final status can still be closed and finished by staff (no ticket gets stuck)', () => {
    for (const from of TICKET_STATUSES.filter((s) => s !== 'CLOSED')) {
      expect(checkTransition(ticketIn(from), 'CLOSED', user('agent')).ok).toBe(true);
    }
  });
});

describe('customer replies', () => {
  it('move waiting and done tickets to OPEN, leave the others', () => {
    const effects = Object.fromEntries(TICKET_STATUSES.map((s) => [s, customerReplyEffect(s)]));
    expect(effects).toEqual({
      NEW: null,
      FEEDBACK_REQUEST: 'OPEN',
      PEER_REVIEW: null,
      IN_PROGRESS: null,
      FEEDBACK_PENDING: 'OPEN',
      IMPLEMENTING: 'OPEN',
      OPEN: null,
      DONE: 'OPEN',
      CLOSED: null,
    });
  });

  it('every reply effect is a transition the replying customer-side user is allowed', () => {
    for (const from of TICKET_STATUSES) {
      const to = customerReplyEffect(from);
      if (to === null) continue;
      for (const actor of [user('customer'), user('partner'), user('customer', REPORTER)]) {
        expect(checkTransition(ticketIn(from), to, actor).ok).toBe(true);
      }
    }
  });
});

describe('creator-only IMPLEMENTING', () => {
  it('the creator may set it from FEEDBACK_REQUEST and FEEDBACK_PENDING', () => {
    for (const from of ['FEEDBACK_REQUEST', 'FEEDBACK_PENDING'] as const) {
      expect(checkTransition({ status: from, reporterId: 'c1' }, 'IMPLEMENTING', user('customer', 'c1')).ok).toBe(true);
    }
  });

  it('another user of the same organisation gets WORKFLOW_NOT_CREATOR naming who and what', () => {
    const r = checkTransition({ status: 'FEEDBACK_REQUEST', reporterId: 'c1' }, 'IMPLEMENTING', user('customer', 'c2'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(WorkflowError);
    expect(r.error).toBeInstanceOf(DomainError);
    expect(r.error.code).toBe('WORKFLOW_NOT_CREATOR');
    expect(r.error.message).toContain('FEEDBACK_REQUEST');
    expect(r.error.message).toContain('IMPLEMENTING');
    expect(r.error.message).toContain('c2');
    expect(r.error.details).toEqual({
      from: 'FEEDBACK_REQUEST',
      to: 'IMPLEMENTING',
      actorKind: 'customer',
      role: 'customer',
      userId: 'c2',
      allowed: ['OPEN'],
    });
  });

  it('staff asking for IMPLEMENTING get a plain invalid transition (it is not theirs to set)', () => {
    const r = checkTransition({ status: 'FEEDBACK_REQUEST', reporterId: 'a1' }, 'IMPLEMENTING', user('agent', 'a1'));
    expect(r.ok ? 'ok' : r.error.code).toBe('WORKFLOW_INVALID_TRANSITION');
  });
});

describe('typed errors', () => {
  it('invalid transition names status, target, actor and the allowed targets', () => {
    const r = checkTransition({ status: 'DONE', reporterId: 'c1' }, 'PEER_REVIEW', user('team_lead', 't9'));
    if (r.ok) throw new Error('DONE → PEER_REVIEW must be refused');
    expect(r.error.code).toBe('WORKFLOW_INVALID_TRANSITION');
    expect(r.error.message).toBe('team_lead t9 (staff) may not move the ticket from DONE to PEER_REVIEW (allowed: IN_PROGRESS, CLOSED)');
    expect(r.error.details).toMatchObject({ from: 'DONE', to: 'PEER_REVIEW', actorKind: 'staff', role: 'team_lead', userId: 't9' });
  });

  it('the system is named as such, with null role and user', () => {
    const r = checkTransition({ status: 'OPEN', reporterId: 'c1' }, 'DONE', SYSTEM);
    if (r.ok) throw new Error('the system never closes OPEN tickets');
    expect(r.error.message).toBe('the system may not move the ticket from OPEN to DONE (allowed: none)');
    expect(r.error.details).toMatchObject({ actorKind: 'system', role: null, userId: null, allowed: [] });
  });

  it('final status and same status say why', () => {
    const closed = checkTransition({ status: 'CLOSED', reporterId: 'c1' }, 'OPEN', user('customer', 'c1'));
    if (closed.ok) throw new Error('CLOSED is final');
    expect(closed.error.message).toBe('CLOSED is final: customer c1 (creator) cannot move the ticket to OPEN');
    const same = checkTransition({ status: 'OPEN', reporterId: 'c1' }, 'OPEN', user('agent', 'a1'));
    if (same.ok) throw new Error('same status is not a transition');
    expect(same.error.message).toContain('already in that status');
  });

  it('assertTransition throws the same DomainError and passes allowed moves', () => {
    expect(() => assertTransition({ status: 'NEW', reporterId: 'c1' }, 'IN_PROGRESS', user('agent'))).not.toThrow();
    let thrown: unknown;
    try {
      assertTransition({ status: 'CLOSED', reporterId: 'c1' }, 'IN_PROGRESS', user('admin'));
    } catch (e) {
      thrown = e;
    }
    expect(isDomainError(thrown)).toBe(true);
    expect((thrown as DomainError).code).toBe('WORKFLOW_FINAL_STATUS');
    expect((thrown as DomainError).name).toBe('WorkflowError');
  });
});

describe('properties', () => {
  const status = fc.constantFrom(...TICKET_STATUSES);
  const role = fc.constantFrom<UserRole>('customer', 'partner', 'agent', 'team_lead', 'admin');
  const actor = fc.oneof(
    fc.constant<Actor>(SYSTEM),
    fc.record({ kind: fc.constant('user' as const), role, userId: fc.constantFrom('c1', 'c2', 'a1') }),
  );

  it('checkTransition agrees with allowedTransitions for any ticket and actor', () => {
    fc.assert(
      fc.property(status, status, actor, fc.constantFrom('c1', 'c2'), (from, to, a, reporterId) => {
        const t = { status: from, reporterId };
        expect(checkTransition(t, to, a).ok).toBe(allowedTransitions(t, a).includes(to));
      }),
      { numRuns: 3000 },
    );
  });

  it('a refusal never names a target as allowed that it refused, and never allows the current status', () => {
    fc.assert(
      fc.property(status, status, actor, (from, to, a) => {
        const r = checkTransition({ status: from, reporterId: 'c1' }, to, a);
        if (!r.ok) expect(r.error.details.allowed).not.toContain(to);
        expect(allowedTransitions({ status: from, reporterId: 'c1' }, a)).not.toContain(from);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('docs/workflow.md', () => {
  it('shows exactly the table the code enforces', () => {
    const doc = readFileSync(new URL('../../docs/workflow.md', import.meta.url), 'utf8');
    const cell = (kind: WorkflowActorKind, from: TicketStatus) => {
      const targets = TRANSITIONS[kind][from];
      return targets.length ? targets.map((s) => s.replace(/_/g, ' ')).join(', ') : '—';
    };
    for (const from of TICKET_STATUSES) {
      const row = `| ${from.replace(/_/g, ' ')} | ${WORKFLOW_ACTOR_KINDS.map((k) => cell(k, from)).join(' | ')} |`;
      expect(doc).toContain(row);
    }
  });
});
