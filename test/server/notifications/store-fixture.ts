import pino from 'pino';
import { notificationsMigration } from '../../../src-server/notifications/migration-0200-outbox';
import { insertOrganization, insertUser } from '../../../src-server/storage/repositories/accounts';
import { addParticipant, insertComment } from '../../../src-server/storage/repositories/tickets';
import { insertCustomerTicket, migrationsWith, openFixtureStore, recordStatusChange } from '../store-fixture';
import type { Actor } from '../../../src-shared/domain/ticket';
import type { TicketStatus } from '../../../src-shared/domain/status';

/**
 * A real store (SQLite temp file or PostgreSQL test database, per SD_TEST_BACKEND) with one customer organisation: reporter Rita (en), participant Paul with an
 * account (de), participant Nora without an account, and agent Anna. Used by the store-level notification
 * tests; HTTP-level tests use the service harness.
 */
export async function notificationFixture() {
  const { clock, handle, store } = await openFixtureStore(migrationsWith(notificationsMigration));
  const ids = await store.transaction(async (tx) => {
    const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
    const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
    const rita = await insertUser(tx, { email: 'rita@kunde.example', name: 'Rita Reporter', role: 'customer', organizationId: org.id, orgAdmin: true, language: 'en', passwordHash: null });
    const paul = await insertUser(tx, { email: 'Paul@Kunde.example', name: 'Paul Partizipant', role: 'customer', organizationId: org.id, orgAdmin: false, language: 'de', passwordHash: null });
    const anna = await insertUser(tx, { email: 'anna@estos.example', name: 'Anna Agentin', role: 'agent', organizationId: estos.id, orgAdmin: false, language: 'de', passwordHash: null });
    const ticket = await insertCustomerTicket(tx, {
      id: 'T1',
      title: 'ProCall verliert Präsenz',
      description: 'geheim: interne Beschreibung',
      checklistJson: '{}',
      reporterId: rita.id,
      organizationId: org.id,
      priorityKey: null,
    });
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
    await store.transaction((tx) => recordStatusChange(tx, ids.ticket, actor, from, to));
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
