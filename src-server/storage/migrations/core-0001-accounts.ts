import { portableDdlToPostgres } from '../postgres/pg-ddl';
import type { Migration } from './types';

const ACCOUNTS_DDL = `
      CREATE TABLE sync_changes (
        sync_id INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert','delete')),
        changed_at TEXT NOT NULL
      );
      CREATE INDEX sync_changes_entity ON sync_changes(entity, entity_id);

      CREATE TABLE organizations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('customer','partner','estos')),
        registered_end_user INTEGER NOT NULL DEFAULT 0 CHECK (registered_end_user IN (0,1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- End-user companies a partner files for; registered = estos holds a registration for it.
      CREATE TABLE end_user_companies (
        id TEXT PRIMARY KEY,
        partner_organization_id TEXT NOT NULL REFERENCES organizations(id),
        name TEXT NOT NULL,
        registered INTEGER NOT NULL DEFAULT 0 CHECK (registered IN (0,1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX end_user_companies_partner ON end_user_companies(partner_organization_id);

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('customer','partner','agent','team_lead','admin')),
        organization_id TEXT REFERENCES organizations(id),
        org_admin INTEGER NOT NULL DEFAULT 0 CHECK (org_admin IN (0,1)),
        language TEXT NOT NULL DEFAULT 'de' CHECK (language IN ('de','en')),
        password_hash TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX users_org ON users(organization_id);

      CREATE TABLE access_requests (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL COLLATE NOCASE,
        company TEXT NOT NULL,
        reason TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT 'de',
        status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
        decided_by TEXT REFERENCES users(id),
        decided_at TEXT,
        decision_note TEXT,
        user_id TEXT REFERENCES users(id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX access_requests_status ON access_requests(status, created_at);

      CREATE TABLE password_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );

      CREATE TABLE auth_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX auth_tokens_user ON auth_tokens(user_id);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user','system')),
        actor_id TEXT,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        details_json TEXT NOT NULL DEFAULT '{}',
        at TEXT NOT NULL
      );
      CREATE INDEX audit_log_target ON audit_log(target_type, target_id);

      CREATE TABLE sla_contracts (
        id TEXT PRIMARY KEY,
        organization_id TEXT NOT NULL REFERENCES organizations(id),
        contract_number TEXT NOT NULL UNIQUE,
        tier TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX sla_contracts_org ON sla_contracts(organization_id);

      -- Idempotent sync pushes: last mutation id per client, written in the same transaction as its effects.
      CREATE TABLE sync_clients (
        client_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        last_mutation_id INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );
    `;

/** Organisations, users, access requests, credentials, audit trail and the sync change log. */
export const coreAccounts: Migration = {
  version: 1,
  name: 'core-accounts',
  up: (db) => db.exec(ACCOUNTS_DDL),
  postgres: portableDdlToPostgres(ACCOUNTS_DDL),
};
