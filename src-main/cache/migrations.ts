import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface CacheMigration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

/**
 * The cache schema, one entry per version, applied in order inside one transaction each. Never edit an
 * entry that has shipped: append a new one. Every migration has its own test in test/main/cache-migrations.test.ts.
 *
 * Synced tables keep the full wire record as JSON in `data` (the source for reads and rebase) plus the
 * columns the queue filters and sorts on. They have no foreign keys on purpose: a pull page may carry a
 * comment before its ticket, and a rebootstrap clears tables in bulk; referential integrity is the server's.
 */
export const CACHE_MIGRATIONS: readonly CacheMigration[] = [
  {
    version: 1,
    name: 'synced records, sync state, outbox, rejections',
    up(db) {
      db.exec(`
        CREATE TABLE sync_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          client_id TEXT NOT NULL,
          cursor INTEGER NOT NULL DEFAULT 0,
          server_schema_version INTEGER,
          last_synced_at TEXT,
          bootstrap_complete INTEGER NOT NULL DEFAULT 0,
          bootstrap_done INTEGER NOT NULL DEFAULT 0,
          bootstrap_total INTEGER NOT NULL DEFAULT 0,
          next_mutation_id INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE tickets (
          id TEXT PRIMARY KEY,
          key TEXT NOT NULL,
          title TEXT NOT NULL,
          description TEXT NOT NULL,
          status TEXT NOT NULL,
          category TEXT NOT NULL,
          severity INTEGER NOT NULL,
          impact INTEGER NOT NULL,
          assignee_id TEXT,
          organization_id TEXT NOT NULL,
          misconfiguration INTEGER NOT NULL,
          escalation_id TEXT,
          linked_to_ticket_id TEXT,
          sla_contract_number TEXT,
          priority_key TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          last_customer_activity_at TEXT,
          data TEXT NOT NULL
        );
        CREATE INDEX tickets_priority ON tickets (priority_key, key);
        CREATE INDEX tickets_status_priority ON tickets (status, priority_key, key);
        CREATE INDEX tickets_assignee_priority ON tickets (assignee_id, priority_key, key);
        CREATE INDEX tickets_organization ON tickets (organization_id);
        CREATE INDEX tickets_category ON tickets (category);
        CREATE INDEX tickets_severity ON tickets (severity);
        CREATE TABLE comments (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX comments_ticket ON comments (ticket_id, created_at);
        CREATE TABLE history_entries (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX history_ticket ON history_entries (ticket_id, at);
        CREATE TABLE escalations (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX escalations_ticket ON escalations (ticket_id);
        CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE users (id TEXT PRIMARY KEY, display_name TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE sla_contracts (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE kb_articles (id TEXT PRIMARY KEY, language TEXT NOT NULL, title TEXT NOT NULL, data TEXT NOT NULL);
        -- Server truth of rows a pending mutation has touched (data NULL: the row does not exist on the server).
        CREATE TABLE shadow (entity TEXT NOT NULL, id TEXT NOT NULL, data TEXT, PRIMARY KEY (entity, id)) WITHOUT ROWID;
        -- 'pending': not yet acknowledged; 'sent': the server applied it, waiting for a pull that reflects it.
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          args TEXT NOT NULL,
          created_at TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'sent')),
          attempts INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE rejections (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          mutation_id INTEGER NOT NULL,
          name TEXT NOT NULL,
          args TEXT NOT NULL,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          at TEXT NOT NULL
        );
      `);
      // The client id names this cache to the server's idempotency table; it never changes for the file.
      db.prepare('INSERT INTO sync_state (id, client_id) VALUES (1, ?)').run(randomUUID().replaceAll('-', ''));
    },
  },
  {
    version: 2,
    name: 'full-text search over ticket key, title, description and organisation name',
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE tickets_fts USING fts5(key, title, description, org_name, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
          INSERT INTO tickets_fts (rowid, key, title, description, org_name)
          VALUES (new.rowid, new.key, new.title, new.description,
                  coalesce((SELECT name FROM organizations WHERE id = new.organization_id), ''));
        END;
        CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
          DELETE FROM tickets_fts WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER tickets_fts_update AFTER UPDATE OF key, title, description, organization_id ON tickets BEGIN
          DELETE FROM tickets_fts WHERE rowid = old.rowid;
          INSERT INTO tickets_fts (rowid, key, title, description, org_name)
          VALUES (new.rowid, new.key, new.title, new.description,
                  coalesce((SELECT name FROM organizations WHERE id = new.organization_id), ''));
        END;
        -- Organisations may arrive after their tickets (page order is the server's) and may be renamed.
        CREATE TRIGGER organizations_fts_insert AFTER INSERT ON organizations BEGIN
          UPDATE tickets_fts SET org_name = new.name
          WHERE rowid IN (SELECT rowid FROM tickets WHERE organization_id = new.id);
        END;
        CREATE TRIGGER organizations_fts_update AFTER UPDATE OF name ON organizations BEGIN
          UPDATE tickets_fts SET org_name = new.name
          WHERE rowid IN (SELECT rowid FROM tickets WHERE organization_id = new.id);
        END;
        CREATE TRIGGER organizations_fts_delete AFTER DELETE ON organizations BEGIN
          UPDATE tickets_fts SET org_name = ''
          WHERE rowid IN (SELECT rowid FROM tickets WHERE organization_id = old.id);
        END;
        INSERT INTO tickets_fts (rowid, key, title, description, org_name)
          SELECT t.rowid, t.key, t.title, t.description, coalesce(o.name, '')
          FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id;
      `);
    },
  },
  {
    version: 3,
    name: 'SLA summary per ticket, maintained by the timer service, for queue filters and the at-risk view',
    up(db) {
      // Derived data (recomputable from the synced rows at any time), so it carries no history of its own.
      db.exec(`
        CREATE TABLE ticket_sla (
          ticket_id TEXT PRIMARY KEY,
          state TEXT NOT NULL CHECK (state IN ('none', 'ok', 'paused', 'at_risk', 'breached')),
          due_at INTEGER,
          evaluated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ticket_sla_state ON ticket_sla (state);
      `);
    },
  },
  {
    version: 4,
    name: 'retention horizon in sync state; sync id at which the service applied a sent mutation',
    up(db) {
      // horizon: echoed to the service with the cursor so a bootstrap that began after pruning is not
      // mistaken for a stale client. applied_sync_id: the outbox row is confirmed once cursor >= it.
      db.exec(`
        ALTER TABLE sync_state ADD COLUMN horizon INTEGER;
        ALTER TABLE outbox ADD COLUMN applied_sync_id INTEGER;
      `);
    },
  },
  {
    version: 5,
    name: 'covering index for queue counts',
    up(db) {
      // Counts per status and per view touch every matching ticket; with all filter columns in one index
      // SQLite counts from the index alone instead of visiting each row (measured ~10x on 50k tickets).
      db.exec('CREATE INDEX tickets_filters ON tickets (status, assignee_id, severity, category, organization_id, escalation_id, id)');
    },
  },
  {
    version: 6,
    name: 'queue: SLA state on the ticket row, covering indexes for ordered windows and counts',
    up(db) {
      // Why (measured on the 100k demo seed, bench/sync-bench.ts): a window walked tickets_priority and read
      // every skipped row from the table (rows are ~2 KB: description + JSON), e.g. 130 ms for "waiting for
      // customer" whose tickets sort last; single-column indexes (severity, category) lured the planner into
      // visiting and sorting tens of thousands of rows (230 ms). Now every queue filter column is in the
      // indexes the window and the counts scan, so only the final rows are read from the table.
      //
      // ticket_sla stays the timer service's table; its state is mirrored onto the ticket row so it can be part
      // of the indexes. A ticket without a ticket_sla row is 'none' (as before). The ticket insert trigger only
      // fires an UPDATE when a summary exists (a rebase may re-insert an evaluated ticket); during a bootstrap
      // ticket_sla is empty and it costs one primary-key probe.
      db.exec(`
        ALTER TABLE tickets ADD COLUMN sla_state TEXT NOT NULL DEFAULT 'none';
        UPDATE tickets SET sla_state = coalesce((SELECT state FROM ticket_sla WHERE ticket_id = tickets.id), 'none');
        CREATE TRIGGER ticket_sla_mirror_insert AFTER INSERT ON ticket_sla BEGIN
          UPDATE tickets SET sla_state = new.state WHERE id = new.ticket_id AND sla_state IS NOT new.state;
        END;
        CREATE TRIGGER ticket_sla_mirror_update AFTER UPDATE OF state ON ticket_sla BEGIN
          UPDATE tickets SET sla_state = new.state WHERE id = new.ticket_id AND sla_state IS NOT new.state;
        END;
        CREATE TRIGGER ticket_sla_mirror_delete AFTER DELETE ON ticket_sla BEGIN
          UPDATE tickets SET sla_state = 'none' WHERE id = old.ticket_id AND sla_state <> 'none';
        END;
        CREATE TRIGGER tickets_sla_on_insert AFTER INSERT ON tickets
          WHEN EXISTS (SELECT 1 FROM ticket_sla WHERE ticket_id = new.id) BEGIN
          UPDATE tickets SET sla_state = (SELECT state FROM ticket_sla WHERE ticket_id = new.id) WHERE rowid = new.rowid;
        END;

        -- replaced by covering versions (same leading columns), or misleading to the planner
        DROP INDEX tickets_priority;
        DROP INDEX tickets_status_priority;
        DROP INDEX tickets_assignee_priority;
        DROP INDEX tickets_organization;
        DROP INDEX tickets_category;
        DROP INDEX tickets_severity;
        DROP INDEX tickets_filters;
        -- walk in queue order, filters checked in the index (dense filters, no status filter)
        CREATE INDEX tickets_queue_order ON tickets (priority_key, key, status, assignee_id, category, severity, sla_state, escalation_id, organization_id);
        -- one range per status, filters checked in the index, top-N kept while scanning (status filters, counts)
        CREATE INDEX tickets_queue_status ON tickets (status, priority_key, key, assignee_id, category, severity, sla_state, escalation_id, organization_id);
        -- my queue / unassigned / one agent: seek (assignee, status) and the set is exact
        CREATE INDEX tickets_queue_assignee ON tickets (assignee_id, status, priority_key, key, category, severity, sla_state, escalation_id);
        -- one organisation, already in queue order
        CREATE INDEX tickets_queue_organization ON tickets (organization_id, priority_key, key);
      `);
    },
  },
  {
    version: 7,
    name: 'queue: ticket counts per (status, category, severity, SLA state, escalated), kept by triggers',
    up(db) {
      // Why: an exact count of "all open" scanned 55k index entries (~6 ms CPU at 100k tickets) on every
      // window. Views and field filters only combine these five columns, whose combinations are few
      // (at most 9 × 10 × 3 × 5 × 2), so their counts are kept up to date here and summed.
      // Every change is an upsert of +1 / -1: the AFTER INSERT triggers on tickets may fire in either order
      // (tickets_sla_on_insert updates sla_state right after the insert), so a group may dip below zero for
      // a moment and must never be skipped because its row does not exist yet. Empty groups stay as n = 0.
      db.exec(`
        CREATE TABLE queue_counts (
          status TEXT NOT NULL,
          category TEXT NOT NULL,
          severity INTEGER NOT NULL,
          sla_state TEXT NOT NULL,
          escalated INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (status, category, severity, sla_state, escalated)
        ) WITHOUT ROWID;
        INSERT INTO queue_counts (status, category, severity, sla_state, escalated, n)
          SELECT status, category, severity, sla_state, escalation_id IS NOT NULL, count(*) FROM tickets GROUP BY 1, 2, 3, 4, 5;
        CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets BEGIN
          INSERT INTO queue_counts VALUES (new.status, new.category, new.severity, new.sla_state, new.escalation_id IS NOT NULL, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets BEGIN
          INSERT INTO queue_counts VALUES (old.status, old.category, old.severity, old.sla_state, old.escalation_id IS NOT NULL, -1)
            ON CONFLICT DO UPDATE SET n = n - 1;
        END;
        CREATE TRIGGER queue_counts_update AFTER UPDATE OF status, category, severity, sla_state, escalation_id ON tickets
          WHEN old.status IS NOT new.status OR old.category IS NOT new.category OR old.severity IS NOT new.severity
            OR old.sla_state IS NOT new.sla_state OR (old.escalation_id IS NULL) <> (new.escalation_id IS NULL) BEGIN
          INSERT INTO queue_counts VALUES (old.status, old.category, old.severity, old.sla_state, old.escalation_id IS NOT NULL, -1)
            ON CONFLICT DO UPDATE SET n = n - 1;
          INSERT INTO queue_counts VALUES (new.status, new.category, new.severity, new.sla_state, new.escalation_id IS NOT NULL, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;
      `);
    },
  },
  {
    version: 8,
    name: 'queue: partial index over escalated tickets in queue order',
    up(db) {
      // The Escalations view (≈ 0.6 % of tickets) scanned every open ticket for a non-NULL escalation_id
      // (~10 ms CPU at 100k); this index holds only escalated tickets, already in queue order.
      db.exec(`CREATE INDEX tickets_queue_escalated ON tickets (priority_key, key, status, assignee_id, category, severity, sla_state, organization_id, escalation_id)
        WHERE escalation_id IS NOT NULL`);
    },
  },
  {
    version: 9,
    name: 'detail: partial index over linked tickets',
    up(db) {
      // The detail pane lists the tickets linked to this one (linked_to_ticket_id = ?): without an index that
      // was a scan of every ticket, ~150–400 ms per ticket.detail at 100k. Few tickets are linked, so the
      // index holds only those.
      db.exec('CREATE INDEX tickets_linked_to ON tickets (linked_to_ticket_id) WHERE linked_to_ticket_id IS NOT NULL');
    },
  },
  {
    version: 10,
    name: 'sync: the service SLA configuration (tiers, at-risk thresholds)',
    up(db) {
      // The service syncs its SLA settings as entity sla_config (one row, id 'current'); the clocks must use
      // them, not the app's built-in examples. Until the first pull delivers it the table is empty and the
      // app falls back to the examples.
      db.exec('CREATE TABLE sla_config (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
    },
  },
  {
    version: 11,
    name: 'bootstrap: queue indexes deferred until the first bootstrap completes',
    up(db) {
      // Keeping the five queue indexes up to date row by row cost ~6.5 s of a 100k-ticket bootstrap; building
      // them once at its end costs ~1.6 s (bench/sync-bench.ts). While an index is deferred its definition is
      // kept here (copied from sqlite_master, so no DDL is written twice) and the queue does not force it.
      db.exec('CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL)');
    },
  },
  {
    version: 12,
    name: 'queue: change log of ticket rows for the in-memory queue index',
    up(db) {
      // The queue answers from an in-memory index (src-main/queue/memory-index.ts); this log tells it which
      // ticket rows changed since it last looked, whoever wrote them (pulls, local edits, rebase, the SLA
      // mirror triggers). AUTOINCREMENT: seq never goes back, so a reader can tell a pruned gap from "nothing
      // new". ticket_rowid NULL: the search text of many tickets changed at once (an organisation's name);
      // -1: anything may have changed, reload. Nothing is logged while a first bootstrap defers the queue
      // indexes (migration 11): the queue does not use the memory index then, and ending the deferral logs -1.
      db.exec(`
        CREATE TABLE queue_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, ticket_rowid INTEGER);
        CREATE TRIGGER queue_changes_ticket_insert AFTER INSERT ON tickets WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_changes (ticket_rowid) VALUES (new.rowid);
        END;
        CREATE TRIGGER queue_changes_ticket_delete AFTER DELETE ON tickets WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_changes (ticket_rowid) VALUES (old.rowid);
        END;
        CREATE TRIGGER queue_changes_ticket_update AFTER UPDATE OF
          key, title, description, status, category, severity, sla_state, escalation_id, assignee_id, organization_id, priority_key
          ON tickets WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_changes (ticket_rowid) VALUES (new.rowid);
        END;
        CREATE TRIGGER queue_changes_organization_insert AFTER INSERT ON organizations WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_changes (ticket_rowid) VALUES (NULL);
        END;
        CREATE TRIGGER queue_changes_organization_update AFTER UPDATE OF name ON organizations WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_changes (ticket_rowid) VALUES (NULL);
        END;
        CREATE TRIGGER queue_changes_organization_delete AFTER DELETE ON organizations WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_changes (ticket_rowid) VALUES (NULL);
        END;
      `);
    },
  },
  {
    version: 13,
    name: 'bootstrap: queue counts rebuilt at the end of a first bootstrap instead of row by row',
    up(db) {
      // The queue_counts triggers (migration 7) cost ~2 s of a 100k-ticket bootstrap; one GROUP BY at its end
      // costs ~0.1 s. Same triggers, silent while indexes are deferred (migration 11); ending the deferral
      // rebuilds the table (src-main/cache/deferred-indexes.ts) and the queue counts from tickets meanwhile.
      db.exec(`
        DROP TRIGGER queue_counts_insert;
        DROP TRIGGER queue_counts_delete;
        DROP TRIGGER queue_counts_update;
        CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_counts VALUES (new.status, new.category, new.severity, new.sla_state, new.escalation_id IS NOT NULL, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets WHEN NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_counts VALUES (old.status, old.category, old.severity, old.sla_state, old.escalation_id IS NOT NULL, -1)
            ON CONFLICT DO UPDATE SET n = n - 1;
        END;
        CREATE TRIGGER queue_counts_update AFTER UPDATE OF status, category, severity, sla_state, escalation_id ON tickets
          WHEN (old.status IS NOT new.status OR old.category IS NOT new.category OR old.severity IS NOT new.severity
            OR old.sla_state IS NOT new.sla_state OR (old.escalation_id IS NULL) <> (new.escalation_id IS NULL))
            AND NOT EXISTS (SELECT 1 FROM deferred_indexes) BEGIN
          INSERT INTO queue_counts VALUES (old.status, old.category, old.severity, old.sla_state, old.escalation_id IS NOT NULL, -1)
            ON CONFLICT DO UPDATE SET n = n - 1;
          INSERT INTO queue_counts VALUES (new.status, new.category, new.severity, new.sla_state, new.escalation_id IS NOT NULL, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;
      `);
    },
  },
];

export const LATEST_CACHE_VERSION = CACHE_MIGRATIONS[CACHE_MIGRATIONS.length - 1]!.version;
