/**
 * Which storage backend the server tests run on. `npm test` runs test/server and the sync suites twice: once
 * on SQLite, once with SD_TEST_BACKEND=postgres on the cluster SD_TEST_POSTGRES_URL names (.ci/run starts a
 * throwaway one; vitest.config.mts wires the second pass). Each test store gets a fresh database, dropped on
 * dispose, so tests stay independent as they are with one temp SQLite file each.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../src-server/core/clock';
import type { Migration } from '../../src-server/storage/migrations/types';
import { PgStore } from '../../src-server/storage/postgres/pg-store';
import { SqliteStore } from '../../src-server/storage/sqlite-store';
import type { SqlValue, Store, Tx } from '../../src-server/storage/store';

export type TestBackend = 'sqlite' | 'postgres';

export function testBackend(): TestBackend {
  const wanted = process.env.SD_TEST_BACKEND ?? 'sqlite';
  if (wanted !== 'sqlite' && wanted !== 'postgres') throw new Error(`SD_TEST_BACKEND must be sqlite or postgres, not ${wanted}`);
  if (wanted === 'postgres' && !process.env.SD_TEST_POSTGRES_URL) {
    throw new Error('SD_TEST_BACKEND=postgres needs SD_TEST_POSTGRES_URL (e.g. from scripts/pg-test-cluster.sh start)');
  }
  return wanted;
}

export function postgresAdminUrl(): string | null {
  return process.env.SD_TEST_POSTGRES_URL ?? null;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates an empty database on the test cluster and returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgresAdminUrl();
  if (!admin) throw new Error('SD_TEST_POSTGRES_URL is not set');
  const name = `sd_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export type AnyStore = SqliteStore | PgStore;

export interface TestStoreHandle {
  store: AnyStore;
  /** SQLite file path or PostgreSQL URL: pass it back as `location` to reopen the same database (restarts). */
  location: string;
  /** Opens a second store on the same database (a second service instance, or a restart). */
  reopen(clock: Clock): Promise<AnyStore>;
  /** Closes the store and deletes the database. */
  dispose(): Promise<void>;
}

export interface OpenTestStoreOptions {
  clock: Clock;
  migrations?: readonly Migration[];
  /** Reopen an existing database instead of creating one. */
  location?: string;
  backend?: TestBackend;
}

export async function openTestStore(options: OpenTestStoreOptions): Promise<TestStoreHandle> {
  const backend = options.backend ?? testBackend();
  const migrations = options.migrations ? { migrations: options.migrations } : {};
  if (backend === 'postgres') {
    const created = options.location ? null : await createTestDatabase();
    const url = options.location ?? created!.url;
    const store = await PgStore.open({ url, clock: options.clock, ...migrations });
    return {
      store,
      location: url,
      reopen: (clock) => PgStore.open({ url, clock, ...migrations }),
      async dispose() {
        await store.close();
        if (created) await created.drop();
      },
    };
  }
  const dir = options.location ? null : mkdtempSync(join(tmpdir(), 'sd-store-'));
  const file = options.location ?? join(dir!, 'tickets.sqlite');
  const store = new SqliteStore({ file, clock: options.clock, ...migrations });
  return {
    store,
    location: file,
    reopen: async (clock) => new SqliteStore({ file, clock, ...migrations }),
    async dispose() {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Names of the application's tables on either backend (for "nothing was written" snapshots). */
export async function tableNames(tx: Tx): Promise<string[]> {
  const rows =
    tx.dialect === 'postgres'
      ? await tx.all<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
      : await tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return rows.map((r) => r.name);
}

/** Row counts of every table plus max(sync_id): compare before/after to prove "nothing written". */
export async function snapshotCounts(store: Store): Promise<Record<string, number>> {
  return store.read(async (tx) => {
    const out: Record<string, number> = {};
    for (const name of await tableNames(tx)) {
      out[name] = (await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`))!.n;
    }
    out.max_sync_id = (await tx.get<{ n: number }>('SELECT COALESCE(MAX(sync_id), 0) AS n FROM sync_changes'))!.n;
    return out;
  });
}

/** Test-side reads on either backend (replaces better-sqlite3's synchronous prepare().all()/get()). */
export function dbAll<T = Record<string, unknown>>(store: Store, sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
  return store.read((tx) => tx.all<T>(sql, params));
}

export function dbGet<T = Record<string, unknown>>(store: Store, sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
  return store.read((tx) => tx.get<T>(sql, params));
}
