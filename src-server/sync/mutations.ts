import { DomainError } from '../../src-shared/errors';
import { MUTATION_ARGS, type MutationArgs, type MutationName } from '../../src-shared/sync/protocol';
import type { AuthUser } from '../accounts/auth-user';
import type { ServiceContext } from '../core/context';
import type { Store, Tx } from '../storage/store';
import { addComment, linkTicket, setMisconfiguration, transitionTicket, updateTicketFields } from '../tickets/ticket-service';
import { getEscalation, updateEscalation } from '../storage/repositories/escalations';
import { advanceEscalation } from '../tickets/escalation-service';
import { visibleTicket } from '../tickets/ticket-access';
import type { MutationApplier, MutationAppliers } from './push';

/**
 * The service functions open their own transaction through ctx.store. Inside a push we hand them a store bound
 * to the push transaction, so the REST rules run unchanged AND their effects commit atomically with the
 * client's last mutation id and stored result. Their after-commit hooks (events, pokes) attach to the push
 * transaction, so they fire only if it commits.
 */
function boundStore(outer: Store, tx: Tx): Store {
  return {
    transaction: (fn) => fn(tx),
    read: (fn) => fn(tx),
    schemaVersion: () => outer.schemaVersion(),
    dialect: outer.dialect,
    close: () => Promise.reject(new Error('a push-bound store cannot be closed')),
  };
}

type Typed<N extends MutationName> = (ctx: ServiceContext, user: AuthUser, args: MutationArgs<N>, tx: Tx) => Promise<void>;

async function comment(ctx: ServiceContext, user: AuthUser, tx: Tx, a: MutationArgs<'reply'>, internal: boolean): Promise<void> {
  const existing = await tx.get<{ ticket_id: string; body: string; internal: number }>(
    'SELECT ticket_id, body, internal FROM comments WHERE id = ?',
    [a.commentId],
  );
  if (existing) {
    // The same comment arriving again (e.g. the client lost its outbox bookkeeping) is not a second comment.
    const ticket = await visibleTicket(tx, user, a.ticketId);
    if (existing.ticket_id === ticket.id && existing.body === a.body && (existing.internal === 1) === internal) return;
    throw new DomainError('CONFLICT', `comment id ${a.commentId} is already used for a different comment`);
  }
  const { comment: created } = await addComment(ctx, user, a.ticketId, { body: a.body, internal });
  // addComment assigns a random id; the client chose one so it can reconcile its optimistic row. Re-key it in
  // the same transaction: the generated id gets a tombstone, the client's id the upsert.
  await tx.write({ entity: 'comment', entityId: created.id, op: 'delete' }, 'UPDATE comments SET id = ? WHERE id = ?', [a.commentId, created.id]);
  await tx.write({ entity: 'comment', entityId: a.commentId, op: 'upsert' }, 'UPDATE comments SET id = id WHERE id = ?', [a.commentId]);
}

const TYPED: { [N in MutationName]: Typed<N> } = {
  transition: async (ctx, user, a, tx) => {
    const row = await visibleTicket(tx, user, a.ticketId);
    if (row.status !== a.expectedStatus) {
      throw new DomainError('CONFLICT', `ticket ${row.key} is ${row.status}, not ${a.expectedStatus}: someone changed it meanwhile`, {
        current: row.status,
        expected: a.expectedStatus,
      });
    }
    await transitionTicket(ctx, user, a.ticketId, a.to);
  },
  reply: (ctx, user, a, tx) => comment(ctx, user, tx, a, false),
  internal_note: (ctx, user, a, tx) => comment(ctx, user, tx, a, true),
  assign: async (ctx, user, a) => {
    await updateTicketFields(ctx, user, a.ticketId, { assigneeId: a.assigneeId });
  },
  set_fields: async (ctx, user, a) => {
    await updateTicketFields(ctx, user, a.ticketId, { category: a.category, severity: a.severity, impact: a.impact });
  },
  link_to_outage: async (ctx, user, a) => {
    await linkTicket(ctx, user, a.ticketId, a.targetTicketId);
  },
  mark_misconfiguration: async (ctx, user, a) => {
    await setMisconfiguration(ctx, user, a.ticketId, a.misconfiguration, a.reason);
  },
  escalation_propose_slots: async (ctx, user, a) => {
    await advanceEscalation(ctx, user, a.escalationId, { action: 'propose', slots: a.slots, meetingLink: null });
  },
  escalation_confirm: async (ctx, user, a, tx) => {
    await advanceEscalation(ctx, user, a.escalationId, { action: 'confirm', slot: a.slot });
    // The service takes the link with the proposal; the sync mutation carries it with the confirmation, so it
    // is stored here, in the same transaction, after the service accepted the step.
    await updateEscalation(tx, a.escalationId, { meeting_link: a.meetingLink });
  },
  escalation_mark_held: async (ctx, user, a, tx) => {
    // The service records outcome notes when marking held; the sync mutation brings them with resolve, so
    // whatever is stored so far is kept.
    const e = await getEscalation(tx, a.escalationId);
    await advanceEscalation(ctx, user, a.escalationId, { action: 'hold', outcome: e?.outcome_notes ?? '', nextSteps: e?.next_steps ?? '' });
  },
  escalation_resolve: async (ctx, user, a) => {
    await advanceEscalation(ctx, user, a.escalationId, { action: 'resolve', outcome: a.outcome, nextSteps: a.nextSteps });
  },
};

/** Appliers for one pushing user: args arrive validated against MUTATION_ARGS by processPush. */
export function serviceAppliers(ctx: ServiceContext, user: AuthUser): MutationAppliers {
  const entries = (Object.keys(MUTATION_ARGS) as MutationName[]).map((name): [MutationName, MutationApplier] => [
    name,
    (tx, args) => {
      const bound: ServiceContext = { ...ctx, store: boundStore(ctx.store, tx) };
      return (TYPED[name] as Typed<MutationName>)(bound, user, args as MutationArgs<MutationName>, tx);
    },
  ]);
  return Object.fromEntries(entries) as Record<MutationName, MutationApplier>;
}
