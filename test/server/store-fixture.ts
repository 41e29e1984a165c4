import { ManualClock } from '../../src-server/core/clock';
import { MIGRATIONS } from '../../src-server/storage/migrations/index';
import type { Migration } from '../../src-server/storage/migrations/types';
import { appendHistory, insertTicket, updateTicket, type TicketRow } from '../../src-server/storage/repositories/tickets';
import type { Tx } from '../../src-server/storage/store';
import type { Actor } from '../../src-shared/domain/ticket';
import type { TicketStatus } from '../../src-shared/domain/status';
import { openTestStore } from './backend';

/** The core migrations plus a feature's own, unless the core list already carries it. */
export function migrationsWith(feature: Migration): readonly Migration[] {
  return MIGRATIONS.some((m) => m.version === feature.version) ? MIGRATIONS : [...MIGRATIONS, feature];
}

/**
 * The base of the store-level fixtures (notifications, sync): a real store (SQLite temp file or PostgreSQL
 * test database, per SD_TEST_BACKEND) on a manual clock at Monday 2026-03-02 09:00Z, with the given migrations.
 */
export async function openFixtureStore(migrations: readonly Migration[]) {
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00.000Z'));
  const handle = await openTestStore({ clock, migrations });
  return { clock, handle, store: handle.store };
}

export interface CustomerTicket {
  id: string;
  title: string;
  description: string;
  checklistJson: string;
  reporterId: string;
  organizationId: string;
  priorityKey: string | null;
}

/**
 * A new private ProCall defect ticket by a customer of a registered organisation, written through the
 * repositories with its first history entry (→ NEW by the reporter), as the service would write it.
 */
export async function insertCustomerTicket(tx: Tx, t: CustomerTicket): Promise<TicketRow> {
  const ticket = await insertTicket(tx, {
    id: t.id,
    title: t.title,
    description: t.description,
    checklist_json: t.checklistJson,
    product: 'ProCall',
    product_version: '8.4',
    category: 'product_defect',
    severity: 2,
    reporter_id: t.reporterId,
    organization_id: t.organizationId,
    reporter_role: 'customer',
    end_user_company_json: null,
    reporter_org_registered: 1,
    visibility: 'private',
    sla_contract_number: null,
    impact: 0,
    linked_to_ticket_id: null,
    assignee_id: null,
    escalation_id: null,
    misconfiguration: 0,
    status: 'NEW',
    last_customer_activity_at: null,
    priority_key: t.priorityKey,
  });
  await appendHistory(tx, { ticketId: ticket.id, actor: { kind: 'user', userId: t.reporterId, role: 'customer' }, field: 'status', from: null, to: 'NEW', internal: false });
  return ticket;
}

/** A status change as the service records it: the new status and its history entry. */
export async function recordStatusChange(tx: Tx, ticketId: string, actor: Actor, from: TicketStatus, to: TicketStatus): Promise<void> {
  await updateTicket(tx, ticketId, { status: to, status_changed_at: tx.nowIso });
  await appendHistory(tx, { ticketId, actor, field: 'status', from, to, internal: false });
}
