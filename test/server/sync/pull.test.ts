import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { pullPage } from '../../../src-server/sync/pull';
import { pruneSyncLog } from '../../../src-server/sync/retention';
import { PROTOCOL_VERSION, PullResponseSchema, type Change } from '../../../src-shared/sync/protocol';
import { applyChanges, type CacheState, keyOf, pullAll, syncStoreFixture } from './store-fixture';

type Fixture = Awaited<ReturnType<typeof syncStoreFixture>>;
let fx: Fixture | null = null;
afterEach(async () => {
  await fx?.close();
  fx = null;
});

async function seedSome(f: Fixture, tickets: number): Promise<string[]> {
  return f.store.transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < tickets; i++) {
      const id = await f.createTicket(tx, `Ticket ${i}`);
      ids.push(id);
      await f.repo.addParticipant(tx, id, `p${i}@kunde.example`, f.ritaId);
      await f.repo.insertComment(tx, { ticketId: id, authorId: f.annaId, body: `note ${i}`, internal: i % 2 === 0 });
    }
    return ids;
  });
}

async function bootstrap(f: Fixture, limit: () => number): Promise<{ state: CacheState; cursor: number; seen: string[] }> {
  const state: CacheState = new Map();
  const seen: string[] = [];
  const cursor = await pullAll(f.store, state, 0, limit, (changes) => seen.push(...changes.map(keyOf)));
  return { state, cursor, seen };
}

describe('sync pull', () => {
  it('from cursor 0 returns every entity once, mapped to valid wire records without credentials', async () => {
    fx = await syncStoreFixture();
    const ids = await seedSome(fx, 5);
    const { state, seen } = await bootstrap(fx, () => 5000);
    expect(new Set(seen).size).toBe(seen.length);
    const count = (e: string) => [...state.keys()].filter((k) => k.startsWith(`${e}:`)).length;
    expect(count('ticket')).toBe(5);
    expect(count('comment')).toBe(5);
    expect(count('history_entry')).toBe(5);
    expect(count('user')).toBe(2);
    expect(count('organization')).toBe(2);
    const ticket = state.get(`ticket:${ids[2]}`) as { participants: string[]; statusHistory: unknown[]; priorityKey: string };
    expect(ticket.participants).toEqual(['p2@kunde.example']);
    expect(ticket.statusHistory).toHaveLength(1);
    expect(ticket.priorityKey).toBe(`k-${ids[2]}`);
    const internal = [...state.values()].filter((v) => (v as { kind?: string }).kind === 'internal');
    expect(internal).toHaveLength(3);
    expect(JSON.stringify([...state.values()])).not.toContain('scrypt$');
  });

  it('any page size reproduces the state of one big page (property)', async () => {
    fx = await syncStoreFixture();
    await seedSome(fx, 12);
    const f = fx;
    const reference = (await bootstrap(f, () => 5000)).state;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }), async (limits) => {
        let i = 0;
        const { state } = await bootstrap(f, () => limits[i++ % limits.length]!);
        expect(state).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });

  it('writes interleaved with paged pulls lose nothing: the client converges to a fresh bootstrap (property)', async () => {
    fx = await syncStoreFixture();
    const f = fx;
    const ids = await seedSome(f, 4);
    let clientState: CacheState = new Map();
    let cursor = 0;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('pull' as const), limit: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('create' as const) }),
      fc.record({ kind: fc.constant('retitle' as const), t: fc.nat() }),
      fc.record({ kind: fc.constant('participant' as const), t: fc.nat(), add: fc.boolean(), who: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('comment' as const), t: fc.nat() }),
      fc.record({ kind: fc.constant('contract' as const), n: fc.integer({ min: 0, max: 2 }), del: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        for (const o of ops) {
          if (o.kind === 'pull') {
            const page = PullResponseSchema.parse(await pullPage(f.store, { cursor, limit: o.limit }));
            if (page.kind !== 'changes') throw new Error('unexpected rebootstrap');
            applyChanges(clientState, page.changes);
            cursor = page.cursor;
            continue;
          }
          await f.store.transaction(async (tx) => {
            const t = ids[('t' in o ? o.t : 0) % ids.length]!;
            if (o.kind === 'create') ids.push(await f.createTicket(tx));
            if (o.kind === 'retitle') await f.repo.updateTicket(tx, t, { title: `T ${Math.random()}` });
            if (o.kind === 'participant') {
              const email = `x${o.who}@kunde.example`;
              if (o.add) await f.repo.addParticipant(tx, t, email, f.ritaId);
              else await f.repo.removeParticipant(tx, t, email);
            }
            if (o.kind === 'comment') await f.repo.insertComment(tx, { ticketId: t, authorId: f.annaId, body: 'b', internal: false });
            if (o.kind === 'contract') {
              const existing = await tx.get<{ id: string }>('SELECT id FROM sla_contracts WHERE contract_number = ?', [`C-${o.n}`]);
              if (o.del && existing) await f.repo.deleteSlaContract(tx, existing.id);
              else if (existing) await f.repo.updateSlaContract(tx, existing.id, { tier: `L${Math.random()}` });
              else await f.repo.insertSlaContract(tx, { organizationId: f.orgId, contractNumber: `C-${o.n}`, tier: 'gold', validFrom: tx.nowIso, validUntil: null });
            }
          });
        }
        cursor = await pullAll(f.store, clientState, cursor, () => 3);
        const fresh = await bootstrap(f, () => 5000);
        expect(clientState).toEqual(fresh.state);
        expect(cursor).toBe(fresh.cursor);
        // keep going from here in the next run: state carries over like a long-lived client
        clientState = new Map(clientState);
      }),
      { numRuns: 25 },
    );
  });

  it('sends tombstones for deletions (SLA contracts keyed by contract number) and re-sends tickets on participant changes', async () => {
    fx = await syncStoreFixture();
    const f = fx;
    const [t] = await seedSome(f, 1);
    const contractId = await f.store.transaction(async (tx) =>
      (await f.repo.insertSlaContract(tx, { organizationId: f.orgId, contractNumber: 'SLA-7', tier: 'gold', validFrom: tx.nowIso, validUntil: null })).id,
    );
    const { state, cursor } = await bootstrap(f, () => 100);
    expect(state.has('sla_contract:SLA-7')).toBe(true);
    await f.store.transaction(async (tx) => {
      await f.repo.deleteSlaContract(tx, contractId);
      await f.repo.removeParticipant(tx, t!, 'p0@kunde.example');
    });
    const page = PullResponseSchema.parse(await pullPage(f.store, { cursor, limit: 100 }));
    if (page.kind !== 'changes') throw new Error('unexpected rebootstrap');
    const byKey = new Map(page.changes.map((c: Change) => [keyOf(c), c]));
    expect(byKey.get('sla_contract:SLA-7')).toMatchObject({ op: 'delete', id: 'SLA-7' });
    expect(byKey.get(`ticket:${t}`)).toMatchObject({ op: 'upsert', data: { participants: [] } });
    expect(page.changes).toHaveLength(2);
  });

  it('compacts: an entity changed many times travels once, with its latest state', async () => {
    fx = await syncStoreFixture();
    const f = fx;
    const [t] = await seedSome(f, 1);
    const { cursor } = await bootstrap(f, () => 100);
    for (let i = 0; i < 5; i++) await f.store.transaction((tx) => f.repo.updateTicket(tx, t!, { title: `v${i}` }));
    const page = PullResponseSchema.parse(await pullPage(f.store, { cursor, limit: 100 }));
    if (page.kind !== 'changes') throw new Error('unexpected rebootstrap');
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]).toMatchObject({ entity: 'ticket', data: { title: 'v4' } });
    expect(page.cursor).toBe(page.changes[0]!.syncId);
  });

  it('reports remaining and hasMore so a bootstrap can show progress', async () => {
    fx = await syncStoreFixture();
    await seedSome(fx, 3); // 4 base + 3 × (ticket, history, comment); participants fold into tickets
    const total = 4 + 9;
    const first = PullResponseSchema.parse(await pullPage(fx.store, { cursor: 0, limit: 5 }));
    if (first.kind !== 'changes') throw new Error('unexpected rebootstrap');
    expect(first.changes).toHaveLength(5);
    expect(first).toMatchObject({ hasMore: true, remaining: total - 5, protocolVersion: PROTOCOL_VERSION });
    const rest = PullResponseSchema.parse(await pullPage(fx.store, { cursor: first.cursor, limit: 5000 }));
    expect(rest).toMatchObject({ kind: 'changes', hasMore: false, remaining: 0 });
  });

  it('answers rebootstrap for a too-old cursor (after retention pruned a tombstone), schema or protocol change, and an unknown cursor', async () => {
    fx = await syncStoreFixture();
    const f = fx;
    await seedSome(f, 2);
    const contractId = await f.store.transaction(async (tx) =>
      (await f.repo.insertSlaContract(tx, { organizationId: f.orgId, contractNumber: 'SLA-1', tier: 'gold', validFrom: tx.nowIso, validUntil: null })).id,
    );
    const old = await bootstrap(f, () => 1000);
    await f.store.transaction((tx) => f.repo.deleteSlaContract(tx, contractId));
    const afterDelete = await pullAll(f.store, old.state, old.cursor, () => 1000);

    // Within retention nothing is pruned and the old cursor still works.
    expect((await pruneSyncLog(f.store, 30)).tombstones).toBe(0);
    expect((await pullPage(f.store, { cursor: old.cursor, limit: 10 })).kind).toBe('changes');

    // A bootstrap in progress across the retention run: page 1 before, page 2 after.
    const midBootstrap = PullResponseSchema.parse(await pullPage(f.store, { cursor: 0, limit: 3 }));
    if (midBootstrap.kind !== 'changes') throw new Error('unexpected rebootstrap');
    expect(midBootstrap.horizon).toBe(0);

    f.clock.advance(31 * 24 * 3600 * 1000);
    const report = await pruneSyncLog(f.store, 30);
    expect(
      await pullPage(f.store, { cursor: midBootstrap.cursor, limit: 3, horizon: midBootstrap.horizon }),
    ).toMatchObject({ kind: 'rebootstrap', reason: 'cursor_too_old' });
    expect(await pullPage(f.store, { cursor: old.cursor, limit: 10, horizon: 0 })).toMatchObject({ reason: 'cursor_too_old' });
    expect(report.tombstones).toBe(1);
    expect(report.horizon).toBe(afterDelete);
    expect(await pullPage(f.store, { cursor: old.cursor, limit: 10 })).toEqual({
      kind: 'rebootstrap',
      protocolVersion: PROTOCOL_VERSION,
      reason: 'cursor_too_old',
    });
    // A client that saw the deletion, and a fresh bootstrap in small pages (cursors below the horizon), are fine.
    expect((await pullPage(f.store, { cursor: afterDelete, limit: 10 })).kind).toBe('changes');
    const fresh = await bootstrap(f, () => 7);
    expect(fresh.state).toEqual(old.state);

    const schemaVersion = await f.store.schemaVersion();
    expect(await pullPage(f.store, { cursor: afterDelete, limit: 10, schemaVersion: schemaVersion - 1 })).toMatchObject({
      kind: 'rebootstrap',
      reason: 'schema_changed',
    });
    expect((await pullPage(f.store, { cursor: afterDelete, limit: 10, schemaVersion })).kind).toBe('changes');
    expect(await pullPage(f.store, { cursor: 0, limit: 10, protocolVersion: PROTOCOL_VERSION + 1 })).toMatchObject({
      kind: 'rebootstrap',
      reason: 'protocol_changed',
    });
    expect(await pullPage(f.store, { cursor: afterDelete + 1000, limit: 10 })).toMatchObject({ kind: 'rebootstrap', reason: 'cursor_unknown' });
  });

  it('retention drops superseded log rows without changing what any pull returns', async () => {
    fx = await syncStoreFixture();
    const f = fx;
    const [t] = await seedSome(f, 3);
    for (let i = 0; i < 4; i++) await f.store.transaction((tx) => f.repo.updateTicket(tx, t!, { title: `v${i}` }));
    const before = await bootstrap(f, () => 4);
    const logBefore = (await f.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM sync_changes')))!;
    f.clock.advance(40 * 24 * 3600 * 1000);
    const report = await pruneSyncLog(f.store, 30);
    expect(report.supersededChanges).toBeGreaterThanOrEqual(4);
    const logAfter = (await f.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM sync_changes')))!;
    expect(logAfter.n).toBe(logBefore.n - report.supersededChanges);
    const after = await bootstrap(f, () => 4);
    expect(after.state).toEqual(before.state);
    expect(after.cursor).toBe(before.cursor);
    expect(report.horizon).toBe(0);
  });
});
