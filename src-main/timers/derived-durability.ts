import type Database from 'better-sqlite3';

/**
 * Runs `write` (one or more complete transactions of derived data) with synchronous=NORMAL, then restores
 * the connection's setting (FULL for the cache, see src-main/cache/open-cache-db.ts).
 *
 * Why this is safe for derived data and only for it: in WAL mode NORMAL skips the fsync at commit, so an
 * application crash loses nothing (the WAL is in the OS page cache) and a power loss or OS crash can lose
 * only the last NORMAL commits, never corrupt the file. ticket_sla rows are recomputed from the tickets on
 * the next timer pass (a missing row is "never evaluated" and re-evaluated first). The outbox (the agent's
 * edits) keeps FULL: every cache.mutate commit on this connection runs with the restored setting, and a FULL
 * commit syncs the whole WAL, including any earlier NORMAL frames, so ordering is preserved.
 *
 * `write` must be synchronous: nothing else can commit on this connection while the setting is relaxed
 * (better-sqlite3 is synchronous and JavaScript runs one thing at a time on this thread).
 */
export function withDerivedDataDurability<T>(db: Database.Database, write: () => T): T {
  const before = db.pragma('synchronous', { simple: true }) as number;
  if (before <= NORMAL) return write();
  db.pragma('synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.pragma(`synchronous = ${Number(before)}`);
  }
}

/** PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const NORMAL = 1;
