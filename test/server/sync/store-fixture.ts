import { randomUUID } from 'node:crypto';
import { insertOrganization, insertUser } from '../../../src-server/storage/repositories/accounts';
import { deleteSlaContract, insertSlaContract, updateSlaContract } from '../../../src-server/storage/repositories/contracts';
import { addParticipant, insertComment, removeParticipant, updateTicket } from '../../../src-server/storage/repositories/tickets';
import type { Store, Tx } from '../../../src-server/storage/store';
import { insertCustomerTicket, migrationsWith, openFixtureStore, recordStatusChange } from '../store-fixture';
import { syncMigration } from '../../../src-server/sync/migration-0300-sync';
import { pullPage } from '../../../src-server/sync/pull';
import type { TicketStatus } from '../../../src-shared/domain/status';
import { type Change, PullResponseSchema } from '../../../src-shared/sync/protocol';

export const SYNC_MIGRATIONS = migrationsWith(syncMigration);

/**
 * A real store (SQLite temp file or PostgreSQL test database, per SD_TEST_BACKEND) with the sync migration, written through the core's repositories, so the
 * change log is exactly what the service writes. HTTP-level tests use the service harness instead.
 */
export async function syncStoreFixture() {
  const { clock, handle, store } = await openFixtureStore(SYNC_MIGRATIONS);
  const base = await store.transaction(async (tx) => {
    const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
    const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
    const rita = await insertUser(tx, { email: 'rita@kunde.example', name: 'Rita Reporter', role: 'customer', organizationId: org.id, orgAdmin: true, language: 'en', passwordHash: 'scrypt$secret' });
    const anna = await insertUser(tx, { email: 'anna@estos.example', name: 'Anna Agentin', role: 'agent', organizationId: estos.id, orgAdmin: false, language: 'de', passwordHash: 'scrypt$secret2' });
    return { orgId: org.id, estosId: estos.id, ritaId: rita.id, annaId: anna.id };
  });

  async function createTicket(tx: Tx, title = 'ProCall verliert Präsenz'): Promise<string> {
    const id = randomUUID();
    await insertCustomerTicket(tx, {
      id,
      title,
      description: 'Beschreibung',
      checklistJson: JSON.stringify({ whatHappened: 'x', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' }),
      reporterId: base.ritaId,
      organizationId: base.orgId,
      priorityKey: `k-${id}`,
    });
    return id;
  }

  async function setStatus(tx: Tx, ticketId: string, from: TicketStatus, to: TicketStatus): Promise<void> {
    await recordStatusChange(tx, ticketId, { kind: 'user', userId: base.annaId, role: 'agent' }, from, to);
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
