import type Database from 'better-sqlite3';

/**
 * One schema step. Versions are unique integers; the runner applies every known version not yet applied, in
 * ascending order, and records it in schema_migrations. Ranges per owner avoid collisions between folders
 * written in parallel: core 1–99, kb 100–199, notifications 200–299, sync 300–399, automation 400–499,
 * seed 500–599.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQLite DDL/DML; runs inside the migration's transaction. */
  readonly up: (db: Database.Database) => void;
  /**
   * The same step for PostgreSQL, run inside the migration's transaction. Usually
   * `portableDdlToPostgres(SQL)` of the very text `up` runs (one source of truth, storage/postgres/pg-ddl.ts);
   * an explicit text where PostgreSQL differs (full-text search, triggers). A migration without it cannot be
   * applied to PostgreSQL, and the store refuses to start rather than guess.
   */
  readonly postgres?: string;
}
