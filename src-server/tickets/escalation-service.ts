import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src-shared/errors';
import { type AuthUser, actorOf } from '../accounts/auth-user';
import { announceTicketChange, type ServiceContext } from '../core/context';
import {
  type EscalationPatch,
  type EscalationRow,
  type EscalationState,
  getEscalation,
  insertEscalation,
  listEscalationsForTicket,
  updateEscalation,
} from '../storage/repositories/escalations';
import { appendHistory, updateTicket } from '../storage/repositories/tickets';
import type { Tx } from '../storage/store';
import { visibleTicket } from './ticket-access';

export function escalationView(e: EscalationRow) {
  return {
    id: e.id,
    ticketId: e.ticket_id,
    state: e.state,
    requestedById: e.requested_by,
    requestedAt: e.created_at,
    reason: e.reason,
    ownerId: e.owner_id,
    proposedSlots: JSON.parse(e.proposed_slots_json) as string[],
    chosenSlot: e.chosen_slot,
    meetingLink: e.meeting_link,
    outcome: e.outcome_notes,
    nextSteps: e.next_steps,
    updatedAt: e.updated_at,
  };
}
export type EscalationView = ReturnType<typeof escalationView>;

/** An escalation is visible to whoever may see its ticket. */
async function visibleEscalation(tx: Tx, user: AuthUser, id: string): Promise<EscalationRow> {
  const e = await getEscalation(tx, id);
  if (!e) throw new DomainError('NOT_FOUND', `no escalation ${id}`);
  await visibleTicket(tx, user, e.ticket_id);
  return e;
}

export async function raiseEscalation(ctx: ServiceContext, user: AuthUser, ticketIdOrKey: string, reason: string): Promise<EscalationView> {
  return ctx.store.transaction(async (tx) => {
    const ticket = await visibleTicket(tx, user, ticketIdOrKey);
    if (ticket.status === 'CLOSED') throw new DomainError('WORKFLOW_FINAL_STATUS', 'a CLOSED ticket cannot be escalated');
    const open = (await listEscalationsForTicket(tx, ticket.id)).find((e) => e.state !== 'resolved');
    if (open) throw new DomainError('CONFLICT', 'this ticket already has an open escalation', { escalationId: open.id });
    const e = await insertEscalation(tx, { id: randomUUID(), ticketId: ticket.id, requestedBy: user.id, reason });
    await updateTicket(tx, ticket.id, { escalation_id: e.id });
    await appendHistory(tx, { ticketId: ticket.id, actor: actorOf(user), field: 'escalation', from: null, to: 'requested', internal: false });
    announceTicketChange(ctx, tx, ticket.id, 'escalation');
    return escalationView(e);
  });
}

export async function getVisibleEscalation(ctx: ServiceContext, user: AuthUser, id: string): Promise<EscalationView> {
  return ctx.store.read(async (tx) => escalationView(await visibleEscalation(tx, user, id)));
}

type Step =
  | { action: 'propose'; slots: string[]; meetingLink: string | null }
  | { action: 'confirm'; slot: string }
  | { action: 'hold'; outcome: string; nextSteps: string }
  | { action: 'resolve'; outcome?: string | undefined; nextSteps?: string | undefined };

/** requested → appointment_proposed (re-proposing allowed) → confirmed → held → resolved. */
const FROM: Record<Step['action'], readonly EscalationState[]> = {
  propose: ['requested', 'appointment_proposed'],
  confirm: ['appointment_proposed'],
  hold: ['confirmed'],
  resolve: ['held'],
};
const TO: Record<Step['action'], EscalationState> = {
  propose: 'appointment_proposed',
  confirm: 'confirmed',
  hold: 'held',
  resolve: 'resolved',
};

/**
 * Moves an escalation along its lifecycle. Team leads own escalations: they propose slots, record the meeting
 * and resolve it. The slot is confirmed by the customer side (anyone who sees the ticket) or a team lead.
 */
export async function advanceEscalation(ctx: ServiceContext, user: AuthUser, id: string, step: Step): Promise<EscalationView> {
  const teamLead = user.role === 'team_lead' || user.role === 'admin';
  if (step.action !== 'confirm' && !teamLead) throw new DomainError('FORBIDDEN', 'team leads own escalations');
  if (step.action === 'confirm' && user.staff && !teamLead) throw new DomainError('FORBIDDEN', 'agents cannot confirm escalation appointments');
  return ctx.store.transaction(async (tx) => {
    const e = await visibleEscalation(tx, user, id);
    if (!FROM[step.action].includes(e.state)) {
      throw new DomainError('ESCALATION_INVALID_STATE', `cannot ${step.action} an escalation in state ${e.state}`, {
        state: e.state,
        allowedFrom: FROM[step.action],
      });
    }
    const patch: EscalationPatch = { state: TO[step.action] };
    switch (step.action) {
      case 'propose':
        patch.proposed_slots_json = JSON.stringify([...new Set(step.slots)].sort());
        patch.meeting_link = step.meetingLink;
        patch.owner_id = user.id;
        break;
      case 'confirm': {
        const slots = JSON.parse(e.proposed_slots_json) as string[];
        if (!slots.includes(step.slot)) throw new DomainError('VALIDATION_FAILED', 'the chosen slot is not one of the proposed slots', { proposed: slots });
        patch.chosen_slot = step.slot;
        break;
      }
      case 'hold':
        patch.outcome_notes = step.outcome;
        patch.next_steps = step.nextSteps;
        break;
      case 'resolve':
        if (step.outcome !== undefined) patch.outcome_notes = step.outcome;
        if (step.nextSteps !== undefined) patch.next_steps = step.nextSteps;
        break;
    }
    await updateEscalation(tx, e.id, patch);
    await appendHistory(tx, { ticketId: e.ticket_id, actor: actorOf(user), field: 'escalation', from: e.state, to: TO[step.action], internal: false });
    announceTicketChange(ctx, tx, e.ticket_id, 'escalation');
    return escalationView((await getEscalation(tx, e.id))!);
  });
}
