import {
  ChecklistSchema,
  EndUserCompanySchema,
  SeveritySchema,
  TicketCategorySchema,
  TicketStatusSchema,
  UserRoleSchema,
  VisibilitySchema,
  type StatusChange,
} from '../../../src-shared/domain/ticket';
import { DomainError } from '../../../src-shared/errors';
import type { TicketRecord } from '../../../src-shared/sync/records';
import type { TicketRow } from '../../storage/repositories/tickets';
import type { Tx } from '../../storage/store';
import { actorFromColumns } from './actor';
import { ID_LIST, groupBy, rowsByIds, type UnvalidatedRow } from './rows';

type StoredTicket = UnvalidatedRow<TicketRow>;

interface ParticipantRow {
  ticket_id: string;
  email: string;
}

interface StatusRow {
  ticket_id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  from_value: string | null;
  to_value: string | null;
}

function parseJsonColumn(raw: string, ticketId: string, column: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new DomainError('INTERNAL', `ticket ${ticketId} has unreadable ${column}`, { ticketId, column });
  }
}

function toStatusChange(r: StatusRow): StatusChange {
  return {
    at: r.at,
    actor: actorFromColumns(r.actor_kind, r.actor_id, r.actor_role, `status history of ticket ${r.ticket_id}`),
    from: r.from_value === null ? null : TicketStatusSchema.parse(r.from_value),
    to: TicketStatusSchema.parse(r.to_value),
  };
}

function toTicketRecord(r: StoredTicket, participants: ParticipantRow[], history: StatusRow[]): TicketRecord {
  // Enum/JSON columns go through their schemas: a malformed row must fail here, loudly, not in every cache.
  return {
    id: r.id,
    key: r.key,
    title: r.title,
    description: r.description,
    checklist: ChecklistSchema.parse(parseJsonColumn(r.checklist_json, r.id, 'checklist_json')),
    product: r.product,
    productVersion: r.product_version,
    category: TicketCategorySchema.parse(r.category),
    severity: SeveritySchema.parse(r.severity),
    reporterId: r.reporter_id,
    organizationId: r.organization_id,
    reporterRole: UserRoleSchema.parse(r.reporter_role),
    endUserCompany:
      r.end_user_company_json === null
        ? null
        : EndUserCompanySchema.parse(parseJsonColumn(r.end_user_company_json, r.id, 'end_user_company_json')),
    reporterOrganizationRegistered: r.reporter_org_registered === 1,
    visibility: VisibilitySchema.parse(r.visibility),
    participants: participants.map((p) => p.email),
    slaContractNumber: r.sla_contract_number,
    impact: r.impact,
    linkedToTicketId: r.linked_to_ticket_id,
    assigneeId: r.assignee_id,
    escalationId: r.escalation_id,
    misconfiguration: r.misconfiguration === 1,
    status: TicketStatusSchema.parse(r.status),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastCustomerActivityAt: r.last_customer_activity_at,
    statusHistory: history.map(toStatusChange),
    // The service stores the key whenever a ticket changes; '' sorts first and only appears for rows written
    // before the key existed.
    priorityKey: r.priority_key ?? '',
  };
}

/** Tickets with their participants and status history, three statements per page whatever its size. */
export async function loadTicketRecords(tx: Tx, ids: readonly string[]): Promise<Map<string, TicketRecord>> {
  const [tickets, participants, history] = await Promise.all([
    rowsByIds<StoredTicket>(tx, `SELECT * FROM tickets WHERE id IN ${ID_LIST}`, ids),
    rowsByIds<ParticipantRow>(
      tx,
      `SELECT ticket_id, email FROM ticket_participants WHERE ticket_id IN ${ID_LIST} ORDER BY ticket_id, email`,
      ids,
    ),
    rowsByIds<StatusRow>(
      tx,
      `SELECT ticket_id, at, actor_kind, actor_id, actor_role, from_value, to_value FROM ticket_history
       WHERE field = 'status' AND ticket_id IN ${ID_LIST} ORDER BY ticket_id, at, rowid`,
      ids,
    ),
  ]);
  const participantsBy = groupBy(participants, (p) => p.ticket_id);
  const historyBy = groupBy(history, (h) => h.ticket_id);
  const out = new Map<string, TicketRecord>();
  for (const t of tickets) out.set(t.id, toTicketRecord(t, participantsBy.get(t.id) ?? [], historyBy.get(t.id) ?? []));
  return out;
}
