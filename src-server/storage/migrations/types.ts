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
}
