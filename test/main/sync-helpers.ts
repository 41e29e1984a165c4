import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncCache } from '../../src-main/cache/sync-cache';
import { SyncEngine, type SyncEngineOptions } from '../../src-main/sync/engine';
import { AGENT, T0 } from './fixtures';
import type { FakeSyncServer } from './fake-sync-server';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sync-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const FIXED_NOW = () => Date.parse(T0) + 3_600_000;

export function openCache(file: string): SyncCache {
  return SyncCache.open(file, AGENT, FIXED_NOW);
}

/** An engine with deterministic jitter and no real waiting between retries (tests drive cycles by hand). */
export function engineFor(server: FakeSyncServer, cache: SyncCache, extra: Partial<SyncEngineOptions> = {}): SyncEngine {
  return new SyncEngine({
    cache,
    baseUrl: server.url,
    token: () => server.token,
    clock: { now: FIXED_NOW },
    random: () => 0.5,
    requestTimeoutMs: 2_000,
    backoffBaseMs: 1,
    backoffMaxMs: 10,
    ...extra,
  });
}

/** Every synced ticket row as the cache has it (visible = truth + overlay), sorted by id. */
export function cacheTickets(cache: SyncCache): unknown[] {
  return (cache.db.prepare('SELECT data FROM tickets ORDER BY id').pluck().all() as string[]).map((s) => JSON.parse(s) as unknown);
}
