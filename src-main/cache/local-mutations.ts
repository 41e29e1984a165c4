import { assertTransition } from '../../src-shared/domain/workflow';
import type { UserRole } from '../../src-shared/domain/ticket';
import { DomainError } from '../../src-shared/errors';
import type { MutationArgs, MutationName, SyncEntity } from '../../src-shared/sync/protocol';
import type { EscalationRecord, TicketRecord } from '../../src-shared/sync/records';
import type { EntityRecords } from './record-store';

/** How a local mutation reads and writes rows; the cache records server truth before the first write. */
export interface OverlayWriter {
  get<E extends SyncEntity>(entity: E, id: string): EntityRecords[E] | undefined;
  put<E extends SyncEntity>(entity: E, record: EntityRecords[E]): void;
}

export interface LocalActor {
  readonly userId: string;
  readonly role: UserRole;
}

/**
 * The optimistic effect of a named mutation on the local rows: the agent's best guess of what the service
 * will do. It is run once when the agent acts (a thrown DomainError then refuses the edit and changes
 * nothing) and again on every rebase on top of fresh server truth (a throw then just leaves it out of the
 * overlay; the service will reject it and the rejection surfaces). The priority key is not recomputed here:
 * the service owns it and the next pull brings it.
 */
export function applyLocalMutation<N extends MutationName>(
  name: N,
  args: MutationArgs<N>,
  w: OverlayWriter,
  actor: LocalActor,
  nowIso: string,
): void {
  const handler = HANDLERS[name] as (a: MutationArgs<N>, w: OverlayWriter, actor: LocalActor, now: string) => void;
  handler(args, w, actor, nowIso);
}

function ticket(w: OverlayWriter, id: string): TicketRecord {
  const t = w.get('ticket', id);
  if (!t) throw new DomainError('NOT_FOUND', `ticket ${id} is not in the cache`, { ticketId: id });
  return t;
}

function escalation(w: OverlayWriter, id: string): EscalationRecord {
  const e = w.get('escalation', id);
  if (!e) throw new DomainError('NOT_FOUND', `escalation ${id} is not in the cache`, { escalationId: id });
  if (e.state === 'resolved') {
    throw new DomainError('ESCALATION_INVALID_STATE', `escalation ${id} is already resolved`, { escalationId: id });
  }
  return e;
}

function putTicket(w: OverlayWriter, t: TicketRecord, patch: Partial<TicketRecord>, now: string): void {
  w.put('ticket', { ...t, ...patch, updatedAt: now });
}

function addComment(kind: 'public' | 'internal') {
  return (a: MutationArgs<'reply'>, w: OverlayWriter, actor: LocalActor, now: string): void => {
    ticket(w, a.ticketId);
    if (w.get('comment', a.commentId)) {
      throw new DomainError('CONFLICT', `comment id ${a.commentId} already exists`, { commentId: a.commentId });
    }
    w.put('comment', { id: a.commentId, ticketId: a.ticketId, authorId: actor.userId, kind, body: a.body, createdAt: now });
  };
}

type Handlers = { [N in MutationName]: (a: MutationArgs<N>, w: OverlayWriter, actor: LocalActor, now: string) => void };

const HANDLERS: Handlers = {
  transition(a, w, actor, now) {
    const t = ticket(w, a.ticketId);
    if (t.status !== a.expectedStatus) {
      throw new DomainError('CONFLICT', `ticket ${t.key} is ${t.status}, not ${a.expectedStatus} as the edit expected`, {
        ticketId: t.id,
        status: t.status,
        expectedStatus: a.expectedStatus,
      });
    }
    const user = { kind: 'user' as const, userId: actor.userId, role: actor.role };
    assertTransition(t, a.to, user);
    putTicket(w, t, { status: a.to, statusHistory: [...t.statusHistory, { at: now, actor: user, from: t.status, to: a.to }] }, now);
  },
  reply: addComment('public'),
  internal_note: addComment('internal'),
  assign(a, w, _actor, now) {
    putTicket(w, ticket(w, a.ticketId), { assigneeId: a.assigneeId }, now);
  },
  set_fields(a, w, _actor, now) {
    const t = ticket(w, a.ticketId);
    putTicket(
      w,
      t,
      {
        category: a.category ?? t.category,
        severity: a.severity ?? t.severity,
        impact: a.impact ?? t.impact,
      },
      now,
    );
  },
  link_to_outage(a, w, _actor, now) {
    if (a.targetTicketId === a.ticketId) {
      throw new DomainError('VALIDATION_FAILED', 'a ticket cannot be linked to itself', { ticketId: a.ticketId });
    }
    putTicket(w, ticket(w, a.ticketId), { linkedToTicketId: a.targetTicketId }, now);
  },
  mark_misconfiguration(a, w, _actor, now) {
    putTicket(w, ticket(w, a.ticketId), { misconfiguration: a.misconfiguration }, now);
  },
  escalation_propose_slots(a, w, _actor, now) {
    const e = escalation(w, a.escalationId);
    w.put('escalation', { ...e, state: 'appointment_proposed', proposedSlots: a.slots, updatedAt: now });
  },
  escalation_confirm(a, w, _actor, now) {
    const e = escalation(w, a.escalationId);
    w.put('escalation', { ...e, state: 'confirmed', chosenSlot: a.slot, meetingLink: a.meetingLink, updatedAt: now });
  },
  escalation_mark_held(a, w, _actor, now) {
    const e = escalation(w, a.escalationId);
    w.put('escalation', { ...e, state: 'held', updatedAt: now });
  },
  escalation_resolve(a, w, _actor, now) {
    const e = escalation(w, a.escalationId);
    w.put('escalation', { ...e, state: 'resolved', outcome: a.outcome, nextSteps: a.nextSteps, updatedAt: now });
  },
};
