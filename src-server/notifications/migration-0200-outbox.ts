import { portableDdlToPostgres } from '../storage/postgres/pg-ddl';
import type { Migration } from '../storage/migrations/types';

const OUTBOX_DDL = `
      CREATE TABLE notification_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id TEXT NOT NULL,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('status','comment')),
        source_id TEXT NOT NULL,
        recipient_email TEXT NOT NULL COLLATE NOCASE,
        recipient_user_id TEXT,
        language TEXT NOT NULL CHECK (language IN ('de','en')),
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','sending','sent','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        -- NULL = first attempt, due at once. Retries are stamped with the delivery clock (real time), not the
        -- business clock, so a --clock manual demo still retries while its business time stands still.
        next_attempt_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        claimed_at TEXT,
        sent_at TEXT,
        UNIQUE (source_kind, source_id, recipient_email)
      );
      CREATE INDEX notification_outbox_due ON notification_outbox(state, next_attempt_at);
      CREATE INDEX notification_outbox_ticket ON notification_outbox(ticket_id);

      CREATE TABLE notification_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_sync_id INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
    `;

/**
 * Notification tables (version range 200–299).
 *
 * `notification_outbox`: one row per (event, recipient), rendered at queue time in the recipient's language.
 * The UNIQUE key makes producing idempotent: re-reading the same change can never queue a second mail.
 * States: pending → sending → sent | pending (retry) | failed. A row found in `sending` at start was
 * interrupted mid-delivery; it is marked failed, not resent (at most once per row, see
 * docs/automation-and-notifications.md).
 *
 * `notification_cursor`: how far the producer has read the sync change log (`sync_changes.sync_id`). It is
 * created on the producer's first start at the then-current end of the log, so data that existed before
 * notifications were switched on (demo seed, imports) never mails anybody.
 */
export const notificationsMigration: Migration = {
  version: 200,
  name: 'notifications-outbox',
  up: (db) => db.exec(OUTBOX_DDL),
  // The same DDL through the portable type mapping (storage/postgres/pg-ddl.ts).
  postgres: portableDdlToPostgres(OUTBOX_DDL),
};
