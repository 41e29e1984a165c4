import type { Store } from '../storage/store';
import { raiseHorizon } from './sync-meta';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneReport {
  supersededChanges: number;
  tombstones: number;
  pushResults: number;
  horizon: number;
}

/**
 * Retention of the sync log (docs/sync-protocol.md "Retention and the horizon"). Superseded log rows are never
 * read by a pull, so dropping them changes nothing a client sees. Dropping a tombstone does: a client whose
 * cursor is below it would never learn of the deletion, so the horizon rises to the highest pruned tombstone
 * and such cursors get `rebootstrap: cursor_too_old`. All in one transaction: horizon and deletions agree.
 */
export async function pruneSyncLog(store: Store, retentionDays = DEFAULT_RETENTION_DAYS): Promise<PruneReport> {
  if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new RangeError('retentionDays must be ≥ 0');
  return store.transaction(async (tx) => {
    const cutoff = new Date(tx.nowMs - retentionDays * DAY_MS).toISOString();
    const superseded = await tx.run(
      `DELETE FROM sync_changes WHERE changed_at < ?
         AND sync_id NOT IN (SELECT sync_id FROM sync_latest)`,
      [cutoff],
    );
    const newestPruned = await tx.get<{ m: number | null }>(
      "SELECT max(sync_id) AS m FROM sync_latest WHERE op = 'delete' AND changed_at < ?",
      [cutoff],
    );
    let tombstones = 0;
    if (newestPruned?.m != null) {
      await raiseHorizon(tx, newestPruned.m);
      await tx.run(
        "DELETE FROM sync_changes WHERE sync_id IN (SELECT sync_id FROM sync_latest WHERE op = 'delete' AND changed_at < ?)",
        [cutoff],
      );
      tombstones = (await tx.run("DELETE FROM sync_latest WHERE op = 'delete' AND changed_at < ?", [cutoff])).changes;
    }
    const pushResults = (await tx.run('DELETE FROM sync_push_results WHERE created_at < ?', [cutoff])).changes;
    const horizon = (await tx.get<{ value: number }>("SELECT value FROM sync_meta WHERE key = 'horizon'"))?.value ?? 0;
    return { supersededChanges: superseded.changes, tombstones, pushResults, horizon };
  });
}
