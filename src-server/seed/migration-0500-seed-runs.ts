import { portableDdlToPostgres } from '../storage/postgres/pg-ddl';
import type { Migration } from '../storage/migrations/types';

const SEED_RUNS_DDL = `
      CREATE TABLE seed_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        random_seed INTEGER NOT NULL,
        tickets INTEGER NOT NULL,
        anchor TEXT NOT NULL,
        seeded_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL
      );
    `;

/**
 * One row per demo seed applied to this database. It lets a restart with the same `--seed demo` parameters
 * skip seeding instead of failing, and tells an operator what a database was filled with.
 */
export const seedRunsMigration: Migration = {
  version: 500,
  name: 'seed-runs',
  up: (db) => db.exec(SEED_RUNS_DDL),
  // The same DDL through the portable type mapping (storage/postgres/pg-ddl.ts).
  postgres: portableDdlToPostgres(SEED_RUNS_DDL),
};
