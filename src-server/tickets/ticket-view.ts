import type { Checklist, EndUserCompany, StatusChange, Ticket } from '../../src-shared/domain/ticket';
import type { TicketStatus } from '../../src-shared/domain/status';
import {
  type CommentRow,
  type HistoryRow,
  listParticipants,
  listStatusHistory,
  type TicketRow,
} from '../storage/repositories/tickets';
import type { Tx } from '../storage/store';

export function statusChangeOf(h: HistoryRow): StatusChange {
  return {
    at: h.at,
    actor: h.actor_kind === 'system' || !h.actor_id || !h.actor_role ? { kind: 'system' } : { kind: 'user', userId: h.actor_id, role: h.actor_role },
    from: (h.from_value as TicketStatus | null) ?? null,
    to: h.to_value as TicketStatus,
  };
}

/** A stored ticket in the shared wire shape (src-shared TicketSchema). */
export function ticketFromRow(row: TicketRow, participants: readonly string[], statusHistory: readonly StatusChange[]): Ticket {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    description: row.description,
    checklist: JSON.parse(row.checklist_json) as Checklist,
    product: row.product,
    productVersion: row.product_version,
    category: row.category,
    severity: row.severity,
    reporterId: row.reporter_id,
    organizationId: row.organization_id,
    reporterRole: row.reporter_role,
    endUserCompany: row.end_user_company_json ? (JSON.parse(row.end_user_company_json) as EndUserCompany) : null,
    reporterOrganizationRegistered: row.reporter_org_registered === 1,
    visibility: row.visibility,
    participants: [...participants],
    slaContractNumber: row.sla_contract_number,
    impact: row.impact,
    linkedToTicketId: row.linked_to_ticket_id,
    assigneeId: row.assignee_id,
    escalationId: row.escalation_id,
    misconfiguration: row.misconfiguration === 1,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastCustomerActivityAt: row.last_customer_activity_at,
    statusHistory: [...statusHistory],
  };
}

export async function loadTicket(tx: Tx, row: TicketRow): Promise<Ticket> {
  const [participants, history] = await Promise.all([listParticipants(tx, row.id), listStatusHistory(tx, row.id)]);
  return ticketFromRow(
    row,
    participants.map((p) => p.email),
    history.map(statusChangeOf),
  );
}

export function commentView(c: CommentRow) {
  return { id: c.id, ticketId: c.ticket_id, authorId: c.author_id, kind: c.internal ? ('internal' as const) : ('public' as const), body: c.body, createdAt: c.created_at };
}

export function historyView(h: HistoryRow) {
  return {
    id: h.id,
    ticketId: h.ticket_id,
    at: h.at,
    actor: statusChangeOf(h).actor,
    field: h.field,
    from: h.from_value,
    to: h.to_value,
  };
}
