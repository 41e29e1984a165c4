import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-server/core/clock';
import { MIGRATIONS } from '../../src-server/storage/migrations/index';
import { migrate } from '../../src-server/storage/migrations/runner';
import { SqliteStore } from '../../src-server/storage/sqlite-store';

const NOW = '2026-03-02T08:00:00.000Z';
const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-mig-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").all() as Array<{ name: string }>;
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const sorted = [...MIGRATIONS].sort((a, b) => a.version - b.version);

describe('migrations', () => {
  it('versions are unique', () => {
    expect(new Set(sorted.map((m) => m.version)).size).toBe(sorted.length);
  });

  it('core-accounts (v1) applies on an empty database', () => {
    const db = new Database(tempDb());
    migrate(db, sorted.filter((m) => m.version === 1), NOW);
    db.prepare("INSERT INTO organizations VALUES ('o1','Alpha','customer',1,?,?)").run(NOW, NOW);
    db.prepare("INSERT INTO users (id,email,name,role,organization_id,created_at,updated_at) VALUES ('u1','a@x.example','A','customer','o1',?,?)").run(NOW, NOW);
    expect(() => db.prepare("INSERT INTO users (id,email,name,role,created_at,updated_at) VALUES ('u2','A@X.example','B','customer',?,?)").run(NOW, NOW)).toThrow(/UNIQUE/);
    db.close();
  });

  // Each later migration applies on the schema of all earlier ones, and data written before survives.
  for (const m of sorted.filter((x) => x.version > 1)) {
    it(`${m.name} (v${m.version}) applies on the previous schema and keeps existing rows`, () => {
      const db = new Database(tempDb());
      db.pragma('foreign_keys = ON');
      migrate(db, sorted.filter((x) => x.version < m.version), NOW);
      db.prepare("INSERT INTO organizations VALUES ('o1','Alpha','customer',1,?,?)").run(NOW, NOW);
      db.prepare("INSERT INTO users (id,email,name,role,organization_id,created_at,updated_at) VALUES ('u1','a@x.example','A','customer','o1',?,?)").run(NOW, NOW);
      db.prepare("INSERT INTO sync_changes (entity, entity_id, op, changed_at) VALUES ('user','u1','upsert',?)").run(NOW);
      const before = rowCounts(db);
      expect(migrate(db, sorted.filter((x) => x.version <= m.version), NOW)).toEqual([m.version]);
      const after = rowCounts(db);
      for (const [table, n] of Object.entries(before)) expect(after[table], table).toBe(n);
      expect(db.prepare("SELECT email FROM users WHERE id = 'u1'").get()).toEqual({ email: 'a@x.example' });
      db.close();
    });
  }

  it('is idempotent: reopening applies nothing', () => {
    const file = tempDb();
    const clock = new ManualClock(Date.parse(NOW));
    const a = new SqliteStore({ file, clock });
    const count = (a.raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n;
    void a.close();
    const db = new Database(file);
    expect(migrate(db, MIGRATIONS, NOW)).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(count);
    db.close();
  });

  it('refuses a database written by a newer service', async () => {
    const file = tempDb();
    const clock = new ManualClock(Date.parse(NOW));
    const store = new SqliteStore({ file, clock });
    store.raw.prepare("INSERT INTO schema_migrations VALUES (9999, 'from-the-future', ?)").run(NOW);
    await store.close();
    expect(() => new SqliteStore({ file, clock })).toThrow(expect.objectContaining({ code: 'SCHEMA_TOO_NEW' }));
  });
});

describe('store', () => {
  it('rolls back a failed transaction, including its sync_changes rows', async () => {
    const clock = new ManualClock(Date.parse(NOW));
    const store = new SqliteStore({ file: tempDb(), clock });
    await expect(
      store.transaction(async (tx) => {
        await tx.write({ entity: 'organization', entityId: 'o1', op: 'upsert' }, "INSERT INTO organizations VALUES ('o1','A','customer',0,?,?)", [NOW, NOW]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.raw.prepare('SELECT COUNT(*) AS n FROM organizations').get()).toEqual({ n: 0 });
    expect(store.raw.prepare('SELECT COUNT(*) AS n FROM sync_changes').get()).toEqual({ n: 0 });
    await store.close();
  });

  it('refuses entity writes that bypass the sync log', async () => {
    const store = new SqliteStore({ file: tempDb(), clock: new ManualClock(Date.parse(NOW)) });
    await expect(store.transaction((tx) => tx.run("INSERT INTO organizations VALUES ('o1','A','customer',0,?,?)", [NOW, NOW]))).rejects.toThrow(/tx.write/);
    await store.close();
  });

  it('serialises transactions: awaits inside one do not interleave with another', async () => {
    const store = new SqliteStore({ file: tempDb(), clock: new ManualClock(Date.parse(NOW)) });
    const order: string[] = [];
    const slow = store.transaction(async (tx) => {
      order.push('a:start');
      await new Promise((r) => setImmediate(r));
      await tx.write({ entity: 'organization', entityId: 'a', op: 'upsert' }, "INSERT INTO organizations VALUES ('a','A','customer',0,?,?)", [NOW, NOW]);
      order.push('a:end');
    });
    const fast = store.transaction(async () => {
      order.push('b');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['a:start', 'a:end', 'b']);
    await store.close();
  });
});
