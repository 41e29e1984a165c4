import Database from 'better-sqlite3';
import { DomainError } from '../../src-shared/errors';
import { CACHE_MIGRATIONS, type CacheMigration } from './migrations';

export interface OpenCacheOptions {
  /** Stop at this version (tests of a single migration); defaults to the latest. */
  readonly targetVersion?: number;
  readonly migrations?: readonly CacheMigration[];
  /** A better-sqlite3 addon built for another ABI (Electron); see src-main/core/open-database.ts. */
  readonly nativeBinding?: string;
}

/** Page cache per connection: the default 2 MB thrashes on a 100k-ticket bootstrap (measured ~24 % slower). */
const CACHE_SIZE_KIB = 64 * 1024;

/**
 * Opens (creating if needed) a cache database and brings its schema to the target version.
 * WAL lets the UI's readers run while the sync writer commits; synchronous=FULL because the outbox holds
 * the agent's unsent work and better-sqlite3's WAL default (NORMAL) may lose the last commits on power loss.
 */
export function openCacheDb(file: string, options: OpenCacheOptions = {}): Database.Database {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
    migrateCacheDb(db, options);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function cacheSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrateCacheDb(db: Database.Database, options: OpenCacheOptions = {}): void {
  const migrations = options.migrations ?? CACHE_MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const target = options.targetVersion ?? latest;
  const current = cacheSchemaVersion(db);
  if (current > latest) {
    // A newer app wrote this file; an older one must not guess at its layout (and must not drop its outbox).
    throw new DomainError(
      'SCHEMA_TOO_NEW',
      `cache database has schema version ${current}, this app knows up to ${latest}; update the app or remove the cache file`,
      { current, latest },
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${Number(m.version)}`);
    })();
  }
}
