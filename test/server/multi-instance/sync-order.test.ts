/**
 * Sync ids in commit order across concurrent transactions and service instances (docs/sync-protocol.md
 * "PostgreSQL"). Runs on the backend SD_TEST_BACKEND selects: on PostgreSQL the two instances are two pools
 * on one database; on SQLite two connections to one file (SQLite serialises writers itself).
 *
 * The failure this guards against: a transaction draws sync id 10, a faster one draws 11 and commits, a
 * client pulls and moves its cursor past 11, then 10 commits — and that client never sees 10.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../../src-server/app';
import { ManualClock } from '../../../src-server/core/clock';
import { createSyncFeature } from '../../../src-server/sync/routes';
import { type AnyStore, dbAll } from '../backend';
import { START, callInstance, startTestServer, type TestServer, TEST_SCRYPT, ticketBody } from '../harness';

interface PullChange {
  syncId: number;
  entity: string;
  op: string;
  id?: string;
  data?: { id?: string; contractNumber?: string };
}
interface PullBody {
  kind: string;
  changes: PullChange[];
  cursor: number;
  hasMore: boolean;
}

const WRITERS = 8;
const WRITES_PER_WRITER = 12;
const CLIENTS = 4;

function changeKey(c: PullChange): string {
  const id = c.op === 'delete' ? c.id : (c.data?.contractNumber ?? c.data?.id);
  return `${c.entity}:${id}`;
}

describe('two service instances on one database: commit-ordered sync ids', () => {
  let a: TestServer;
  let secondStore: AnyStore;
  let b: BuiltApp;
  let bUrl: string;

  beforeAll(async () => {
    const sync = createSyncFeature({ pruneEveryMs: 0, pollMs: 0 });
    a = await startTestServer({ deps: { routeModules: [sync.routes] } });
    const clock = new ManualClock(START);
    const { openTestStore } = await import('../backend');
    // SQLite: one process, one writer (see sync-id-race.test.ts); the second instance shares the store.
    secondStore = a.store.dialect === 'postgres' ? (await openTestStore({ clock, location: a.dbFile })).store : a.store;
    const sync2 = createSyncFeature({ pruneEveryMs: 0, pollMs: 0 });
    b = await buildApp({ store: secondStore, clock, logger: false, routeModules: [sync2.routes], config: { scrypt: TEST_SCRYPT } });
    await b.app.listen({ host: '127.0.0.1', port: 0 });
    const address = b.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    bUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await b?.app.close();
    if (secondStore !== a?.store) await secondStore?.close();
    await a?.close();
  });

  it('many parallel writers on both instances; every continuously pulling client ends with every change', async () => {
    const tokens = await a.tokens();
    const bases = [a.baseUrl, bUrl];
    let writing = true;

    // Clients pull page after page from alternating instances for as long as writers run, then drain.
    const clients = Array.from({ length: CLIENTS }, async (_, ci) => {
      const seen = new Map<string, number>();
      let cursor = 0;
      let pulls = 0;
      for (;;) {
        const stillWriting = writing;
        const res = await callInstance<PullBody>(bases[(ci + pulls++) % 2]!, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=7`, tokens.agent);
        expect(res.status).toBe(200);
        expect(res.body.kind).toBe('changes');
        for (const c of res.body.changes) {
          expect(c.syncId).toBeGreaterThan(cursor);
          seen.set(changeKey(c), c.syncId);
        }
        cursor = res.body.cursor;
        if (!res.body.hasMore && !stillWriting) break;
        if (!res.body.hasMore) await sleep(1);
      }
      return { seen, pulls };
    });

    // Writers: customers create tickets, agents reply and transition, on alternating instances.
    const writers = Array.from({ length: WRITERS }, async (_, wi) => {
      for (let i = 0; i < WRITES_PER_WRITER; i++) {
        const base = bases[(wi + i) % 2]!;
        const created = await callInstance<{ id: string }>(base, 'POST', '/api/v1/tickets', wi % 2 ? tokens.customerA : tokens.customerB, ticketBody({ title: `w${wi}-${i}` }));
        expect(created.status).toBe(201);
        const other = bases[(wi + i + 1) % 2]!;
        const reply = await callInstance(other, 'POST', `/api/v1/tickets/${created.body.id}/comments`, tokens.agent, { body: `reply ${wi}-${i}`, internal: i % 3 === 0 });
        expect(reply.status).toBe(201);
      }
    });
    await Promise.all(writers);
    writing = false;
    const results = await Promise.all(clients);

    // The truth: the latest change of every entity, as the database holds it after all commits.
    const latest = await dbAll<{ wire_entity: string; wire_id: string; sync_id: number }>(
      a.store,
      'SELECT wire_entity, wire_id, sync_id FROM sync_latest ORDER BY sync_id',
    );
    expect(latest.filter((r) => r.wire_entity === 'ticket').length).toBeGreaterThanOrEqual(WRITERS * WRITES_PER_WRITER);
    for (const { seen, pulls } of results) {
      expect(pulls).toBeGreaterThan(2);
      const missing = latest.filter((r) => seen.get(`${r.wire_entity}:${r.wire_id}`) !== r.sync_id);
      expect(missing).toEqual([]);
    }
  });
});
