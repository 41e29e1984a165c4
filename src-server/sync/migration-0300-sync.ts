import { portableDdlToPostgres } from '../storage/postgres/pg-ddl';
import type { Migration } from '../storage/migrations/types';

/**
 * Tables the sync endpoints own (version range 300–399).
 *
 * `sync_latest` holds one row per *wire* entity with its latest sync id: pulls read it instead of grouping the
 * raw log, so a page costs O(limit) and `remaining` is an index range count. A trigger on `sync_changes`
 * maintains it inside the writing transaction, so it can never disagree with the log:
 * - `participant` changes become `ticket` changes (participants travel inside their ticket);
 * - `history` becomes the wire name `history_entry`;
 * - `sla_contract` is keyed on the wire by its contract number (looked up at upsert time and remembered, so the
 *   tombstone of a deleted contract still carries the number);
 * - `end_user_company` is not synced on its own (tickets carry their copy).
 */
const TABLES_DDL = `
      CREATE TABLE sync_latest (
        wire_entity TEXT NOT NULL,
        wire_id TEXT NOT NULL,
        load_id TEXT NOT NULL,
        sync_id INTEGER NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert','delete')),
        changed_at TEXT NOT NULL,
        PRIMARY KEY (wire_entity, wire_id)
      );
      CREATE UNIQUE INDEX sync_latest_sync_id ON sync_latest(sync_id);
      CREATE INDEX sync_latest_load ON sync_latest(wire_entity, load_id);
      CREATE INDEX sync_latest_tombstones ON sync_latest(op, changed_at);

      -- horizon: highest sync id whose tombstone was pruned; cursors below it are too old.
      CREATE TABLE sync_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
      INSERT INTO sync_meta (key, value) VALUES ('horizon', 0);

      -- The stored outcome of every processed mutation, written in the same transaction as its effects and
      -- sync_clients.last_mutation_id, so a repeated push answers exactly what the first one did.
      CREATE TABLE sync_push_results (
        client_id TEXT NOT NULL,
        mutation_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        args_hash TEXT NOT NULL,
        result_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (client_id, mutation_id)
      );
      CREATE INDEX sync_push_results_age ON sync_push_results(created_at);

`;

const SQLITE_TRIGGER = `
      CREATE TRIGGER sync_latest_track AFTER INSERT ON sync_changes
      WHEN NEW.entity <> 'end_user_company'
      BEGIN
        INSERT INTO sync_latest (wire_entity, wire_id, load_id, sync_id, op, changed_at)
        VALUES (
          CASE NEW.entity WHEN 'participant' THEN 'ticket' WHEN 'history' THEN 'history_entry' ELSE NEW.entity END,
          CASE NEW.entity
            WHEN 'participant' THEN CASE WHEN instr(NEW.entity_id, ':') > 0
              THEN substr(NEW.entity_id, 1, instr(NEW.entity_id, ':') - 1) ELSE NEW.entity_id END
            WHEN 'sla_contract' THEN COALESCE(
              (SELECT contract_number FROM sla_contracts WHERE id = NEW.entity_id),
              (SELECT wire_id FROM sync_latest WHERE wire_entity = 'sla_contract' AND load_id = NEW.entity_id),
              NEW.entity_id)
            ELSE NEW.entity_id END,
          CASE NEW.entity
            WHEN 'participant' THEN CASE WHEN instr(NEW.entity_id, ':') > 0
              THEN substr(NEW.entity_id, 1, instr(NEW.entity_id, ':') - 1) ELSE NEW.entity_id END
            ELSE NEW.entity_id END,
          NEW.sync_id,
          CASE NEW.entity WHEN 'participant' THEN 'upsert' ELSE NEW.op END,
          NEW.changed_at
        )
        ON CONFLICT (wire_entity, wire_id) DO UPDATE SET
          load_id = excluded.load_id, sync_id = excluded.sync_id, op = excluded.op, changed_at = excluded.changed_at;
      END;
`;

// Backfill from a log written before this migration: re-inserting the rows (same ids, same order) runs
    // them through the one trigger above instead of a second copy of its mapping.
const SQLITE_BACKFILL = `
      CREATE TEMP TABLE sync_changes_backfill AS SELECT * FROM sync_changes;
      DELETE FROM sync_changes;
      INSERT INTO sync_changes (sync_id, entity, entity_id, op, changed_at)
        SELECT sync_id, entity, entity_id, op, changed_at FROM sync_changes_backfill ORDER BY sync_id;
      DROP TABLE sync_changes_backfill;
    `;

/**
 * PostgreSQL: the same tables (portable DDL), the same mapping as a PL/pgSQL trigger, and one more duty: the
 * trigger keeps sync_meta 'newest' (the highest sync id ever assigned) inside the writing transaction.
 * SQLite reads that from sqlite_sequence; a PostgreSQL sequence is not transactional (it shows ids of
 * transactions that have not committed), so a pull must never hand it out as a cursor.
 */
const POSTGRES_TRIGGER = `
  INSERT INTO sync_meta (key, value) VALUES ('newest', COALESCE((SELECT MAX(sync_id) FROM sync_changes), 0));

  CREATE FUNCTION sync_latest_track() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    v_load text;
    v_wire_id text;
  BEGIN
    UPDATE sync_meta SET value = GREATEST(value, NEW.sync_id) WHERE key = 'newest';
    IF NEW.entity = 'end_user_company' THEN
      RETURN NULL;
    END IF;
    v_load := CASE WHEN NEW.entity = 'participant' AND strpos(NEW.entity_id, ':') > 0
      THEN substr(NEW.entity_id, 1, strpos(NEW.entity_id, ':') - 1) ELSE NEW.entity_id END;
    v_wire_id := CASE WHEN NEW.entity = 'sla_contract' THEN COALESCE(
        (SELECT c.contract_number FROM sla_contracts c WHERE c.id = NEW.entity_id),
        (SELECT l.wire_id FROM sync_latest l WHERE l.wire_entity = 'sla_contract' AND l.load_id = NEW.entity_id),
        NEW.entity_id)
      ELSE v_load END;
    INSERT INTO sync_latest AS s (wire_entity, wire_id, load_id, sync_id, op, changed_at)
    VALUES (
      CASE NEW.entity WHEN 'participant' THEN 'ticket' WHEN 'history' THEN 'history_entry' ELSE NEW.entity END,
      v_wire_id,
      v_load,
      NEW.sync_id,
      CASE NEW.entity WHEN 'participant' THEN 'upsert' ELSE NEW.op END,
      NEW.changed_at
    )
    ON CONFLICT (wire_entity, wire_id) DO UPDATE SET
      load_id = EXCLUDED.load_id, sync_id = EXCLUDED.sync_id, op = EXCLUDED.op, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
  END;
  $$;

  CREATE TRIGGER sync_latest_track AFTER INSERT ON sync_changes FOR EACH ROW EXECUTE FUNCTION sync_latest_track();
`;

export const syncMigration: Migration = {
  version: 300,
  name: 'sync-latest-and-push-results',
  up: (db) => {
    db.exec(TABLES_DDL + SQLITE_TRIGGER);
    db.exec(SQLITE_BACKFILL);
  },
  postgres: portableDdlToPostgres(TABLES_DDL) + POSTGRES_TRIGGER + SQLITE_BACKFILL,
};
