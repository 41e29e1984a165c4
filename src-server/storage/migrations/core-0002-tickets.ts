import { portableDdlToPostgres } from '../postgres/pg-ddl';
import type { Migration } from './types';

const TICKETS_DDL = `
      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        checklist_json TEXT NOT NULL,
        product TEXT NOT NULL,
        product_version TEXT NOT NULL,
        category TEXT NOT NULL,
        severity INTEGER NOT NULL CHECK (severity IN (1,2,3)),
        reporter_id TEXT NOT NULL REFERENCES users(id),
        organization_id TEXT NOT NULL REFERENCES organizations(id),
        reporter_role TEXT NOT NULL,
        end_user_company_json TEXT,
        reporter_org_registered INTEGER NOT NULL CHECK (reporter_org_registered IN (0,1)),
        visibility TEXT NOT NULL CHECK (visibility IN ('private','organization')),
        sla_contract_number TEXT,
        impact INTEGER NOT NULL DEFAULT 0,
        linked_to_ticket_id TEXT REFERENCES tickets(id),
        assignee_id TEXT REFERENCES users(id),
        escalation_id TEXT,
        misconfiguration INTEGER NOT NULL DEFAULT 0 CHECK (misconfiguration IN (0,1)),
        status TEXT NOT NULL,
        status_changed_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_customer_activity_at TEXT,
        priority_key TEXT
      );
      CREATE INDEX tickets_org ON tickets(organization_id, visibility);
      CREATE INDEX tickets_reporter ON tickets(reporter_id);
      CREATE INDEX tickets_status ON tickets(status, status_changed_at);
      CREATE INDEX tickets_priority ON tickets(priority_key);
      CREATE INDEX tickets_linked ON tickets(linked_to_ticket_id);

      CREATE TABLE ticket_participants (
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        email TEXT NOT NULL COLLATE NOCASE,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (ticket_id, email)
      );
      CREATE INDEX ticket_participants_email ON ticket_participants(email);

      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        author_id TEXT NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        internal INTEGER NOT NULL CHECK (internal IN (0,1)),
        created_at TEXT NOT NULL
      );
      CREATE INDEX comments_ticket ON comments(ticket_id, created_at);

      -- Every change to a ticket: field = 'status' for status changes, otherwise the changed field.
      CREATE TABLE ticket_history (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user','system')),
        actor_id TEXT,
        actor_role TEXT,
        field TEXT NOT NULL,
        from_value TEXT,
        to_value TEXT,
        internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0,1)),
        at TEXT NOT NULL
      );
      CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, at);

      CREATE TABLE escalations (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        requested_by TEXT NOT NULL REFERENCES users(id),
        reason TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('requested','appointment_proposed','confirmed','held','resolved')),
        owner_id TEXT REFERENCES users(id),
        proposed_slots_json TEXT NOT NULL DEFAULT '[]',
        chosen_slot TEXT,
        meeting_link TEXT,
        outcome_notes TEXT,
        next_steps TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX escalations_ticket ON escalations(ticket_id);
      CREATE INDEX escalations_state ON escalations(state);
    `;

/**
 * Comments and history are listed "ORDER BY at, rowid": entries of one transaction share their instant and
 * SQLite's implicit rowid keeps them in insertion order. PostgreSQL has no rowid, so these two tables get an
 * explicit identity column of that name and the queries stay the same on both backends.
 */
const PG_ROWID = `
  ALTER TABLE comments ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
  ALTER TABLE ticket_history ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
`;

/** Tickets, participants, comments, history, links and escalations. */
export const coreTickets: Migration = {
  version: 2,
  name: 'core-tickets',
  up: (db) => db.exec(TICKETS_DDL),
  postgres: portableDdlToPostgres(TICKETS_DDL) + PG_ROWID,
};
