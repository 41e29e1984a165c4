import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { SyncCache } from '../../src-main/cache/sync-cache';
import type { EngineStatus } from '../../src-main/sync/engine';
import type { Change } from '../../src-shared/sync/protocol';
import { FakeSyncServer } from './fake-sync-server';
import { comment, org, ticket } from './fixtures';
import { cacheTickets, engineFor, openCache, tempDir } from './sync-helpers';

/**
 * A newer service sends an entity this app version does not know: the engine skips those changes, applies
 * everything else, moves its cursor past them and says so once per entity (docs/sync-protocol.md "Adding an
 * entity").
 */

let server: FakeSyncServer;
let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;
let warn: MockInstance<typeof console.warn>;

/**
 * Appends a change of an entity the protocol does not list to the fake server's log. The log is typed with
 * this version's changes (it cannot express a newer service's), so the raw wire object is cast; the server
 * pages and serialises log entries as they are.
 */
function addUnknown(entity: string, change: { op: 'upsert'; data: Record<string, unknown> } | { op: 'delete'; id: string }): number {
  const syncId = server.syncId + 1;
  server.log.push({ syncId, entity, ...change } as unknown as Change);
  return syncId;
}

const breach = (id: string) => ({ id, ticketId: 't1', breachedAt: '2026-03-02T10:00:00.000Z' });

function warningsAbout(entity: string): unknown[][] {
  return warn.mock.calls.filter((args) => args.some((a) => typeof a === 'string' && a.includes(`"${entity}"`)));
}

beforeEach(async () => {
  server = new FakeSyncServer();
  await server.start();
  tmp = tempDir();
  cache = openCache(join(tmp.dir, 'cache.sqlite'));
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(async () => {
  warn.mockRestore();
  if (cache.db.open) cache.close();
  await server.stop();
  tmp.cleanup();
});

describe('a pull page with an entity this app does not know', () => {
  it('applies the known rows, advances to each page cursor, reports no error and warns once across pages', async () => {
    server.add({ entity: 'organization', op: 'upsert', data: org(0) }); // 1
    server.add({ entity: 'organization', op: 'upsert', data: org(1) }); // 2
    addUnknown('sla_breach', { op: 'upsert', data: breach('b1') }); // 3
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(1) }); // 4
    addUnknown('sla_breach', { op: 'delete', id: 'b0' }); // 5
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(2) }); // 6
    server.add({ entity: 'comment', op: 'upsert', data: comment('c1', 't1') }); // 7
    // The last change of the last page is a skipped one: the cursor must still reach it.
    const last = addUnknown('sla_breach', { op: 'upsert', data: breach('b2') }); // 8
    expect(last).toBe(8);

    // Pages of 4: [1..4] and [5..8], both carry sla_breach changes.
    const engine = engineFor(server, cache, { pullLimit: 4 });
    const cursors: number[] = [];
    engine.on('progress', () => cursors.push(cache.state().cursor));
    const states: EngineStatus[] = [];
    engine.on('state', (s) => states.push(s));
    await engine.syncOnce();

    expect(server.requests.filter((r) => r.includes('/sync/pull'))).toHaveLength(2);
    expect(cursors).toEqual([4, 8]);
    expect(cache.state()).toMatchObject({ cursor: 8, bootstrapComplete: true });
    expect(cacheTickets(cache)).toEqual([ticket(1), ticket(2)]);
    expect(cache.get('comment', 'c1')).toEqual(comment('c1', 't1'));
    expect(cache.get('organization', 'o0')).toEqual(org(0));
    expect(cache.get('organization', 'o1')).toEqual(org(1));

    expect(engine.getStatus()).toMatchObject({ connection: 'online', lastError: null });
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s.lastError === null)).toBe(true);

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warningsAbout('sla_breach')).toHaveLength(1);
  });

  it('keeps skipping on later cycles without warning again, and warns once for another unknown entity', async () => {
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(1) });
    addUnknown('sla_breach', { op: 'upsert', data: breach('b1') });
    const engine = engineFor(server, cache);
    await engine.syncOnce();
    expect(warn).toHaveBeenCalledTimes(1);

    // Live changes after the bootstrap: the known entity again, and a second unknown one.
    addUnknown('sla_breach', { op: 'upsert', data: breach('b2') });
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(1, { title: 'Renamed on the server' }) });
    addUnknown('kb_vote', { op: 'upsert', data: { id: 'v1' } });
    addUnknown('kb_vote', { op: 'delete', id: 'v0' });
    await engine.syncOnce();

    expect(cache.get('ticket', 't1')?.title).toBe('Renamed on the server');
    expect(cache.state().cursor).toBe(server.syncId);
    expect(engine.getStatus().lastError).toBeNull();
    expect(warningsAbout('sla_breach')).toHaveLength(1);
    expect(warningsAbout('kb_vote')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('still refuses a page whose KNOWN entity carries an invalid record: nothing of it is applied', async () => {
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(1) });
    const engine = engineFor(server, cache);
    await engine.syncOnce();
    const before = cache.state().cursor;

    const { title: _title, ...withoutTitle } = ticket(2);
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(3) });
    server.log.push({ syncId: server.syncId + 1, entity: 'ticket', op: 'upsert', data: withoutTitle } as unknown as Change);
    await expect(engine.syncOnce()).rejects.toThrow(/unexpected shape/);

    expect(cache.state().cursor).toBe(before);
    expect(cache.get('ticket', 't3')).toBeUndefined();
    expect(engine.getStatus().lastError).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(warn).not.toHaveBeenCalled();
  });
});
