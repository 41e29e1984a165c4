import { greatest } from '../storage/dialect-sql';
import type { Tx } from '../storage/store';

/**
 * The newest sync id the service ever assigned. SQLite: AUTOINCREMENT keeps it in sqlite_sequence even when
 * retention deleted the row itself. PostgreSQL: sync_meta 'newest', kept by the sync_changes trigger inside
 * each writing transaction (its sequence is not transactional and may show ids not yet committed).
 */
export async function readNewestSyncId(tx: Tx): Promise<number> {
  if (tx.dialect === 'postgres') {
    return (await tx.get<{ value: number }>("SELECT value FROM sync_meta WHERE key = 'newest'"))?.value ?? 0;
  }
  const row = await tx.get<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'sync_changes'");
  return row?.seq ?? 0;
}

/** Highest sync id whose tombstone retention pruned; a cursor below it may have missed a deletion. */
export async function readHorizon(tx: Tx): Promise<number> {
  const row = await tx.get<{ value: number }>("SELECT value FROM sync_meta WHERE key = 'horizon'");
  return row?.value ?? 0;
}

export async function raiseHorizon(tx: Tx, to: number): Promise<void> {
  await tx.run(`UPDATE sync_meta SET value = ${greatest(tx.dialect, 'value', '?')} WHERE key = 'horizon'`, [to]);
}
