import type { Migration } from '../storage/migrations/types';

/**
 * Knowledge-base articles and their full-text index.
 *
 * - `doc_id INTEGER PRIMARY KEY` is the FTS rowid. An external-content FTS table must see stable rowids; a
 *   TEXT primary key leaves the implicit rowid free to change on VACUUM, which would silently detach the index.
 * - External content + triggers: the text is stored once (in kb_articles) and the index can never drift from it,
 *   whichever code path writes the table.
 * - unicode61 with remove_diacritics 2 folds "Übersicht"/"Ubersicht", "Cafe"/"Café" (German and English alike);
 *   there is no German stemmer in SQLite, so queries use prefix terms ("Weiterleitung*" also finds
 *   "Weiterleitungen"), and `prefix='2 3'` keeps short prefix lookups indexed.
 * - `tags_text` is the tag list as space-separated words, for matching; `tags_json` is what the API returns.
 */
export const kbMigration: Migration = {
  version: 100,
  name: 'kb-articles',
  up: (db) => {
    db.exec(`
      CREATE TABLE kb_articles (
        doc_id INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        language TEXT NOT NULL CHECK (language IN ('de','en')),
        title TEXT NOT NULL,
        -- Plain-text teaser: search results and the sync feed's article headers (agents' caches) show it.
        summary TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        tags_json TEXT NOT NULL DEFAULT '[]',
        tags_text TEXT NOT NULL DEFAULT '',
        product TEXT,
        author_id TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX kb_articles_language ON kb_articles(language, updated_at);

      CREATE VIRTUAL TABLE kb_articles_fts USING fts5(
        title, body, tags_text, product,
        content='kb_articles', content_rowid='doc_id',
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
      );

      CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles BEGIN
        INSERT INTO kb_articles_fts(rowid, title, body, tags_text, product)
        VALUES (new.doc_id, new.title, new.body, new.tags_text, COALESCE(new.product, ''));
      END;
      CREATE TRIGGER kb_articles_fts_delete AFTER DELETE ON kb_articles BEGIN
        INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, tags_text, product)
        VALUES ('delete', old.doc_id, old.title, old.body, old.tags_text, COALESCE(old.product, ''));
      END;
      CREATE TRIGGER kb_articles_fts_update AFTER UPDATE ON kb_articles BEGIN
        INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, tags_text, product)
        VALUES ('delete', old.doc_id, old.title, old.body, old.tags_text, COALESCE(old.product, ''));
        INSERT INTO kb_articles_fts(rowid, title, body, tags_text, product)
        VALUES (new.doc_id, new.title, new.body, new.tags_text, COALESCE(new.product, ''));
      END;
    `);
  },
};
