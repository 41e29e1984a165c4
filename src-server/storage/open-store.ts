import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock';
import type { Migration } from './migrations/types';
import { PgStore } from './postgres/pg-store';
import { SqliteStore } from './sqlite-store';

/** `--db postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite file (or :memory:). */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

export interface OpenStoreOptions {
  db: string;
  clock: Clock;
  migrations?: readonly Migration[];
}

/** Opens (and migrates) the store the `--db` value names. */
export async function openStore(options: OpenStoreOptions): Promise<SqliteStore | PgStore> {
  const { db, clock, migrations } = options;
  if (isPostgresUrl(db)) return PgStore.open({ url: db, clock, ...(migrations ? { migrations } : {}) });
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  return new SqliteStore({ file: db, clock, ...(migrations ? { migrations } : {}) });
}

/** The URL with its password replaced, for logs. */
export function redactDbUrl(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable)';
  }
}
