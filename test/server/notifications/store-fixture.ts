import pino from 'pino';
import { ManualClock } from '../../../src-server/core/clock';
import { notificationsMigration } from '../../../src-server/notifications/migration-0200-outbox';
import { insertOrganization, insertUser } from '../../../src-server/storage/repositories/accounts';
import { addParticipant, appendHistory, insertComment, insertTicket, updateTicket } from '../../../src-server/storage/repositories/tickets';
import { MIGRATIONS } from '../../../src-server/storage/migrations/index';
import { openTestStore } from '../backend';
import type { Actor } from '../../../src-shared/domain/ticket';
import type { TicketStatus } from '../../../src-shared/domain/status';

/**
 * A real store (SQLite temp file or PostgreSQL test database, per SD_TEST_BACKEND) with one customer organisation: reporter Rita (en), participant Paul with an
 * account (de), participant Nora without an account, and agent Anna. Used by the store-level notification
 * tests; HTTP-level tests use the service harness.
 */
export async function notificationFixture() {
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00.000Z'));
  const migrations = MIGRATIONS.some((m) => m.version === notificationsMigration.version)
    ? MIGRATIONS
    : [...MIGRATIONS, notificationsMigration];
  const handle = await openTestStore({ clock, migrations });
  const store = handle.store;
  const ids = await store.transaction(async (tx) => {
    const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
    const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
    const rita = await insertUser(tx, { email: 'rita@kunde.example', name: 'Rita Reporter', role: 'customer', organizationId: org.id, orgAdmin: true, language: 'en', passwordHash: null });
    const paul = await insertUser(tx, { email: 'Paul@Kunde.example', name: 'Paul Partizipant', role: 'customer', organizationId: org.id, orgAdmin: false, language: 'de', passwordHash: null });
    const anna = await insertUser(tx, { email: 'anna@estos.example', name: 'Anna Agentin', role: 'agent', organizationId: estos.id, orgAdmin: false, language: 'de', passwordHash: null });
    const ticket = await insertTicket(tx, {
      id: 'T1',
      title: 'ProCall verliert Präsenz',
      description: 'geheim: interne Beschreibung',
      checklist_json: '{}',
      product: 'ProCall',
      product_version: '8.4',
      category: 'product_defect',
      severity: 2,
      reporter_id: rita.id,
      organization_id: org.id,
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
      priority_key: null,
    });
    await appendHistory(tx, { ticketId: ticket.id, actor: { kind: 'user', userId: rita.id, role: 'customer' }, field: 'status', from: null, to: 'NEW', internal: false });
    await addParticipant(tx, ticket.id, 'paul@kunde.example', rita.id);
    await addParticipant(tx, ticket.id, 'nora@kunde.example', rita.id);
    // Same person as the reporter, written differently: must not get a second mail.
    await addParticipant(tx, ticket.id, 'RITA@kunde.example', rita.id);
    return { org: org.id, rita: rita.id, paul: paul.id, anna: anna.id, ticket: ticket.id, ticketKey: ticket.key };
  });
  const logger = pino({ level: 'silent' });

  const agent: Actor = { kind: 'user', userId: ids.anna, role: 'agent' };
  const reporter: Actor = { kind: 'user', userId: ids.rita, role: 'customer' };
  const paulActor: Actor = { kind: 'user', userId: ids.paul, role: 'customer' };

  async function changeStatus(actor: Actor, from: TicketStatus, to: TicketStatus): Promise<void> {
    await store.transaction(async (tx) => {
      await updateTicket(tx, ids.ticket, { status: to, status_changed_at: tx.nowIso });
      await appendHistory(tx, { ticketId: ids.ticket, actor, field: 'status', from, to, internal: false });
    });
  }

  async function comment(authorId: string, body: string, internal: boolean): Promise<void> {
    await store.transaction((tx) => insertComment(tx, { ticketId: ids.ticket, authorId, body, internal }));
  }

  async function outbox() {
    return store.read((tx) =>
      tx.all<{ id: number; recipient_email: string; language: string; subject: string; body_text: string; state: string; attempts: number; source_kind: string; last_error: string | null }>(
        'SELECT * FROM notification_outbox ORDER BY id',
      ),
    );
  }

  return {
    store,
    clock,
    logger,
    ids,
    actors: { agent, reporter, paul: paulActor },
    changeStatus,
    comment,
    outbox,
    async cleanup() {
      await handle.dispose();
    },
  };
}
