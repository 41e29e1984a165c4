import type { PoolClient } from 'pg';
import { orderMigrations, pendingMigrations } from '../migrations/plan';
import type { Migration } from '../migrations/types';

/** Session advisory lock key for migrations: two instances starting at once must not both migrate. */
const MIGRATION_LOCK = 7_305_001;

export async function pgAppliedVersions(client: PoolClient): Promise<number[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const r = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return r.rows.map((row) => Number(row.version));
}

/**
 * PostgreSQL twin of migrations/runner.ts: same version order, same refusal of a newer schema, each migration
 * in its own transaction. Instances starting together serialise on an advisory lock, so the second one finds
 * the work done.
 */
export async function pgMigrate(client: PoolClient, migrations: readonly Migration[], nowIso: string): Promise<number[]> {
  const sorted = orderMigrations(migrations, (m) => {
    if (m.postgres === undefined) throw new Error(`migration ${m.version} (${m.name}) has no PostgreSQL form`);
  });
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    // citext gives e-mail columns SQLite's COLLATE NOCASE semantics; a trusted extension since PostgreSQL 13.
    await client.query('CREATE EXTENSION IF NOT EXISTS citext');
    const pending = pendingMigrations(sorted, new Set(await pgAppliedVersions(client)));
    const done: number[] = [];
    for (const m of pending) {
      await client.query('BEGIN');
      try {
        await client.query(m.postgres!);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, nowIso]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`PostgreSQL migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      done.push(m.version);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
