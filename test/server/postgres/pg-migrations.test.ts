/** The PostgreSQL migration runner: each migration on its predecessor, data kept, newer schema refused. */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-server/core/clock';
import { insertOrganization } from '../../../src-server/storage/repositories/accounts';
import { MIGRATIONS } from '../../../src-server/storage/migrations/index';
import { PgStore } from '../../../src-server/storage/postgres/pg-store';
import { createTestDatabase, dbAll, dbGet } from '../backend';

const clock = new ManualClock(Date.parse('2026-03-02T08:00:00.000Z'));
const sorted = [...MIGRATIONS].sort((a, b) => a.version - b.version);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freshDb(): Promise<string> {
  const db = await createTestDatabase();
  cleanups.push(db.drop);
  return db.url;
}

describe('PostgreSQL migrations', () => {
  it('applies each migration on its predecessor and keeps existing rows', async () => {
    const url = await freshDb();
    let orgId: string | null = null;
    for (let i = 1; i <= sorted.length; i++) {
      const store = await PgStore.open({ url, clock, migrations: sorted.slice(0, i) });
      try {
        expect(await store.appliedVersions()).toEqual(sorted.slice(0, i).map((m) => m.version));
        if (orgId === null) {
          orgId = (await store.transaction((tx) => insertOrganization(tx, { name: 'Alpha GmbH', kind: 'customer', registeredEndUser: true }))).id;
        }
        expect(await dbGet(store, 'SELECT name FROM organizations WHERE id = ?', [orgId])).toEqual({ name: 'Alpha GmbH' });
      } finally {
        await store.close();
      }
    }
  });

  it('refuses a database written by a newer service', async () => {
    const url = await freshDb();
    const store = await PgStore.open({ url, clock });
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("INSERT INTO schema_migrations VALUES (9999, 'from-the-future', '2026-01-01')");
    await c.end();
    await expect(PgStore.open({ url, clock })).rejects.toMatchObject({ code: 'SCHEMA_TOO_NEW' });
  });

  it('two instances starting together migrate once', async () => {
    const url = await freshDb();
    const [a, b] = await Promise.all([PgStore.open({ url, clock }), PgStore.open({ url, clock })]);
    try {
      const rows = await dbAll<{ version: number }>(a, 'SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(sorted.map((m) => m.version));
      expect(await b.schemaVersion()).toBe(sorted.at(-1)!.version);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('e-mail columns compare case-insensitively and text sorts by bytes, as on SQLite', async () => {
    const url = await freshDb();
    const store = await PgStore.open({ url, clock });
    try {
      const rows = await dbAll<{ v: number; o: string }>(
        store,
        "SELECT CAST(? AS citext) = CAST(? AS citext) AS v, (SELECT string_agg(x, '' ORDER BY x) FROM (VALUES ('b'), ('B'), ('a'), ('_')) AS t(x)) AS o",
        ['Paul@Kunde.example', 'paul@kunde.example'],
      );
      expect(rows).toEqual([{ v: 1, o: 'B_ab' }]);
    } finally {
      await store.close();
    }
  });
});
