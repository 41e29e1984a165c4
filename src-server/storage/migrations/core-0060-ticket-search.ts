import type { Migration } from './types';

/**
 * Full-text search over tickets (title + description) for `GET /api/v1/tickets?q=`.
 *
 * SQLite: an FTS5 table of its own whose rowid is the ticket's `seq` (unique and never changed, unlike a TEXT
 * key's implicit rowid), kept in step by triggers, so no write path can forget it; unicode61 with diacritics
 * folded, prefix queries as in the KB.
 * PostgreSQL: a generated tsvector column (can never drift) with a GIN index. A ticket's language is not known
 * (customers write German or English), so the vector holds both the German and the English stems; title
 * weighs A, description B. The sd_german/sd_english configurations (unaccent + stemmer) are shared with the KB.
 */
const SQLITE = `
  CREATE VIRTUAL TABLE tickets_fts USING fts5(
    ticket_id UNINDEXED, title, description,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
  );
  INSERT INTO tickets_fts (rowid, ticket_id, title, description) SELECT seq, id, title, description FROM tickets;
  CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, ticket_id, title, description) VALUES (new.seq, new.id, new.title, new.description);
  END;
  CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.seq;
    INSERT INTO tickets_fts (rowid, ticket_id, title, description) VALUES (new.seq, new.id, new.title, new.description);
  END;
  CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.seq;
  END;
`;

/** Idempotent: the KB migration (100) needs the same configurations, whichever runs first on a database. */
export const PG_TEXT_SEARCH_CONFIGS = `
  CREATE EXTENSION IF NOT EXISTS unaccent;
  DO $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'sd_german') THEN
      CREATE TEXT SEARCH CONFIGURATION sd_german (COPY = german);
      ALTER TEXT SEARCH CONFIGURATION sd_german ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'sd_english') THEN
      CREATE TEXT SEARCH CONFIGURATION sd_english (COPY = english);
      ALTER TEXT SEARCH CONFIGURATION sd_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
  END
  $$;
`;

const POSTGRES = `${PG_TEXT_SEARCH_CONFIGS}
  ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('sd_german'::regconfig, title), 'A') || setweight(to_tsvector('sd_english'::regconfig, title), 'A') ||
    setweight(to_tsvector('sd_german'::regconfig, description), 'B') || setweight(to_tsvector('sd_english'::regconfig, description), 'B')
  ) STORED;
  CREATE INDEX tickets_search ON tickets USING GIN (search_vector);
`;

export const coreTicketSearch: Migration = {
  version: 60,
  name: 'core-ticket-search',
  up: (db) => db.exec(SQLITE),
  postgres: POSTGRES,
};
