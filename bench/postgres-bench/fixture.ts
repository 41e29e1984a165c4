import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../../src-server/accounts/tokens';
import { systemClock } from '../../src-server/core/clock';
import { openStore } from '../../src-server/storage/open-store';
import { insertOrganization, insertUser } from '../../src-server/storage/repositories/accounts';
import { insertAuthToken } from '../../src-server/storage/repositories/credentials';
import { appendHistory, insertComment, insertTicket } from '../../src-server/storage/repositories/tickets';

export interface BenchData {
  agentToken: string;
  ticketIds: string[];
}

/**
 * Writes the benchmark's data set through the same repositories the service uses (so the sync log is real):
 * one customer organisation, an agent with a bearer token, `tickets` tickets with a status history entry and
 * two comments each.
 */
export async function writeFixture(db: string, tickets: number): Promise<BenchData> {
  const store = await openStore({ db, clock: systemClock });
  try {
    const base = await store.transaction(async (tx) => {
      const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
      const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
      const rita = await insertUser(tx, { email: 'rita@kunde.example', name: 'Rita', role: 'customer', organizationId: org.id, orgAdmin: true, language: 'de', passwordHash: null });
      const anna = await insertUser(tx, { email: 'anna@estos.example', name: 'Anna', role: 'agent', organizationId: estos.id, orgAdmin: false, language: 'de', passwordHash: null });
      const token = newToken();
      await insertAuthToken(tx, { tokenHash: hashToken(token), userId: anna.id, expiresAt: '2099-01-01T00:00:00.000Z' });
      return { orgId: org.id, ritaId: rita.id, annaId: anna.id, token };
    });
    const ticketIds: string[] = [];
    for (let start = 0; start < tickets; start += 200) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(tickets, start + 200); i++) {
          const id = randomUUID();
          ticketIds.push(id);
          await insertTicket(tx, {
            id, title: `Ticket ${i}: ProCall verliert Präsenz`, description: 'Seit dem Update',
            checklist_json: JSON.stringify({ whatHappened: 'x', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' }),
            product: 'ProCall', product_version: '8.4', category: 'product_defect', severity: 2, reporter_id: base.ritaId,
            organization_id: base.orgId, reporter_role: 'customer', end_user_company_json: null, reporter_org_registered: 1,
            visibility: 'private', sla_contract_number: null, impact: 0, linked_to_ticket_id: null, assignee_id: null,
            escalation_id: null, misconfiguration: 0, status: 'NEW', last_customer_activity_at: null, priority_key: null,
          });
          await appendHistory(tx, { ticketId: id, actor: { kind: 'user', userId: base.ritaId, role: 'customer' }, field: 'status', from: null, to: 'NEW', internal: false });
          await insertComment(tx, { ticketId: id, authorId: base.ritaId, body: 'Bitte um Rückruf', internal: false });
          await insertComment(tx, { ticketId: id, authorId: base.annaId, body: 'Logfile angefordert', internal: true });
        }
      });
    }
    return { agentToken: base.token, ticketIds };
  } finally {
    await store.close();
  }
}
