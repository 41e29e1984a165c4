import type Database from 'better-sqlite3';

/**
 * What a first bootstrap defers. The queue's covering indexes on `tickets` (cache migrations 6 and 8):
 * maintained row by row they were the most expensive part of a first bootstrap (~6.5 s of ~30 s at 100k
 * tickets); built once from the complete table they cost ~1.6 s. While `deferred_indexes` has rows, the
 * queue_counts triggers (migration 13, ~2 s) and the queue change log (migration 12) are silent too; ending
 * the deferral recounts and tells the memory index to reload. The small partial index of linked tickets, the
 * child-row indexes and FTS stay per row: the detail pane and text search work from the first page on.
 */
const DEFERRABLE = "type = 'index' AND tbl_name = 'tickets' AND name GLOB 'tickets_queue_*' AND sql IS NOT NULL";

/**
 * Drops the queue indexes for a first bootstrap, keeping each definition in `deferred_indexes` (migration
 * 11). Call inside the transaction of the bootstrap's first page. Indexes already deferred stay deferred.
 */
export function deferQueueIndexes(db: Database.Database): void {
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE ${DEFERRABLE}`).all() as { name: string; sql: string }[];
  const keep = db.prepare('INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)');
  for (const i of indexes) {
    keep.run(i.name, i.sql);
    // the name comes from sqlite_master and matched the GLOB above; quoting keeps it an identifier
    db.exec(`DROP INDEX "${i.name.replaceAll('"', '""')}"`);
  }
}

/** Builds every deferred index from its kept definition. Call inside the transaction that ends the bootstrap. */
export function restoreDeferredIndexes(db: Database.Database): number {
  const deferred = db.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name').all() as { name: string; sql: string }[];
  for (const i of deferred) db.exec(i.sql);
  db.prepare('DELETE FROM deferred_indexes').run();
  if (deferred.length > 0) {
    // Nothing was counted while deferred (migration 13): count once, from the complete table.
    db.prepare('DELETE FROM queue_counts').run();
    db.prepare(
      `INSERT INTO queue_counts (status, category, severity, sla_state, escalated, n)
       SELECT status, category, severity, sla_state, escalation_id IS NOT NULL, count(*) FROM tickets GROUP BY 1, 2, 3, 4, 5`,
    ).run();
    // Ticket changes were not logged while deferred (migration 12): the queue's memory index must reload.
    db.prepare('INSERT INTO queue_changes (ticket_rowid) VALUES (-1)').run();
  }
  return deferred.length;
}

/**
 * Read side of the deferral, for the cache and the queue: whether a first bootstrap is deferring (its queue
 * indexes, counts and change log) and whether one index is deferred (the queue must not name it in INDEXED BY).
 * Statements are prepared once per connection.
 */
export class DeferredIndexes {
  private readonly anyStmt;
  private readonly oneStmt;

  constructor(db: Database.Database) {
    this.anyStmt = db.prepare('SELECT 1 FROM deferred_indexes LIMIT 1').pluck();
    this.oneStmt = db.prepare('SELECT 1 FROM deferred_indexes WHERE name = ?').pluck();
  }

  /** A first bootstrap is running with the queue indexes deferred. */
  any(): boolean {
    return this.anyStmt.get() !== undefined;
  }

  has(index: string): boolean {
    return this.oneStmt.get(index) !== undefined;
  }
}
