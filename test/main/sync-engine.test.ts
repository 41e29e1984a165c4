import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncCache } from '../../src-main/cache/sync-cache';
import { FakeSyncServer } from './fake-sync-server';
import { comment, org, ticket } from './fixtures';
import { cacheTickets, engineFor, openCache, tempDir } from './sync-helpers';

let server: FakeSyncServer;
let tmp: ReturnType<typeof tempDir>;
let file: string;
let cache: SyncCache;

function seed(n: number): void {
  for (let i = 0; i < 5; i++) server.add({ entity: 'organization', op: 'upsert', data: org(i) });
  for (let i = 1; i <= n; i++) server.add({ entity: 'ticket', op: 'upsert', data: ticket(i) });
  server.add({ entity: 'comment', op: 'upsert', data: comment('c1', 't1') });
}

beforeEach(async () => {
  server = new FakeSyncServer();
  await server.start();
  tmp = tempDir();
  file = join(tmp.dir, 'cache.sqlite');
  cache = openCache(file);
});
afterEach(async () => {
  if (cache.db.open) cache.close();
  await server.stop();
  tmp.cleanup();
});

describe('bootstrap', () => {
  it('loads in chunks with monotone progress and ends equal to the server state', async () => {
    seed(95);
    const engine = engineFor(server, cache, { pullLimit: 20 });
    const progress: { done: number; total: number; bootstrapping: boolean }[] = [];
    engine.on('progress', (p) => progress.push(p));
    await engine.syncOnce();
    expect(progress.length).toBe(6); // 101 changes in pages of 20
    expect(progress[0]).toEqual({ done: 20, total: 101, bootstrapping: true });
    expect(progress.at(-1)).toEqual({ done: 101, total: 101, bootstrapping: false });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThan(progress[i - 1]!.done);
    expect(cacheTickets(cache)).toEqual([...server.tickets.values()].sort((a, b) => a.id.localeCompare(b.id)));
    expect(cache.state()).toMatchObject({ cursor: server.syncId, bootstrapComplete: true });
  });

  it('resumes after a crash between pages at the last committed chunk, without refetching it', async () => {
    seed(60);
    // Page 3 fails: the first two pages are committed, the cache is then "killed" (closed) and reopened.
    server.faults.push({ path: '/sync/pull', fault: '500' });
    const firstRun = engineFor(server, cache, { pullLimit: 25 });
    // Let two pages pass before the fault: move the fault behind them.
    server.faults.length = 0;
    let pulls = 0;
    firstRun.on('progress', () => {
      pulls += 1;
      if (pulls === 2) server.faults.push({ path: '/sync/pull', fault: '500' });
    });
    await expect(firstRun.syncOnce()).rejects.toThrow(/500/);
    expect(cache.state()).toMatchObject({ cursor: 50, bootstrapComplete: false, bootstrapDone: 50 });
    expect(cache.counts().tickets).toBe(45); // 5 organisations + 45 tickets in the first 50 changes
    cache.close();

    cache = openCache(file);
    server.requests = [];
    const progress: number[] = [];
    const second = engineFor(server, cache, { pullLimit: 25 });
    second.on('progress', (p) => progress.push(p.done));
    await second.syncOnce();
    expect(progress).toEqual([66]);
    expect(server.requests.filter((r) => r.includes('pull'))).toHaveLength(1);
    expect(cacheTickets(cache)).toEqual([...server.tickets.values()].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('rebootstrap clears synced rows but keeps the outbox, and replays it on the fresh data', async () => {
    seed(3);
    const engine = engineFor(server, cache);
    await engine.syncOnce();
    server.faults.push({ path: '/sync/push', fault: '500' });
    engine.mutate('assign', { ticketId: 't2', assigneeId: 'u-agent' });
    await expect(engine.syncOnce()).rejects.toThrow();
    server.add({ entity: 'ticket', op: 'upsert', data: ticket(9) });
    server.rebootstrapOnce = true;
    // the push succeeds now; the pull answers "rebootstrap" once, then the engine loads everything again
    await engine.syncOnce();
    expect(cache.counts().tickets).toBe(4);
    expect(cache.get('ticket', 't2')?.assigneeId).toBe('u-agent');
    expect(server.tickets.get('t2')?.assigneeId).toBe('u-agent');
    expect(cache.outbox()).toEqual([]);
  });
});

describe('optimistic edits', () => {
  it('show immediately, survive pulls of other changes (rebase) and leave the outbox once a pull reflects them', async () => {
    seed(3);
    const engine = engineFor(server, cache);
    await engine.syncOnce();
    engine.mutate('transition', { ticketId: 't1', to: 'IN_PROGRESS', expectedStatus: 'NEW' });
    engine.mutate('reply', { ticketId: 't1', commentId: 'local-1', body: 'Wir schauen uns das an.' });
    expect(cache.get('ticket', 't1')?.status).toBe('IN_PROGRESS');
    expect(cache.serverTruth('ticket', 't1')?.status).toBe('NEW');

    // Someone else changes the same ticket's title on the server; our pending edit must stay on top.
    server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(1), title: 'Renamed on the server' } });
    server.faults.push({ path: '/sync/push', fault: '500' });
    await expect(engine.syncOnce()).rejects.toThrow(/500/);
    // the push failed but the pull ran: server truth is new, the pending edits are replayed on top
    expect(cache.get('ticket', 't1')).toMatchObject({ status: 'IN_PROGRESS', title: 'Renamed on the server' });
    expect(cache.serverTruth('ticket', 't1')).toMatchObject({ status: 'NEW', title: 'Renamed on the server' });
    expect(cache.outbox().map((o) => o.state)).toEqual(['pending', 'pending']);
    await engine.syncOnce();
    expect(cache.get('ticket', 't1')).toMatchObject({ status: 'IN_PROGRESS', title: 'Renamed on the server' });
    expect(cache.get('comment', 'local-1')?.body).toBe('Wir schauen uns das an.');
    expect(cache.outbox()).toEqual([]);
    expect(server.appliedLog).toHaveLength(2);
    const s = cache.db.prepare('SELECT count(*) FROM shadow').pluck().get();
    expect(s).toBe(0);
  });

  it('keeps server truth and overlay apart while the push is still pending', async () => {
    seed(2);
    const engine = engineFor(server, cache);
    await engine.syncOnce();
    engine.mutate('assign', { ticketId: 't1', assigneeId: 'u-agent' });
    // a pull without push: the server has a newer t1 where severity changed
    server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(1), severity: 1 } });
    server.faults.push({ path: '/sync/push', fault: 'hang' });
    const hung = engineFor(server, cache, { requestTimeoutMs: 200 });
    await expect(hung.syncOnce()).rejects.toThrow(/timed out/);
    expect(cache.outbox().map((o) => o.state)).toEqual(['pending']);
    expect(cache.get('ticket', 't1')).toMatchObject({ assigneeId: 'u-agent' });
  });

  it('a rejected mutation is listed with its code, emitted, and its optimistic change undone; retry and discard work', async () => {
    seed(2);
    const engine = engineFor(server, cache);
    await engine.syncOnce();
    // another agent moves t1 first
    server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(1), status: 'PEER_REVIEW' } });
    engine.mutate('transition', { ticketId: 't1', to: 'IN_PROGRESS', expectedStatus: 'NEW' });
    engine.mutate('assign', { ticketId: 't2', assigneeId: 'u-agent' });
    const rejectedEvents: unknown[] = [];
    engine.on('rejected', (r) => rejectedEvents.push(...r));
    await engine.syncOnce();
    expect(rejectedEvents).toHaveLength(1);
    const [rej] = cache.rejections();
    expect(rej).toMatchObject({ name: 'transition', code: 'CONFLICT', mutationId: 1 });
    expect(rej!.message).toMatch(/PEER_REVIEW/);
    expect(cache.get('ticket', 't1')?.status).toBe('PEER_REVIEW');
    // the mutation behind it was not blocked
    expect(cache.get('ticket', 't2')?.assigneeId).toBe('u-agent');
    expect(server.tickets.get('t2')?.assigneeId).toBe('u-agent');

    const { mutationId } = cache.retryRejection(rej!.id);
    expect(mutationId).toBe(3);
    expect(cache.rejections()).toEqual([]);
    await engine.syncOnce();
    expect(server.tickets.get('t1')?.status).toBe('IN_PROGRESS');
    expect(cache.get('ticket', 't1')?.status).toBe('IN_PROGRESS');

    server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(2), status: 'DONE' } });
    engine.mutate('transition', { ticketId: 't2', to: 'IN_PROGRESS', expectedStatus: 'NEW' });
    await engine.syncOnce();
    const [second] = cache.rejections();
    cache.discardRejection(second!.id);
    expect(cache.rejections()).toEqual([]);
    expect(() => cache.discardRejection(second!.id)).toThrow(/does not exist/);
  });

  it('a refused local edit (bad args, stale status, unknown ticket) changes nothing', async () => {
    seed(1);
    await engineFor(server, cache).syncOnce();
    const before = cacheTickets(cache);
    expect(() => cache.mutate('transition', { ticketId: 't1', to: 'BOGUS', expectedStatus: 'NEW' })).toThrow(/invalid transition arguments/);
    expect(() => cache.mutate('transition', { ticketId: 't1', to: 'IN_PROGRESS', expectedStatus: 'OPEN' })).toThrow(/not OPEN/);
    expect(() => cache.mutate('assign', { ticketId: 'nope', assigneeId: null })).toThrow(/not in the cache/);
    expect(() => cache.mutate('reply', { ticketId: 't1', commentId: 'c1', body: 'dup' })).toThrow(/already exists/);
    expect(cacheTickets(cache)).toEqual(before);
    expect(cache.outbox()).toEqual([]);
    expect(cache.state().nextMutationId).toBe(1);
  });

  it('the outbox survives a restart and is pushed exactly once after it (service without applied sync ids)', async () => {
    seed(2);
    server.omitSyncIds = true;
    await engineFor(server, cache).syncOnce();
    cache.mutate('assign', { ticketId: 't1', assigneeId: 'u-agent' });
    cache.mutate('internal_note', { ticketId: 't1', commentId: 'n1', body: 'Kunde ruft zurück' });
    cache.close();
    cache = openCache(file);
    expect(cache.outbox().map((o) => o.name)).toEqual(['assign', 'internal_note']);
    expect(cache.get('ticket', 't1')?.assigneeId).toBe('u-agent');
    await engineFor(server, cache).syncOnce();
    expect(server.appliedLog.map((s) => s.split(':').slice(1).join(':'))).toEqual(['1:assign', '2:internal_note']);
    expect(server.comments.get('n1')?.kind).toBe('internal');
    expect(cache.outbox()).toEqual([]);
  });
});

describe('push idempotency on the client side', () => {
  it('a lost push response is re-sent and the service answers from memory: nothing applies twice', async () => {
    seed(2);
    await engineFor(server, cache).syncOnce();
    cache.mutate('reply', { ticketId: 't1', commentId: 'r1', body: 'one' });
    cache.mutate('reply', { ticketId: 't2', commentId: 'r2', body: 'two' });
    // truncation: the server applies the push but the client cannot read the answer
    server.faults.push({ path: '/sync/push', fault: 'truncate' });
    await expect(engineFor(server, cache).syncOnce()).rejects.toThrow(/invalid JSON/);
    expect(server.appliedLog).toHaveLength(2);
    expect(cache.outbox().map((o) => o.state)).toEqual(['pending', 'pending']);
    await engineFor(server, cache).syncOnce();
    expect(server.appliedLog).toHaveLength(2);
    expect(cache.outbox()).toEqual([]);
    expect(cache.get('comment', 'r1')?.body).toBe('one');
  });

  it('results in reverse order, repeated, or for unknown ids are matched by id', async () => {
    seed(3);
    await engineFor(server, cache).syncOnce();
    server.scrambleResults = true;
    server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(3), status: 'OPEN' } });
    cache.mutate('assign', { ticketId: 't1', assigneeId: 'u-agent' });
    cache.mutate('transition', { ticketId: 't3', to: 'IN_PROGRESS', expectedStatus: 'NEW' });
    cache.mutate('assign', { ticketId: 't2', assigneeId: 'u-agent' });
    await engineFor(server, cache).syncOnce();
    expect(cache.rejections().map((r) => r.mutationId)).toEqual([2]);
    expect(cache.outbox()).toEqual([]);
    expect(cache.get('ticket', 't3')?.status).toBe('OPEN');
    expect(cache.get('ticket', 't2')?.assigneeId).toBe('u-agent');
  });
});

describe('failures leave the cache intact', () => {
  for (const fault of ['500', 'truncate', 'hang', 'garbage-shape'] as const) {
    it(`pull answered with ${fault}: cache unchanged, the next cycle succeeds`, async () => {
      seed(10);
      const engine = engineFor(server, cache, { requestTimeoutMs: 300 });
      await engine.syncOnce();
      const before = { rows: cacheTickets(cache), state: cache.state() };
      server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(4), title: 'changed' } });
      server.faults.push({ path: '/sync/pull', fault });
      await expect(engine.syncOnce()).rejects.toThrow();
      expect(engine.getStatus()).toMatchObject({ connection: 'offline' });
      expect({ rows: cacheTickets(cache), state: cache.state() }).toEqual(before);
      await engine.syncOnce();
      expect(engine.getStatus()).toMatchObject({ connection: 'online', lastError: null });
      expect(cache.get('ticket', 't4')?.title).toBe('changed');
    });
  }

  it('live mode retries with backoff until the service answers again', async () => {
    seed(5);
    const scheduled: number[] = [];
    const engine = engineFor(server, cache, {
      timers: {
        setTimeout: (fn, ms) => {
          scheduled.push(ms);
          return setTimeout(fn, ms > 1000 ? 1_000_000 : 1);
        },
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      },
      random: () => 0.999,
      backoffBaseMs: 100,
      backoffMaxMs: 400,
    });
    server.faults.push({ path: '/sync/pull', fault: '500' }, { path: '/sync/pull', fault: '500' }, { path: '/sync/pull', fault: '500' }, { path: '/sync/pull', fault: '500' });
    const online = new Promise<void>((resolve) => engine.on('synced', () => resolve()));
    engine.start();
    await online;
    engine.stop();
    const retries = scheduled.filter((ms) => ms < 1000 && ms !== 100);
    // full jitter with random≈1: 99, 199, 399, 399 (capped)
    expect(retries.slice(0, 4)).toEqual([99, 199, 399, 399]);
    expect(cache.counts().tickets).toBe(5);
  });

  it('a poke on the event stream makes the engine pull', async () => {
    seed(2);
    const engine = engineFor(server, cache, { pollIntervalMs: 10_000_000 });
    let first!: () => void;
    const firstSync = new Promise<void>((r) => (first = r));
    const changed: string[][] = [];
    engine.on('synced', () => first());
    engine.on('ticketsChanged', (ids) => changed.push([...ids]));
    engine.start();
    await firstSync;
    await engine.whenIdle();
    const pokeSeen = new Promise<void>((resolve) => engine.on('ticketsChanged', (ids) => ids.includes('t2') && resolve()));
    server.add({ entity: 'ticket', op: 'upsert', data: { ...ticket(2), title: 'poked' } });
    // the stream may still be connecting: poke until the pull shows up
    const interval = setInterval(() => server.poke(), 20);
    await pokeSeen;
    clearInterval(interval);
    engine.stop();
    expect(cache.get('ticket', 't2')?.title).toBe('poked');
  });
});
