import type Database from 'better-sqlite3';
import { DomainError } from '../../../src-shared/errors';
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
 * Refuses a database that holds a version this code does not know: it was written by a newer service, and
 * running old code on it could corrupt data.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], nowIso: string): number[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of sorted) {
    if (seen.has(m.version)) throw new Error(`duplicate migration version ${m.version}`);
    seen.add(m.version);
  }
  const applied = new Set(appliedVersions(db));
  const unknown = [...applied].filter((v) => !seen.has(v));
  if (unknown.length > 0) {
    throw new DomainError(
      'SCHEMA_TOO_NEW',
      `database schema has versions ${unknown.join(', ')} unknown to this service; upgrade the service`,
      { unknownVersions: unknown },
    );
  }
  const done: number[] = [];
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, nowIso);
    })();
    done.push(m.version);
  }
  return done;
}
