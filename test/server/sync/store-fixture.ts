import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../../src-server/core/clock';
import { insertOrganization, insertUser } from '../../../src-server/storage/repositories/accounts';
import { deleteSlaContract, insertSlaContract, updateSlaContract } from '../../../src-server/storage/repositories/contracts';
import {
  addParticipant,
  appendHistory,
  insertComment,
  insertTicket,
  removeParticipant,
  updateTicket,
} from '../../../src-server/storage/repositories/tickets';
import { MIGRATIONS } from '../../../src-server/storage/migrations/index';
import type { Store, Tx } from '../../../src-server/storage/store';
import { openTestStore } from '../backend';
import { syncMigration } from '../../../src-server/sync/migration-0300-sync';
import { pullPage } from '../../../src-server/sync/pull';
import type { TicketStatus } from '../../../src-shared/domain/status';
import { type Change, PullResponseSchema } from '../../../src-shared/sync/protocol';

export const SYNC_MIGRATIONS = MIGRATIONS.some((m) => m.version === syncMigration.version) ? MIGRATIONS : [...MIGRATIONS, syncMigration];

/**
 * A real store (SQLite temp file or PostgreSQL test database, per SD_TEST_BACKEND) with the sync migration, written through the core's repositories, so the
 * change log is exactly what the service writes. HTTP-level tests use the service harness instead.
 */
export async function syncStoreFixture() {
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00.000Z'));
  const handle = await openTestStore({ clock, migrations: SYNC_MIGRATIONS });
  const store = handle.store;
  const base = await store.transaction(async (tx) => {
    const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
    const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
    const rita = await insertUser(tx, { email: 'rita@kunde.example', name: 'Rita Reporter', role: 'customer', organizationId: org.id, orgAdmin: true, language: 'en', passwordHash: 'scrypt$secret' });
    const anna = await insertUser(tx, { email: 'anna@estos.example', name: 'Anna Agentin', role: 'agent', organizationId: estos.id, orgAdmin: false, language: 'de', passwordHash: 'scrypt$secret2' });
    return { orgId: org.id, estosId: estos.id, ritaId: rita.id, annaId: anna.id };
  });

  async function createTicket(tx: Tx, title = 'ProCall verliert Präsenz'): Promise<string> {
    const id = randomUUID();
    await insertTicket(tx, {
      id,
      title,
      description: 'Beschreibung',
      checklist_json: JSON.stringify({ whatHappened: 'x', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' }),
      product: 'ProCall',
      product_version: '8.4',
      category: 'product_defect',
      severity: 2,
      reporter_id: base.ritaId,
      organization_id: base.orgId,
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
      priority_key: `k-${id}`,
    });
    await appendHistory(tx, { ticketId: id, actor: { kind: 'user', userId: base.ritaId, role: 'customer' }, field: 'status', from: null, to: 'NEW', internal: false });
    return id;
  }

  async function setStatus(tx: Tx, ticketId: string, from: TicketStatus, to: TicketStatus): Promise<void> {
    await updateTicket(tx, ticketId, { status: to, status_changed_at: tx.nowIso });
    await appendHistory(tx, { ticketId, actor: { kind: 'user', userId: base.annaId, role: 'agent' }, field: 'status', from, to, internal: false });
  }

  return {
    store,
    clock,
    ...base,
    createTicket,
    setStatus,
    repo: { addParticipant, removeParticipant, insertComment, updateTicket, insertSlaContract, updateSlaContract, deleteSlaContract },
    async close() {
      await handle.dispose();
    },
  };
}

/** What a cache holds: wire entity + id → record, tombstones applied as deletes. */
export type CacheState = Map<string, unknown>;

export function keyOf(c: Change): string {
  if (c.op === 'delete') return `${c.entity}:${c.id}`;
  const id = c.entity === 'sla_contract' ? c.data.contractNumber : c.data.id;
  return `${c.entity}:${id}`;
}

export function applyChanges(state: CacheState, changes: readonly Change[]): void {
  for (const c of changes) {
    if (c.op === 'delete') state.delete(keyOf(c));
    else state.set(keyOf(c), c.data);
  }
}

/** Pulls until caught up, like a client: every page is schema-checked; returns the final cursor. */
export async function pullAll(
  store: Store,
  state: CacheState,
  cursor: number,
  limit: () => number,
  onPage?: (changes: readonly Change[]) => void,
): Promise<number> {
  let horizon: number | undefined;
  for (let guard = 0; guard < 100_000; guard++) {
    const page = PullResponseSchema.parse(await pullPage(store, { cursor, limit: limit(), horizon }));
    if (page.kind !== 'changes') throw new Error(`unexpected rebootstrap: ${page.reason}`);
    for (const c of page.changes) if (c.syncId <= cursor) throw new Error('change at or below the cursor');
    applyChanges(state, page.changes);
    onPage?.(page.changes);
    cursor = page.cursor;
    horizon = page.horizon;
    if (!page.hasMore) return cursor;
  }
  throw new Error('pull did not converge');
}
