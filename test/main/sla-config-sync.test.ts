import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../../src-main/cache/record-store';
import { SyncCache } from '../../src-main/cache/sync-cache';
import { CacheReads } from '../../src-main/core/cache-reads';
import { factsContext, ticketFacts, type SlaSource } from '../../src-main/core/ticket-facts';
import { EXAMPLE_SLA_SETTINGS } from '../../src-main/timers/reference-data';
import { TimerService } from '../../src-main/timers/timer-service';
import { SyncEngine } from '../../src-main/sync/engine';
import { insertSlaContract } from '../../src-server/storage/repositories/contracts';
import { publishSlaConfig } from '../../src-server/sync/service-config';
import { EXAMPLE_SLA_TIERS, type SlaTier } from '../../src-shared/domain/sla-config';
import { HOUR_MS } from '../../src-shared/time/zoned';
import { syncService } from '../server/sync/service-fixture';
import { T0, ticket } from './fixtures';
import { tempDir } from './sync-helpers';

/**
 * The agent app computes SLA clocks with the tiers the SERVICE is configured with (synced as sla_config),
 * not with its built-in examples: a service with non-default tiers, a real cache, the real sync engine.
 */
const premiumWith = (firstResponseHours: number): Record<string, SlaTier> => ({
  premium: {
    name: 'Premium (operator)',
    targets: { ...EXAMPLE_SLA_TIERS.premium!.targets, '1': { firstResponse: firstResponseHours * HOUR_MS, update: 4 * HOUR_MS, resolution: 18 * HOUR_MS } },
  },
});

type Service = Awaited<ReturnType<typeof syncService>>;
let svc: Service;
let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;

beforeEach(async () => {
  // The examples' premium severity-1 first response is 2 business hours; this operator promises 5.
  svc = await syncService({}, { slaTiers: premiumWith(5), slaAtRisk: { fraction: 0.5, absoluteMs: 0 } });
  tmp = tempDir();
  await svc.store.transaction((tx) =>
    insertSlaContract(tx, { organizationId: svc.orgId, contractNumber: 'SLA-1', tier: 'premium', validFrom: '2026-01-01T00:00:00.000Z', validUntil: null }),
  );
  cache = SyncCache.open(join(tmp.dir, 'c.sqlite'), { userId: svc.anna.id, role: 'agent' });
});
afterEach(async () => {
  if (cache.db.open) cache.close();
  await svc.close();
  tmp.cleanup();
});

async function sync(): Promise<void> {
  await new SyncEngine({ cache, baseUrl: svc.base, token: () => svc.anna.token, backoffBaseMs: 1, backoffMaxMs: 5 }).syncOnce();
}

/** The first-response clock of a severity-1 ticket under contract SLA-1, created Monday 09:00 (business time). */
function firstResponse(now = Date.parse(T0) + HOUR_MS, source: SlaSource = new CacheReads(cache.db)) {
  const t = ticket(1, { severity: 1, organizationId: svc.orgId, slaContractNumber: 'SLA-1', createdAt: T0, updatedAt: T0 });
  return ticketFacts(t, [], factsContext(source, now)).sla.find((c) => c.kind === 'first_response');
}

describe('SLA configuration sync', () => {
  it('after bootstrap the app computes clocks with the service tiers and at-risk thresholds', async () => {
    expect(new CacheReads(cache.db).slaSettings().source).toBe('example');
    await sync();
    const reads = new CacheReads(cache.db);
    expect(reads.slaSettings()).toMatchObject({ source: 'service', atRisk: { fraction: 0.5, absoluteMs: 0 } });
    const clock = firstResponse();
    expect(clock?.dueAt).toBe('2026-03-02T14:00:00.000Z'); // the service's 5 h
    expect(clock?.remainingMs).toBe(4 * HOUR_MS);
    // The same synced contract with the built-in examples would say 2 h: the test tells the two apart.
    const examples: SlaSource = { slaContracts: () => reads.slaContracts(), slaSettings: () => EXAMPLE_SLA_SETTINGS };
    expect(firstResponse(Date.parse(T0) + HOUR_MS, examples)?.dueAt).toBe('2026-03-02T11:00:00.000Z');
    // 2 h of 5 h left: at risk with the service's 50 %, not with the examples' 20 % / 1 h.
    expect(firstResponse(Date.parse(T0) + 3 * HOUR_MS)?.atRisk).toBe(true);
  });

  it('a changed configuration reaches the client on the next pull; an unchanged one writes nothing', async () => {
    await sync();
    expect(await publishSlaConfig(svc.ctx)).toBe(false);
    const newest = await svc.newest();
    // What start-up does after the operator changed the tiers and restarted.
    expect(await publishSlaConfig({ ...svc.ctx, config: { ...svc.ctx.config, slaTiers: premiumWith(3) } })).toBe(true);
    expect(await svc.newest()).toBeGreaterThan(newest);
    await sync();
    expect(firstResponse()?.dueAt).toBe('2026-03-02T12:00:00.000Z');
  });

  it('the timer service (queue SLA state) uses the synced tiers too, and follows a changed configuration', async () => {
    await sync();
    const t = ticket(1, { severity: 1, organizationId: svc.orgId, slaContractNumber: 'SLA-1', createdAt: T0, updatedAt: T0 });
    new RecordStore(cache.db).upsert('ticket', t);
    let now = Date.parse(T0) + HOUR_MS;
    const timers = new TimerService({ db: cache.db, clock: { now: () => now }, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const dueOf = () => timers.setVisible([t.id])[0]?.sla.clocks.find((c) => c.kind === 'firstResponse')?.dueAt;
    expect(dueOf()).toBe(Date.parse('2026-03-02T14:00:00.000Z'));
    await publishSlaConfig({ ...svc.ctx, config: { ...svc.ctx.config, slaTiers: premiumWith(3) } });
    await sync();
    now += 1;
    expect(dueOf()).toBe(Date.parse('2026-03-02T12:00:00.000Z'));
  });
});
