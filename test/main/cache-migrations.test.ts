import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS, LATEST_CACHE_VERSION } from '../../src-main/cache/migrations';
import { cacheSchemaVersion, openCacheDb } from '../../src-main/cache/open-cache-db';
import { isDomainError } from '../../src-shared/errors';
import { DEFAULT_SLA_AT_RISK, EXAMPLE_SLA_TIERS } from '../../src-shared/domain/sla-config';
import { ReferenceData } from '../../src-main/timers/reference-data';
import { restoreDeferredIndexes } from '../../src-main/cache/deferred-indexes';
import { ticket } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-mig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A ticket row as the record store writes it, in the columns of cache v1 (later versions' columns keep their
 * defaults): INSERT, or on an existing id the update of the columns these tests change.
 */
function upsertTicketRow(db: Database.Database, t: ReturnType<typeof ticket>): void {
  db.prepare(
    `INSERT INTO tickets (id, key, title, description, status, category, severity, impact, assignee_id, organization_id,
      misconfiguration, escalation_id, linked_to_ticket_id, sla_contract_number, priority_key, created_at, updated_at,
      last_customer_activity_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, 0, ?, NULL, NULL, ?, ?, ?, NULL, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category, severity = excluded.severity,
      escalation_id = excluded.escalation_id, title = excluded.title, data = excluded.data`,
  ).run(t.id, t.key, t.title, t.description, t.status, t.category, t.severity, t.organizationId, t.escalationId, t.priorityKey, t.createdAt, t.updatedAt, JSON.stringify(t));
}

describe('cache migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(CACHE_MIGRATIONS.map((m) => m.version)).toEqual(CACHE_MIGRATIONS.map((_, i) => i + 1));
  });

  it('v1 creates the synced tables, sync state with a client id, outbox and rejections', () => {
    const db = openCacheDb(join(dir, 'c.sqlite'), { targetVersion: 1 });
    expect(cacheSchemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    for (const t of ['tickets', 'comments', 'history_entries', 'escalations', 'organizations', 'users', 'sla_contracts', 'kb_articles', 'sync_state', 'outbox', 'rejections', 'shadow']) {
      expect(tables).toContain(t);
    }
    const clientId = db.prepare('SELECT client_id FROM sync_state').pluck().get() as string;
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('v2 applies on a v1 database with data: the FTS index is backfilled, outbox and cursor survive', () => {
    const file = join(dir, 'c.sqlite');
    const v1 = openCacheDb(file, { targetVersion: 1 });
    const t = ticket(1, { title: 'Telefonanlage fällt aus' });
    upsertTicketRow(v1, t);
    v1.prepare("INSERT INTO organizations (id, name, data) VALUES (?, 'Müller GmbH', '{}')").run(t.organizationId);
    v1.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (1, 'assign', '{}', 'x', 'pending')").run();
    v1.prepare('UPDATE sync_state SET cursor = 42').run();
    v1.close();

    const v2 = openCacheDb(file, { targetVersion: 2 });
    expect(cacheSchemaVersion(v2)).toBe(2);
    const hit = (q: string) => v2.prepare('SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?').pluck().all(q);
    expect(hit('"fallt"')).toHaveLength(1); // diacritics folded
    expect(hit('org_name:"muller"')).toHaveLength(1);
    expect(v2.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1);
    expect(v2.prepare('SELECT cursor FROM sync_state').pluck().get()).toBe(42);
    v2.close();
  });

  it('v3 applies on a v2 database with data: ticket_sla exists, synced rows and outbox survive', () => {
    const file = join(dir, 'c.sqlite');
    const v2 = openCacheDb(file, { targetVersion: 2 });
    v2.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (1, 'assign', '{}', 'x', 'sent')").run();
    v2.prepare("INSERT INTO organizations (id, name, data) VALUES ('o1', 'Acme', '{}')").run();
    v2.close();
    const v3 = openCacheDb(file, { targetVersion: 3 });
    expect(cacheSchemaVersion(v3)).toBe(3);
    v3.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t1', 'at_risk', 5, 1)").run();
    expect(() => v3.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t2', 'bogus', 5, 1)").run()).toThrow(/CHECK/);
    expect(v3.prepare('SELECT state FROM outbox').pluck().get()).toBe('sent');
    expect(v3.prepare('SELECT name FROM organizations').pluck().get()).toBe('Acme');
    v3.close();
  });

  it('v4 applies on a v3 database with data: horizon and applied_sync_id start NULL, rows survive', () => {
    const file = join(dir, 'c.sqlite');
    const v3 = openCacheDb(file, { targetVersion: 3 });
    v3.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (7, 'assign', '{}', 'x', 'sent')").run();
    v3.prepare('UPDATE sync_state SET cursor = 9').run();
    v3.close();
    const v4 = openCacheDb(file, { targetVersion: 4 });
    expect(v4.prepare('SELECT id, state, applied_sync_id FROM outbox').get()).toEqual({ id: 7, state: 'sent', applied_sync_id: null });
    expect(v4.prepare('SELECT cursor, horizon FROM sync_state').get()).toEqual({ cursor: 9, horizon: null });
    v4.close();
  });

  it('v5 applies on a v4 database with data: the covering index serves status counts, rows survive', () => {
    const file = join(dir, 'c.sqlite');
    const v4 = openCacheDb(file, { targetVersion: 4 });
    v4.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (3, 'assign', '{}', 'x', 'pending')").run();
    v4.close();
    const v5 = openCacheDb(file, { targetVersion: 5 });
    const plan = (v5.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM tickets WHERE status IN ('NEW', 'OPEN') AND assignee_id IS NULL").all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toMatch(/COVERING INDEX tickets_filters/);
    expect(v5.prepare('SELECT id FROM outbox').pluck().all()).toEqual([3]);
    v5.close();
  });

  it('v6 applies on a v5 database with data: SLA state mirrored onto tickets, covering queue indexes, rows survive', () => {
    const file = join(dir, 'c.sqlite');
    const v5 = openCacheDb(file, { targetVersion: 5 });
    for (const i of [1, 2]) {
      const t = ticket(i);
      upsertTicketRow(v5, t);
    }
    v5.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t1', 'breached', 5, 1)").run();
    v5.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (4, 'assign', '{}', 'x', 'pending')").run();
    v5.close();

    const v6 = openCacheDb(file, { targetVersion: 6 });
    const sla = () => Object.fromEntries((v6.prepare('SELECT id, sla_state FROM tickets ORDER BY id').all() as { id: string; sla_state: string }[]).map((r) => [r.id, r.sla_state]));
    expect(sla()).toEqual({ t1: 'breached', t2: 'none' }); // backfilled; not evaluated = 'none'
    v6.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t2', 'at_risk', 5, 1)").run();
    v6.prepare("UPDATE ticket_sla SET state = 'ok' WHERE ticket_id = 't1'").run();
    expect(sla()).toEqual({ t1: 'ok', t2: 'at_risk' });
    v6.prepare("DELETE FROM ticket_sla WHERE ticket_id = 't1'").run();
    expect(sla()).toEqual({ t1: 'none', t2: 'at_risk' });
    // a rebase deletes and re-inserts a row: the mirror must come back from ticket_sla
    const t2 = v6.prepare("SELECT * FROM tickets WHERE id = 't2'").get() as Record<string, unknown>;
    v6.prepare("DELETE FROM tickets WHERE id = 't2'").run();
    v6.prepare(
      `INSERT INTO tickets (id, key, title, description, status, category, severity, impact, assignee_id, organization_id,
        misconfiguration, escalation_id, linked_to_ticket_id, sla_contract_number, priority_key, created_at, updated_at,
        last_customer_activity_at, data) VALUES (@id, @key, @title, @description, @status, @category, @severity, @impact, @assignee_id,
        @organization_id, @misconfiguration, @escalation_id, @linked_to_ticket_id, @sla_contract_number, @priority_key, @created_at,
        @updated_at, @last_customer_activity_at, @data)`,
    ).run({ ...t2, sla_state: undefined });
    expect(sla()).toEqual({ t1: 'none', t2: 'at_risk' });

    const indexes = v6.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND name NOT LIKE 'sqlite%' ORDER BY name").pluck().all();
    expect(indexes).toEqual(['tickets_queue_assignee', 'tickets_queue_order', 'tickets_queue_organization', 'tickets_queue_status']);
    const plan = (sql: string) => (v6.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    // the window walk and a status count never read the table
    expect(plan("SELECT rowid FROM tickets INDEXED BY tickets_queue_order WHERE severity = 1 AND sla_state = 'ok' ORDER BY priority_key, key LIMIT 200")).toMatch(
      /^SCAN tickets USING COVERING INDEX tickets_queue_order$/,
    );
    expect(plan("SELECT count(*) FROM tickets INDEXED BY tickets_queue_status WHERE status IN ('NEW', 'OPEN') AND category = 'question'")).toMatch(/COVERING INDEX tickets_queue_status \(status=\?\)/);
    expect(v6.prepare('SELECT id FROM outbox').pluck().all()).toEqual([4]);
    v6.close();
  });

  it('v7 applies on a v6 database with data: per-group queue counts are backfilled and stay equal to the tickets under random writes', () => {
    const file = join(dir, 'c.sqlite');
    const v6 = openCacheDb(file, { targetVersion: 6 });
    for (let i = 1; i <= 20; i++) upsertTicketRow(v6, ticket(i, { status: i % 2 ? 'NEW' : 'OPEN' }));
    v6.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t1', 'breached', 5, 1)").run();
    v6.close();

    const v7 = openCacheDb(file, { targetVersion: 7 });
    const grouped = () =>
      v7.prepare(
        `SELECT status, category, severity, sla_state, escalation_id IS NOT NULL AS escalated, count(*) AS n FROM tickets GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      ).all();
    const kept = () => v7.prepare('SELECT status, category, severity, sla_state, escalated, n FROM queue_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5').all();
    expect(kept()).toEqual(grouped());

    let seed = 99;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const statuses = ['NEW', 'OPEN', 'IN_PROGRESS', 'DONE'] as const;
    const slaStates = ['ok', 'at_risk', 'breached', 'paused'] as const;
    for (let step = 0; step < 400; step++) {
      const id = 1 + rnd(30);
      const op = rnd(6);
      if (op <= 2) {
        upsertTicketRow(v7, ticket(id, { status: statuses[rnd(4)]!, category: rnd(2) ? 'question' : 'product_defect', severity: (1 + rnd(3)) as 1 | 2 | 3, escalationId: rnd(4) ? null : `e${id}` }));
      } else if (op === 3) {
        v7.prepare('DELETE FROM tickets WHERE id = ?').run(`t${id}`);
      } else if (op === 4) {
        v7.prepare('INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES (?, ?, NULL, 0) ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state').run(`t${id}`, slaStates[rnd(4)]!);
      } else {
        v7.prepare('DELETE FROM ticket_sla WHERE ticket_id = ?').run(`t${id}`);
      }
      expect(kept(), `step ${step}`).toEqual(grouped());
    }
    v7.close();
  });

  it('v8 applies on a v7 database with data: the escalations window reads only escalated tickets, in queue order', () => {
    const file = join(dir, 'c.sqlite');
    const v7 = openCacheDb(file, { targetVersion: 7 });
    v7.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (5, 'assign', '{}', 'x', 'pending')").run();
    v7.close();
    const v8 = openCacheDb(file, { targetVersion: 8 });
    const plan = (v8.prepare(
      "EXPLAIN QUERY PLAN SELECT rowid FROM tickets INDEXED BY tickets_queue_escalated WHERE status IN ('NEW', 'OPEN') AND escalation_id IS NOT NULL ORDER BY priority_key, key LIMIT 200",
    ).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toBe('SCAN tickets USING COVERING INDEX tickets_queue_escalated');
    expect(v8.prepare('SELECT id FROM outbox').pluck().all()).toEqual([5]);
    v8.close();
  });

  it('v9 applies on a v8 database with data: the detail pane finds linked tickets through an index, rows survive', () => {
    const file = join(dir, 'c.sqlite');
    const v8 = openCacheDb(file, { targetVersion: 8 });
    v8.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (5, 'assign', '{}', 'x', 'pending')").run();
    v8.close();
    const v9 = openCacheDb(file, { targetVersion: 9 });
    const plan = (v9.prepare('EXPLAIN QUERY PLAN SELECT data FROM tickets WHERE linked_to_ticket_id = ? OR id = ? ORDER BY key').all('t1', 't2') as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('INDEX tickets_linked_to');
    expect(plan).not.toMatch(/^SCAN tickets(?! USING)/);
    expect(v9.prepare('SELECT id FROM outbox').pluck().all()).toEqual([5]);
    v9.close();
  });

  it('refuses a database written by a newer app version and leaves it untouched', () => {
    const file = join(dir, 'future.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_CACHE_VERSION + 1}`);
    raw.exec('CREATE TABLE outbox (id INTEGER PRIMARY KEY)');
    raw.close();
    let error: unknown;
    try {
      openCacheDb(file);
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error) && error.code).toBe('SCHEMA_TOO_NEW');
    expect(String(error)).toMatch(/newer|knows up to/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_CACHE_VERSION + 1);
    again.close();
  });

  it('v10 adds an empty sla_config table on a v9 database; settings fall back to the examples until one is synced', () => {
    const file = join(dir, 'c.sqlite');
    const v9 = openCacheDb(file, { targetVersion: 9 });
    v9.prepare('INSERT INTO organizations (id, name, data) VALUES (?, ?, ?)').run('o1', 'Kunde', '{}');
    v9.close();
    const db = openCacheDb(file, { targetVersion: 10 });
    expect(cacheSchemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT count(*) FROM organizations').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM sla_config').pluck().get()).toBe(0);
    const reference = ReferenceData.for(db);
    expect(reference.slaSettings()).toMatchObject({ source: 'example', tiers: EXAMPLE_SLA_TIERS, atRisk: DEFAULT_SLA_AT_RISK });
    const tiers = { gold: { name: 'Gold', targets: EXAMPLE_SLA_TIERS.basic!.targets } };
    db.prepare('INSERT INTO sla_config (id, data) VALUES (?, ?)').run('current', JSON.stringify({ id: 'current', tiers, atRisk: { fraction: 0.5, absoluteMs: 0 } }));
    expect(reference.slaSettings()).toEqual({ source: 'service', tiers, atRisk: { fraction: 0.5, absoluteMs: 0 } });
    db.close();
  });

  it('v11 applies on a v10 database with data: deferred_indexes starts empty, every queue index stays, rows survive', () => {
    const file = join(dir, 'c.sqlite');
    const v10 = openCacheDb(file, { targetVersion: 10 });
    const t = ticket(1);
    upsertTicketRow(v10, t);
    v10.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (6, 'assign', '{}', 'x', 'pending')").run();
    // a cache in the middle of its first bootstrap: the migration must not start deferring anything itself
    v10.prepare('UPDATE sync_state SET cursor = 40, bootstrap_complete = 0, bootstrap_done = 40, bootstrap_total = 90').run();
    const indexes = (db: Database.Database) => db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();
    const before = indexes(v10);
    v10.close();

    const v11 = openCacheDb(file, { targetVersion: 11 });
    expect(cacheSchemaVersion(v11)).toBe(11);
    expect(v11.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(\'deferred_indexes\') ORDER BY cid').all()).toEqual([
      { name: 'name', type: 'TEXT', notnull: 0, pk: 1 },
      { name: 'sql', type: 'TEXT', notnull: 1, pk: 0 },
    ]);
    expect(v11.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);
    expect(indexes(v11)).toEqual(before);
    expect(v11.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB 'tickets_queue_*' ORDER BY name").pluck().all()).toEqual([
      'tickets_queue_assignee', 'tickets_queue_escalated', 'tickets_queue_order', 'tickets_queue_organization', 'tickets_queue_status',
    ]);
    expect(v11.prepare('SELECT data FROM tickets').pluck().all()).toEqual([JSON.stringify(t)]);
    expect(v11.prepare('SELECT id FROM outbox').pluck().all()).toEqual([6]);
    expect(v11.prepare('SELECT cursor, bootstrap_complete, bootstrap_done FROM sync_state').get()).toEqual({ cursor: 40, bootstrap_complete: 0, bootstrap_done: 40 });
    v11.close();
  });

  it('reopening an up-to-date database applies nothing', () => {
    const file = join(dir, 'c.sqlite');
    openCacheDb(file).close();
    const db = openCacheDb(file);
    expect(cacheSchemaVersion(db)).toBe(LATEST_CACHE_VERSION);
    db.close();
  });

  it('v12 applies on a v11 database with data: queue_changes logs ticket inserts, queue-column updates, deletes and organisation changes, nothing while indexes are deferred', () => {
    const file = join(dir, 'c.sqlite');
    const v11 = openCacheDb(file, { targetVersion: 11 });
    const t1 = ticket(1);
    upsertTicketRow(v11, t1);
    v11.prepare("INSERT INTO organizations (id, name, data) VALUES (?, 'Acme', '{}')").run(t1.organizationId);
    v11.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (7, 'assign', '{}', 'x', 'pending')").run();
    v11.close();

    const db = openCacheDb(file, { targetVersion: 12 });
    expect(cacheSchemaVersion(db)).toBe(12);
    expect(db.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('queue_changes') ORDER BY cid").all()).toEqual([
      { name: 'seq', type: 'INTEGER', notnull: 0, pk: 1 },
      { name: 'ticket_rowid', type: 'INTEGER', notnull: 0, pk: 0 },
    ]);
    // nothing is backfilled: the memory index loads every ticket when it is first used
    expect(db.prepare('SELECT count(*) FROM queue_changes').pluck().get()).toBe(0);
    expect(db.prepare('SELECT data FROM tickets').pluck().all()).toEqual([JSON.stringify(t1)]);
    expect(db.prepare('SELECT id FROM outbox').pluck().all()).toEqual([7]);

    const rowidOf = (id: string) => db.prepare('SELECT rowid FROM tickets WHERE id = ?').pluck().get(id) as number;
    const maxSeq = () => (db.prepare('SELECT coalesce(max(seq), 0) FROM queue_changes').pluck().get() as number);
    /** The ticket_rowid of every entry `write` logged, in order. */
    const logged = (write: () => void): (number | null)[] => {
      const before = maxSeq();
      write();
      return db.prepare('SELECT ticket_rowid FROM queue_changes WHERE seq > ? ORDER BY seq').pluck().all(before) as (number | null)[];
    };
    const r1 = rowidOf('t1');

    expect(logged(() => upsertTicketRow(db, ticket(2)))).toEqual([rowidOf('t2')]);
    // every column the queue filters, sorts or searches on; the SLA state through its mirror trigger
    for (const set of [
      "key = 'PS-99999'", "title = 'neu'", "description = 'anders'", "status = 'OPEN'", "category = 'question'", 'severity = 3',
      "escalation_id = 'e1'", "assignee_id = 'u-b'", "organization_id = 'o9'", "priority_key = 'p0'", "sla_state = 'ok'",
    ]) {
      expect(logged(() => db.prepare(`UPDATE tickets SET ${set} WHERE id = 't1'`).run()), set).toEqual([r1]);
    }
    expect(logged(() => db.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t1', 'breached', 1, 1)").run())).toEqual([r1]);
    // columns the queue never reads are not logged
    for (const set of ["data = '{}'", "updated_at = 'x'", 'impact = 5', 'misconfiguration = 1', "linked_to_ticket_id = 't2'"]) {
      expect(logged(() => db.prepare(`UPDATE tickets SET ${set} WHERE id = 't1'`).run()), set).toEqual([]);
    }
    // the record store's upsert (INSERT … ON CONFLICT DO UPDATE) is an update of the existing row
    expect(
      logged(() =>
        db.prepare("INSERT INTO tickets (id, key, title, description, status, category, severity, impact, organization_id, misconfiguration, priority_key, created_at, updated_at, data) VALUES ('t2', 'PS-10002', 'x', 'y', 'DONE', 'question', 1, 0, 'o1', 0, 'p1', 'a', 'b', '{}') ON CONFLICT (id) DO UPDATE SET status = excluded.status, title = excluded.title").run(),
      ),
    ).toEqual([rowidOf('t2')]);
    const r2 = rowidOf('t2');
    expect(logged(() => db.prepare("DELETE FROM tickets WHERE id = 't2'").run())).toEqual([r2]);
    // organisations: their name is part of every one of their tickets' search text, so "many changed" (NULL)
    expect(logged(() => db.prepare("INSERT INTO organizations (id, name, data) VALUES ('o7', 'Neu', '{}')").run())).toEqual([null]);
    expect(logged(() => db.prepare("UPDATE organizations SET name = 'Umbenannt' WHERE id = 'o7'").run())).toEqual([null]);
    expect(logged(() => db.prepare("UPDATE organizations SET data = '{\"x\":1}' WHERE id = 'o7'").run())).toEqual([]);
    expect(logged(() => db.prepare("DELETE FROM organizations WHERE id = 'o7'").run())).toEqual([null]);
    // other tables are not the queue's business
    expect(logged(() => db.prepare("INSERT INTO users (id, display_name, data) VALUES ('u1', 'U', '{}')").run())).toEqual([]);

    // while a first bootstrap defers the queue indexes nothing is logged (restoring them logs a reload mark)
    db.prepare("INSERT INTO deferred_indexes (name, sql) VALUES ('tickets_queue_order', 'CREATE INDEX x ON tickets (key)')").run();
    expect(
      logged(() => {
        upsertTicketRow(db, ticket(3));
        db.prepare("UPDATE tickets SET status = 'DONE', title = 'z' WHERE id = 't1'").run();
        db.prepare("UPDATE ticket_sla SET state = 'ok' WHERE ticket_id = 't1'").run();
        db.prepare("DELETE FROM tickets WHERE id = 't3'").run();
        db.prepare("INSERT INTO organizations (id, name, data) VALUES ('o8', 'A', '{}')").run();
        db.prepare("UPDATE organizations SET name = 'B' WHERE id = 'o8'").run();
        db.prepare("DELETE FROM organizations WHERE id = 'o8'").run();
      }),
    ).toEqual([]);
    db.prepare('DELETE FROM deferred_indexes').run();
    expect(logged(() => db.prepare("UPDATE tickets SET status = 'OPEN' WHERE id = 't1'").run())).toEqual([r1]);

    // AUTOINCREMENT: after pruning every entry, new ones still come after the last one ever handed out
    const last = maxSeq();
    db.prepare('DELETE FROM queue_changes').run();
    upsertTicketRow(db, ticket(4));
    expect(db.prepare('SELECT seq FROM queue_changes').pluck().all()).toEqual([last + 1]);
    db.close();
  });

  it('v13 applies on a v12 database with data: queue counts stay equal to the tickets, are silent while indexes are deferred and recounted when the deferral ends', () => {
    const file = join(dir, 'c.sqlite');
    const v12 = openCacheDb(file, { targetVersion: 12 });
    for (let i = 1; i <= 10; i++) upsertTicketRow(v12, ticket(i, { status: i % 2 ? 'NEW' : 'OPEN' }));
    v12.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (3, 'assign', '{}', 'x', 'pending')").run();
    v12.close();

    const db = openCacheDb(file, { targetVersion: 13 });
    expect(cacheSchemaVersion(db)).toBe(13);
    const grouped = () =>
      db.prepare(
        'SELECT status, category, severity, sla_state, escalation_id IS NOT NULL AS escalated, count(*) AS n FROM tickets GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5',
      ).all();
    const kept = () => db.prepare('SELECT status, category, severity, sla_state, escalated, n FROM queue_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5').all();
    // the counts written by the v7 triggers survive, the new triggers keep them exact
    expect(kept()).toEqual(grouped());
    expect(db.prepare('SELECT id FROM outbox').pluck().all()).toEqual([3]);
    upsertTicketRow(db, ticket(11, { status: 'DONE' }));
    upsertTicketRow(db, ticket(2, { status: 'IN_PROGRESS', escalationId: 'e2' }));
    db.prepare("DELETE FROM tickets WHERE id = 't3'").run();
    db.prepare("INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES ('t4', 'breached', NULL, 0)").run();
    expect(kept()).toEqual(grouped());

    // a first bootstrap defers: the triggers are silent, so the table falls behind...
    const before = kept();
    db.prepare("INSERT INTO deferred_indexes (name, sql) VALUES ('x', 'SELECT 1')").run();
    upsertTicketRow(db, ticket(12, { status: 'NEW' }));
    upsertTicketRow(db, ticket(5, { status: 'CLOSED' }));
    expect(kept()).toEqual(before);
    expect(kept()).not.toEqual(grouped());
    // ...and ending the deferral recounts it from the tickets
    db.prepare('DELETE FROM deferred_indexes').run();
    db.prepare("INSERT INTO deferred_indexes (name, sql) VALUES ('tickets_x', 'CREATE INDEX tickets_x ON tickets (impact)')").run();
    restoreDeferredIndexes(db);
    expect(kept()).toEqual(grouped());
    db.close();
  });
});
