import { portableDdlToPostgres } from '../storage/postgres/pg-ddl';
import type { Migration } from '../storage/migrations/types';

const DUE_QUEUE_DDL = `
      CREATE TABLE automation_due (
        ticket_id TEXT PRIMARY KEY,
        due_at TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        rule TEXT NOT NULL,
        -- Consecutive failures to apply (a broken ticket must not be retried in a hot loop).
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX automation_due_at ON automation_due(due_at);

      CREATE TABLE automation_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_sync_id INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
    `;

/**
 * Automation tables (version range 400–499).
 *
 * `automation_due`: one row per ticket that has a pending automatic transition, with its due instant. A tick
 * reads only `due_at <= now` through the index, so its cost follows the number of due tickets, not the size of
 * the ticket table. It is a derived index: rebuilt from the tickets at any time (see due-index.ts), so a lost
 * row is repaired, never silently skipped.
 *
 * `automation_cursor`: how far the indexer has read the sync change log. Every ticket write appends to that
 * log in its own transaction, so no write path (HTTP, sync push, seed, a second process) can change a ticket
 * without the due index hearing of it.
 */
export const automationMigration: Migration = {
  version: 400,
  name: 'automation-due-queue',
  up: (db) => db.exec(DUE_QUEUE_DDL),
  // The same DDL through the portable type mapping (storage/postgres/pg-ddl.ts).
  postgres: portableDdlToPostgres(DUE_QUEUE_DDL),
};
