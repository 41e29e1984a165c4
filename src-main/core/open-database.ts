import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openCacheDb } from '../cache/open-cache-db';
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

/** Opens a cache file with the native binding chosen above; the cache module itself stays free of Electron concerns. */
export function openCache(file: string, actor: LocalActor, appRoot: string): SyncCache {
  const nativeBinding = nativeBindingFor(appRoot);
  const db = openCacheDb(file, nativeBinding ? { nativeBinding } : {});
  try {
    return new SyncCache(db, actor);
  } catch (e) {
    db.close();
    throw e;
  }
}
