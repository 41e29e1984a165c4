import { portableDdlToPostgres } from '../storage/postgres/pg-ddl';
import type { Migration } from '../storage/migrations/types';

/**
 * The service configuration clients must agree with (today: the SLA tiers and at-risk thresholds), as the
 * synced entity `sla_config`. It lives in config, not in a table, so start-up writes it here through
 * tx.write whenever it differs from the stored copy: that puts it in the change log (bootstrap sends it)
 * and an operator's changed tiers reach every client as an upsert on their next pull.
 */
const DDL = `
      CREATE TABLE service_config (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL
      );
`;

export const serviceConfigMigration: Migration = {
  version: 301,
  name: 'sync-service-config',
  up: (db) => {
    db.exec(DDL);
  },
  postgres: portableDdlToPostgres(DDL),
};
