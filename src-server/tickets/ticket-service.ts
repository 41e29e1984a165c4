import { randomUUID } from 'node:crypto';
import type { TicketStatus } from '../../src-shared/domain/status';
import { resolveSlaContract } from '../../src-shared/domain/sla-contract';
import type { Actor, Checklist, Severity, Ticket, TicketCategory, Visibility } from '../../src-shared/domain/ticket';
import { assertTransition, customerReplyEffect } from '../../src-shared/domain/workflow';
import { DomainError } from '../../src-shared/errors';
import { type AuthUser, actorOf, viewerOf } from '../accounts/auth-user';
import { announceTicketChange, type ServiceContext } from '../core/context';
import { appendAudit, getEndUserCompany, getOrganization, getUser, listOrganizationMembers } from '../storage/repositories/accounts';
import {
  addParticipant,
  appendHistory,
  countLinkedOrganizations,
  getTicket,
  insertComment,
  insertTicket,
  listTickets,
  removeParticipant,
  type TicketListQuery,
  type TicketPatch,
  type TicketRow,
  updateTicket,
} from '../storage/repositories/tickets';
import type { Tx } from '../storage/store';
import { computePriorityKey, slaConfigFor } from './priority';
import { canManageParticipants, requireStaff, visibleTicket } from './ticket-access';
import { commentView, loadTicket } from './ticket-view';

export interface NewTicketInput {
  title: string;
  description: string;
  checklist: Checklist;
  product: string;
  productVersion: string;
  category: TicketCategory;
  severity: Severity;
  endUserCompany: { name: string; companyId?: string | undefined } | null;
  slaContractNumber: string | null;
  visibility: Visibility;
  participants: string[];
}

/** Recomputes the stored priority key after a change (it depends on status, category, impact, replies, …). */
export async function refreshPriority(ctx: ServiceContext, tx: Tx, ticketId: string): Promise<Ticket> {
  const row = (await getTicket(tx, ticketId))!;
  const ticket = await loadTicket(tx, row);
  const key = await computePriorityKey(tx, ticket, ctx.config.slaTiers);
  if (key !== row.priority_key) await updateTicket(tx, ticketId, { priority_key: key });
  return ticket;
}

async function assertParticipantsInOrganization(tx: Tx, organizationId: string, emails: readonly string[]): Promise<void> {
  if (emails.length === 0) return;
  const members = new Set((await listOrganizationMembers(tx, organizationId)).map((m) => m.email.toLowerCase()));
  const outside = emails.filter((e) => !members.has(e.toLowerCase()));
  if (outside.length > 0) {
    throw new DomainError('TICKET_PARTICIPANT_OUTSIDE_ORGANIZATION', 'participants must be contacts of the reporter’s organisation', {
      emails: outside,
    });
  }
}

export async function createTicket(ctx: ServiceContext, user: AuthUser, input: NewTicketInput): Promise<Ticket> {
  if (user.role !== 'customer' && user.role !== 'partner') throw new DomainError('FORBIDDEN', 'only customers and partners file tickets');
  if (!user.organizationId) throw new DomainError('FORBIDDEN', 'account has no organisation');
  const organizationId = user.organizationId;
  return ctx.store.transaction(async (tx) => {
    const org = await getOrganization(tx, organizationId);
    if (!org) throw new DomainError('FORBIDDEN', 'account has no organisation');
    let endUserCompany: Ticket['endUserCompany'] = null;
    if (input.endUserCompany) {
      const { companyId, name } = input.endUserCompany;
      if (companyId) {
        const company = await getEndUserCompany(tx, companyId);
        if (!company || company.partner_organization_id !== organizationId) {
          throw new DomainError('NOT_FOUND', 'no such end-user company for your organisation', { companyId });
        }
        endUserCompany = { name: company.name, registered: company.registered === 1, companyId: company.id };
      } else {
        endUserCompany = { name, registered: false, companyId: null };
      }
    }
    let contractNumber: string | null = null;
    if (input.slaContractNumber !== null && input.slaContractNumber.trim() !== '') {
      const lookup = resolveSlaContract(input.slaContractNumber, organizationId, tx.nowMs, await slaConfigFor(tx, organizationId, ctx.config.slaTiers));
      if (!lookup.ok) {
        throw new DomainError('SLA_UNKNOWN_CONTRACT', `SLA contract ${input.slaContractNumber} is not valid for your organisation (${lookup.miss})`, {
          miss: lookup.miss,
        });
      }
      contractNumber = lookup.contractNumber;
    }
    const participants = [...new Set(input.participants.map((e) => e.toLowerCase()))];
    await assertParticipantsInOrganization(tx, organizationId, participants);

    const id = randomUUID();
    await insertTicket(tx, {
      id,
      title: input.title,
      description: input.description,
      checklist_json: JSON.stringify(input.checklist),
      product: input.product,
      product_version: input.productVersion,
      category: input.category,
      severity: input.severity,
      reporter_id: user.id,
      organization_id: organizationId,
      reporter_role: user.role,
      end_user_company_json: endUserCompany ? JSON.stringify(endUserCompany) : null,
      reporter_org_registered: org.registered_end_user,
      visibility: input.visibility,
      sla_contract_number: contractNumber,
      impact: 0,
      linked_to_ticket_id: null,
      assignee_id: null,
      escalation_id: null,
      misconfiguration: 0,
      status: 'NEW',
      last_customer_activity_at: tx.nowIso,
      priority_key: null,
    });
    const actor = actorOf(user);
    await appendHistory(tx, { ticketId: id, actor, field: 'status', from: null, to: 'NEW', internal: false });
    for (const email of participants) await addParticipant(tx, id, email, user.id);
    const ticket = await refreshPriority(ctx, tx, id);
    announceTicketChange(ctx, tx, id, 'created');
    return ticket;
  });
}

export async function listVisibleTickets(ctx: ServiceContext, user: AuthUser, q: TicketListQuery) {
  return ctx.store.read(async (tx) => {
    const { rows, total } = await listTickets(tx, viewerOf(user), q);
    const items = [];
    for (const row of rows) items.push(await loadTicket(tx, row));
    return { items, total, limit: q.limit, offset: q.offset };
  });
}

export async function getVisibleTicket(ctx: ServiceContext, user: AuthUser, idOrKey: string): Promise<Ticket> {
  return ctx.store.read(async (tx) => loadTicket(tx, await visibleTicket(tx, user, idOrKey)));
}

/** Status change with history; the caller has already checked the workflow. */
async function applyStatus(tx: Tx, row: TicketRow, to: TicketStatus, actor: Actor, extra: TicketPatch = {}): Promise<void> {
  await updateTicket(tx, row.id, { ...extra, status: to, status_changed_at: tx.nowIso });
  await appendHistory(tx, { ticketId: row.id, actor, field: 'status', from: row.status, to, internal: false });
}

export async function transitionTicket(ctx: ServiceContext, user: AuthUser, idOrKey: string, to: TicketStatus): Promise<Ticket> {
  return ctx.store.transaction(async (tx) => {
    const row = await visibleTicket(tx, user, idOrKey);
    const actor = actorOf(user);
    assertTransition({ status: row.status, reporterId: row.reporter_id }, to, actor);
    await applyStatus(tx, row, to, actor);
    const ticket = await refreshPriority(ctx, tx, row.id);
    announceTicketChange(ctx, tx, row.id, 'status');
    return ticket;
  });
}

export async function addComment(
  ctx: ServiceContext,
  user: AuthUser,
  idOrKey: string,
  c: { body: string; internal: boolean },
): Promise<{ comment: ReturnType<typeof commentView>; ticket: Ticket }> {
  if (c.internal) requireStaff(user, 'write internal notes');
  return ctx.store.transaction(async (tx) => {
    const row = await visibleTicket(tx, user, idOrKey);
    const actor = actorOf(user);
    if (!user.staff && row.status === 'CLOSED') {
      throw new DomainError('WORKFLOW_FINAL_STATUS', 'the ticket is CLOSED; no further work takes place on it');
    }
    const comment = await insertComment(tx, { ticketId: row.id, authorId: user.id, body: c.body, internal: c.internal });
    if (!user.staff) {
      // A public customer-side reply brings new information: waiting statuses move to OPEN (shared rule).
      const effect = customerReplyEffect(row.status);
      if (effect) {
        assertTransition({ status: row.status, reporterId: row.reporter_id }, effect, actor);
        await applyStatus(tx, row, effect, actor, { last_customer_activity_at: tx.nowIso });
      } else {
        await updateTicket(tx, row.id, { last_customer_activity_at: tx.nowIso });
      }
    }
    const ticket = await refreshPriority(ctx, tx, row.id);
    announceTicketChange(ctx, tx, row.id, c.internal ? 'internal_note' : 'comment');
    return { comment: commentView(comment), ticket };
  });
}

export async function changeParticipants(
  ctx: ServiceContext,
  user: AuthUser,
  idOrKey: string,
  change: { add?: string; remove?: string },
): Promise<Ticket> {
  return ctx.store.transaction(async (tx) => {
    const row = await visibleTicket(tx, user, idOrKey);
    if (!canManageParticipants(user, row)) {
      throw new DomainError('FORBIDDEN', 'only the reporter, an organisation admin or estos staff may change participants');
    }
    const actor = actorOf(user);
    if (change.add) {
      await assertParticipantsInOrganization(tx, row.organization_id, [change.add]);
      if (await addParticipant(tx, row.id, change.add, user.id)) {
        await appendHistory(tx, { ticketId: row.id, actor, field: 'participants', from: null, to: change.add.toLowerCase(), internal: false });
      }
    }
    if (change.remove) {
      if (!(await removeParticipant(tx, row.id, change.remove))) {
        throw new DomainError('NOT_FOUND', `${change.remove} is not a participant`);
      }
      await appendHistory(tx, { ticketId: row.id, actor, field: 'participants', from: change.remove.toLowerCase(), to: null, internal: false });
    }
    const ticket = await loadTicket(tx, (await getTicket(tx, row.id))!);
    announceTicketChange(ctx, tx, row.id, 'participants');
    return ticket;
  });
}

/** Staff triage fields. Category and severity changes are visible to the customer; impact is internal. */
export async function updateTicketFields(
  ctx: ServiceContext,
  user: AuthUser,
  idOrKey: string,
  patch: { category?: TicketCategory; severity?: Severity; impact?: number; assigneeId?: string | null },
): Promise<Ticket> {
  requireStaff(user, 'change category, severity, impact or assignee');
  return ctx.store.transaction(async (tx) => {
    const row = await visibleTicket(tx, user, idOrKey);
    const actor = actorOf(user);
    const next: TicketPatch = {};
    const history: Array<{ field: string; from: string | null; to: string | null; internal: boolean }> = [];
    if (patch.category !== undefined && patch.category !== row.category) {
      next.category = patch.category;
      history.push({ field: 'category', from: row.category, to: patch.category, internal: false });
    }
    if (patch.severity !== undefined && patch.severity !== row.severity) {
      next.severity = patch.severity;
      history.push({ field: 'severity', from: String(row.severity), to: String(patch.severity), internal: false });
    }
    if (patch.impact !== undefined && patch.impact !== row.impact) {
      next.impact = patch.impact;
      history.push({ field: 'impact', from: String(row.impact), to: String(patch.impact), internal: true });
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== row.assignee_id) {
      if (patch.assigneeId !== null) {
        const assignee = await getUser(tx, patch.assigneeId);
        if (!assignee || !['agent', 'team_lead', 'admin'].includes(assignee.role)) {
          throw new DomainError('VALIDATION_FAILED', 'assignee must be an estos staff account', { assigneeId: patch.assigneeId });
        }
      }
      next.assignee_id = patch.assigneeId;
      history.push({ field: 'assignee', from: row.assignee_id, to: patch.assigneeId, internal: true });
    }
    if (history.length > 0) {
      await updateTicket(tx, row.id, next);
      for (const h of history) await appendHistory(tx, { ticketId: row.id, actor, ...h });
    }
    const ticket = await refreshPriority(ctx, tx, row.id);
    if (history.length > 0) announceTicketChange(ctx, tx, row.id, 'fields');
    return ticket;
  });
}

async function recomputeImpact(ctx: ServiceContext, tx: Tx, targetId: string, actor: Actor): Promise<void> {
  const target = (await getTicket(tx, targetId))!;
  const impact = await countLinkedOrganizations(tx, targetId);
  if (impact !== target.impact) {
    await updateTicket(tx, targetId, { impact });
    await appendHistory(tx, { ticketId: targetId, actor, field: 'impact', from: String(target.impact), to: String(impact), internal: true });
    await refreshPriority(ctx, tx, targetId);
    announceTicketChange(ctx, tx, targetId, 'fields');
  }
}

/**
 * Links a ticket to an outage / known problem (or unlinks with null). The target's impact becomes the number of
 * distinct customer organisations among it and its linked tickets. No chains: a target is never itself linked.
 */
export async function linkTicket(ctx: ServiceContext, user: AuthUser, idOrKey: string, targetIdOrKey: string | null): Promise<Ticket> {
  requireStaff(user, 'link tickets');
  return ctx.store.transaction(async (tx) => {
    const row = await visibleTicket(tx, user, idOrKey);
    const actor = actorOf(user);
    const target = targetIdOrKey === null ? null : await visibleTicket(tx, user, targetIdOrKey);
    if (target) {
      if (target.id === row.id) throw new DomainError('VALIDATION_FAILED', 'a ticket cannot be linked to itself');
      if (target.linked_to_ticket_id !== null) throw new DomainError('CONFLICT', 'the target is itself linked; link to its outage ticket instead');
      const linkedToRow = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM tickets WHERE linked_to_ticket_id = ?', [row.id]);
      if ((linkedToRow?.n ?? 0) > 0) throw new DomainError('CONFLICT', 'this ticket has tickets linked to it and cannot be linked elsewhere');
    }
    const previous = row.linked_to_ticket_id;
    const next = target?.id ?? null;
    if (previous === next) return loadTicket(tx, row);
    await tx.write({ entity: 'ticket', entityId: row.id, op: 'upsert' }, 'UPDATE tickets SET linked_to_ticket_id = ?, updated_at = ? WHERE id = ?', [
      next,
      tx.nowIso,
      row.id,
    ]);
    await appendHistory(tx, { ticketId: row.id, actor, field: 'link', from: previous, to: next, internal: true });
    if (previous) await recomputeImpact(ctx, tx, previous, actor);
    if (next) await recomputeImpact(ctx, tx, next, actor);
    const ticket = await refreshPriority(ctx, tx, row.id);
    announceTicketChange(ctx, tx, row.id, 'link');
    return ticket;
  });
}

/** Marks (or unmarks) a misconfiguration: SLA exemption per the seed. Audited with the reason. */
export async function setMisconfiguration(ctx: ServiceContext, user: AuthUser, idOrKey: string, value: boolean, reason: string): Promise<Ticket> {
  requireStaff(user, 'mark misconfiguration');
  return ctx.store.transaction(async (tx) => {
    const row = await visibleTicket(tx, user, idOrKey);
    if ((row.misconfiguration === 1) !== value) {
      await updateTicket(tx, row.id, { misconfiguration: value ? 1 : 0 });
      await appendHistory(tx, { ticketId: row.id, actor: actorOf(user), field: 'misconfiguration', from: String(row.misconfiguration === 1), to: String(value), internal: true });
      await appendAudit(tx, { actorId: user.id, action: value ? 'ticket.misconfiguration_marked' : 'ticket.misconfiguration_cleared', targetType: 'ticket', targetId: row.id, details: { reason } });
      announceTicketChange(ctx, tx, row.id, 'fields');
    }
    return refreshPriority(ctx, tx, row.id);
  });
}
