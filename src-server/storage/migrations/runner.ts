import type Database from 'better-sqlite3';
import { orderMigrations, pendingMigrations } from './plan';
import type { Migration } from './types';

function ensureTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
}

export function appliedVersions(db: Database.Database): number[] {
  ensureTable(db);
  return db
    .prepare('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((r) => (r as { version: number }).version);
}

/**
 * Applies every migration in `migrations` not yet recorded, in version order, each in its own transaction.
 * Refuses a database that holds a version this code does not know (plan.ts).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], nowIso: string): number[] {
  const sorted = orderMigrations(migrations);
  const done: number[] = [];
  for (const m of pendingMigrations(sorted, new Set(appliedVersions(db)))) {
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, nowIso);
    })();
    done.push(m.version);
  }
  return done;
}
