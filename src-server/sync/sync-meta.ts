import type { Tx } from '../storage/store';

/**
 * The newest sync id the service ever assigned. SQLite-specific: AUTOINCREMENT keeps it in sqlite_sequence
 * even when retention deleted the row itself (a PostgreSQL backend would read its sequence instead).
 */
export async function readNewestSyncId(tx: Tx): Promise<number> {
  const row = await tx.get<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'sync_changes'");
  return row?.seq ?? 0;
}

/** Highest sync id whose tombstone retention pruned; a cursor below it may have missed a deletion. */
export async function readHorizon(tx: Tx): Promise<number> {
  const row = await tx.get<{ value: number }>("SELECT value FROM sync_meta WHERE key = 'horizon'");
  return row?.value ?? 0;
}

export async function raiseHorizon(tx: Tx, to: number): Promise<void> {
  await tx.run("UPDATE sync_meta SET value = max(value, ?) WHERE key = 'horizon'", [to]);
}
