import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncCache } from '../../src-main/cache/sync-cache';
import { QueueReader } from '../../src-main/core/queue-reader';
import { withDerivedDataDurability } from '../../src-main/timers/derived-durability';
import { ReferenceData } from '../../src-main/timers/reference-data';
import { TimerService } from '../../src-main/timers/timer-service';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import type { ChangeInput } from './fake-sync-server';
import { AGENT, T0, org, ticket, user } from './fixtures';
import { openCache, tempDir } from './sync-helpers';

const TICKETS = 12;
const NOW = Date.parse(T0) + 3.5 * 3_600_000; // 30 min of a 4 h first-response target left: every ticket at risk

let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;

function load(changes: ChangeInput[]): void {
  const cursor = cache.state().cursor;
  cache.applyPullPage({
    kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1,
    changes: changes.map((c, i) => ({ ...c, syncId: cursor + i + 1 }) as Change),
    cursor: cursor + changes.length, hasMore: false, remaining: 0,
  });
}

const contract = (tier: string) => ({ contractNumber: 'SLA-1', organizationId: 'o1', tier, validFrom: '2026-01-01T00:00:00.000Z', validUntil: null });
const evaluated = () => cache.db.prepare('SELECT count(*) FROM ticket_sla').pluck().get() as number;
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(join(tmp.dir, 'c.sqlite'));
  load([
    { entity: 'organization', op: 'upsert', data: org(1) },
    { entity: 'user', op: 'upsert', data: user(AGENT.userId) },
    { entity: 'sla_contract', op: 'upsert', data: contract('basic') },
    ...Array.from({ length: TICKETS }, (_, i): ChangeInput => ({
      entity: 'ticket', op: 'upsert', data: ticket(i + 1, { organizationId: 'o1', slaContractNumber: 'SLA-1', severity: 1 }),
    })),
  ]);
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

function timerService(sliceSize: number): TimerService {
  return new TimerService({ db: cache.db, clock: { now: () => NOW }, timers: { setTimeout: () => 0, clearTimeout: () => undefined }, sliceSize });
}

describe('background timer pass', () => {
  it('yields between slices: a call queued mid-pass is answered before the pass finishes', async () => {
    const timers = timerService(2);
    const ticks: number[] = [];
    timers.on('tick', (e) => ticks.push(e.at));
    const queue = new QueueReader(cache.db, AGENT.userId, () => NOW);

    const pass = timers.runPass();
    // Let the pass get going (select + at least one slice), as a renderer call arriving a moment later would.
    while (evaluated() === 0) await nextMacrotask();
    // The call arrives as a macrotask (worker message) and is answered while the pass is still incomplete.
    const answered = await new Promise<{ rows: number; evaluatedThen: number; running: boolean }>((resolve) =>
      setImmediate(() => {
        const w = queue.window({ view: null, filter: {}, offset: 0, limit: 50 });
        resolve({ rows: w.rows.length, evaluatedThen: evaluated(), running: timers.passRunning });
      }),
    );
    expect(answered.rows).toBe(TICKETS);
    expect(answered.running).toBe(true);
    expect(answered.evaluatedThen).toBeGreaterThan(0);
    expect(answered.evaluatedThen).toBeLessThan(TICKETS);
    expect(ticks).toEqual([]);

    await pass;
    expect(evaluated()).toBe(TICKETS);
    expect(ticks).toEqual([NOW]);
    expect(timers.passRunning).toBe(false);
    expect(new QueueReader(cache.db, AGENT.userId, () => NOW).counts({}).views.sla_at_risk).toBe(TICKETS);
  });

  it('a second runPass while one runs joins it instead of starting another', async () => {
    const timers = timerService(3);
    let ticks = 0;
    timers.on('tick', () => ticks++);
    const a = timers.runPass();
    const b = timers.runPass();
    expect(b).toBe(a);
    await Promise.all([a, b]);
    expect(ticks).toBe(1);
  });

  it('stop() abandons a pass between slices (the cache may be closing) and emits no tick', async () => {
    const timers = timerService(2);
    let ticks = 0;
    timers.on('tick', () => ticks++);
    const pass = timers.runPass();
    while (evaluated() === 0) await nextMacrotask();
    timers.stop();
    const atStop = evaluated();
    await pass;
    expect(evaluated()).toBe(atStop);
    expect(atStop).toBeLessThan(TICKETS);
    expect(ticks).toBe(0);
  });

  it('a pass requested after stop() is a new pass, not the abandoned one', async () => {
    const timers = timerService(2);
    let ticks = 0;
    timers.on('tick', () => ticks++);
    const abandoned = timers.runPass();
    while (evaluated() === 0) await nextMacrotask();
    timers.stop();
    await timers.runPass();
    await abandoned;
    expect(ticks).toBe(1);
    expect(evaluated()).toBe(TICKETS);
  });

  it('tick() is still one synchronous pass over every due ticket', () => {
    const timers = timerService(2);
    timers.tick();
    expect(evaluated()).toBe(TICKETS);
  });

  it('walks more tickets than one scan window holds, and drops summaries of tickets that are gone', async () => {
    const many = 1_005 + TICKETS; // more than one 1000-row scan window
    load(Array.from({ length: many - TICKETS }, (_, i): ChangeInput => ({ entity: 'ticket', op: 'upsert', data: ticket(TICKETS + i + 1) })));
    cache.db.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t-gone', 'ok', NULL, 0)").run();
    await timerService(100).runPass();
    expect(cache.db.prepare("SELECT count(*) FROM ticket_sla WHERE ticket_id = 't-gone'").pluck().get()).toBe(0);
    expect(evaluated()).toBe(many);
  });

  it('a large changed batch: the first slice at once, the rest in background slices', async () => {
    const timers = timerService(5);
    const events: string[] = [];
    timers.on('atRisk', (e) => events.push(e.ticketId));
    timers.ticketsChanged(Array.from({ length: TICKETS }, (_, i) => `t${i + 1}`));
    expect(evaluated()).toBe(5);
    while (evaluated() < TICKETS) await nextMacrotask();
    expect(events).toHaveLength(TICKETS);
  });
});

describe('reference data', () => {
  it('hands out the same contracts until the table changes, then the new ones (pull, delete)', () => {
    const ref = ReferenceData.for(cache.db);
    const first = ref.slaContracts();
    expect(ref.slaContracts()).toBe(first);
    expect(first.map((c) => c.tier)).toEqual(['basic']);
    load([{ entity: 'sla_contract', op: 'upsert', data: contract('premium') }]);
    expect(ref.slaContracts().map((c) => c.tier)).toEqual(['premium']);
    cache.db.prepare('DELETE FROM sla_contracts').run();
    expect(ref.slaContracts()).toEqual([]);
  });

  it('sees user changes, also those committed by another connection to the same file', () => {
    const ref = ReferenceData.for(cache.db);
    expect(ref.userInfo().get(AGENT.userId)).toEqual({ name: `User ${AGENT.userId}`, role: 'agent' });
    load([{ entity: 'user', op: 'upsert', data: { ...user(AGENT.userId, 'team_lead'), displayName: 'Anna' } }]);
    expect(ref.userInfo().get(AGENT.userId)).toEqual({ name: 'Anna', role: 'team_lead' });
    const other = new Database(join(tmp.dir, 'c.sqlite'));
    try {
      other.prepare('UPDATE users SET display_name = ? WHERE id = ?').run('Anna B.', AGENT.userId);
    } finally {
      other.close();
    }
    expect(ref.userInfo().get(AGENT.userId)?.name).toBe('Anna B.');
  });

  it('a contract change reaches the timer pass without a restart (no stale parsed config)', () => {
    const timers = timerService(50);
    timers.tick();
    expect(new QueueReader(cache.db, AGENT.userId, () => NOW).counts({}).views.sla_at_risk).toBe(TICKETS);
    load([{ entity: 'sla_contract', op: 'upsert', data: contract('no-such-tier') }]);
    const [t1] = timers.setVisible(['t1']);
    expect(t1!.slaState).toBe('none');
  });
});

describe('derived-data durability', () => {
  it('relaxes synchronous to NORMAL only for the write and restores FULL, also when the write throws', () => {
    const level = () => cache.db.pragma('synchronous', { simple: true });
    expect(level()).toBe(2);
    expect(withDerivedDataDurability(cache.db, () => level())).toBe(1);
    expect(level()).toBe(2);
    expect(() =>
      withDerivedDataDurability(cache.db, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(level()).toBe(2);
  });
});
