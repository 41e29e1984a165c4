import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateCacheDb } from '../cache/open-cache-db';
import { SyncCache } from '../cache/sync-cache';
import type { LocalActor } from '../cache/local-mutations';

/**
 * better-sqlite3's Node build does not load inside Electron (different ABI). On a workstation
 * scripts/build-electron-native.mjs builds an Electron copy into build/electron-native/; under Electron we
 * hand that file to the `nativeBinding` option. Packaged apps carry a module rebuilt by electron-builder,
 * so there the default lookup is right and no path is passed.
 */
export function nativeBindingFor(appRoot: string, versions: NodeJS.ProcessVersions = process.versions): string | undefined {
  if (!versions.electron) return undefined;
  const file = join(appRoot, 'build', 'electron-native', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

/**
 * Opens a cache file like src-main/cache/open-cache-db.ts does (same pragmas, same migrations), but with
 * the native binding chosen above; the cache module itself stays free of Electron concerns.
 */
export function openCache(file: string, actor: LocalActor, appRoot: string): SyncCache {
  const nativeBinding = nativeBindingFor(appRoot);
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateCacheDb(db);
    return new SyncCache(db, actor);
  } catch (e) {
    db.close();
    throw e;
  }
}
