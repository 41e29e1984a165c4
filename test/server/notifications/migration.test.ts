import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationsMigration } from '../../../src-server/notifications/migration-0200-outbox';
import { MIGRATIONS } from '../../../src-server/storage/migrations/index';
import { migrate } from '../../../src-server/storage/migrations/runner';

const NOW = '2026-03-02T08:00:00.000Z';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function db(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'notif-mig-'));
  dirs.push(dir);
  return new Database(join(dir, 'db.sqlite'));
}

const insert = `INSERT INTO notification_outbox (ticket_id, source_kind, source_id, recipient_email, language, subject, body_text, state, created_at)
  VALUES ('t1', 'comment', 'c1', ?, 'de', 's', 'b', ?, ?)`;

describe('migration 200 notifications-outbox', () => {
  it('is registered and applies after the core migrations', () => {
    expect(MIGRATIONS).toContain(notificationsMigration);
    const d = db();
    const applied = migrate(d, MIGRATIONS.filter((m) => m.version <= notificationsMigration.version), NOW);
    expect(applied).toContain(200);
    d.close();
  });

  it('one row per (event, recipient), addresses compared case-insensitively; unknown states rejected', () => {
    const d = db();
    migrate(d, [notificationsMigration], NOW);
    d.prepare(insert).run('a@x.example', 'pending', NOW);
    expect(() => d.prepare(insert).run('A@X.example', 'pending', NOW)).toThrow(/UNIQUE/);
    expect(() => d.prepare(insert).run('b@x.example', 'lost', NOW)).toThrow(/CHECK/);
    expect(() => d.prepare('INSERT INTO notification_cursor VALUES (2, 0, ?)').run(NOW)).toThrow(/CHECK/);
    d.close();
  });
});
