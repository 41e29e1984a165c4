import type Database from 'better-sqlite3';
import type { SyncEntity } from '../../src-shared/sync/protocol';
import type {
  CommentRecord,
  EscalationRecord,
  HistoryEntryRecord,
  KbArticleHeaderRecord,
  OrganizationRecord,
  SlaConfigRecord,
  SlaContractRecord,
  TicketRecord,
  UserRecord,
} from '../../src-shared/sync/records';

export interface EntityRecords {
  ticket: TicketRecord;
  comment: CommentRecord;
  history_entry: HistoryEntryRecord;
  escalation: EscalationRecord;
  organization: OrganizationRecord;
  user: UserRecord;
  sla_contract: SlaContractRecord;
  kb_article: KbArticleHeaderRecord;
  sla_config: SlaConfigRecord;
}

interface EntitySpec<E extends SyncEntity> {
  readonly table: string;
  /** columns besides id and data, in the order `values` returns them */
  readonly columns: readonly string[];
  readonly idOf: (r: EntityRecords[E]) => string;
  readonly values: (r: EntityRecords[E]) => readonly (string | number | null)[];
  /** the ticket a row belongs to, for "ticket changed" events */
  readonly ticketOf: (r: EntityRecords[E]) => string | null;
}

const bool = (b: boolean): number => (b ? 1 : 0);

const SPECS: { [E in SyncEntity]: EntitySpec<E> } = {
  ticket: {
    table: 'tickets',
    columns: [
      'key', 'title', 'description', 'status', 'category', 'severity', 'impact', 'assignee_id', 'organization_id',
      'misconfiguration', 'escalation_id', 'linked_to_ticket_id', 'sla_contract_number', 'priority_key',
      'created_at', 'updated_at', 'last_customer_activity_at',
    ],
    idOf: (t) => t.id,
    values: (t) => [
      t.key, t.title, t.description, t.status, t.category, t.severity, t.impact, t.assigneeId, t.organizationId,
      bool(t.misconfiguration), t.escalationId, t.linkedToTicketId, t.slaContractNumber, t.priorityKey,
      t.createdAt, t.updatedAt, t.lastCustomerActivityAt,
    ],
    ticketOf: (t) => t.id,
  },
  comment: {
    table: 'comments',
    columns: ['ticket_id', 'kind', 'created_at'],
    idOf: (c) => c.id,
    values: (c) => [c.ticketId, c.kind, c.createdAt],
    ticketOf: (c) => c.ticketId,
  },
  history_entry: {
    table: 'history_entries',
    columns: ['ticket_id', 'at'],
    idOf: (h) => h.id,
    values: (h) => [h.ticketId, h.at],
    ticketOf: (h) => h.ticketId,
  },
  escalation: {
    table: 'escalations',
    columns: ['ticket_id', 'state'],
    idOf: (e) => e.id,
    values: (e) => [e.ticketId, e.state],
    ticketOf: (e) => e.ticketId,
  },
  organization: {
    table: 'organizations',
    columns: ['name'],
    idOf: (o) => o.id,
    values: (o) => [o.name],
    ticketOf: () => null,
  },
  user: {
    table: 'users',
    columns: ['display_name'],
    idOf: (u) => u.id,
    values: (u) => [u.displayName],
    ticketOf: () => null,
  },
  sla_contract: {
    table: 'sla_contracts',
    columns: ['organization_id'],
    idOf: (s) => s.contractNumber,
    values: (s) => [s.organizationId],
    ticketOf: () => null,
  },
  kb_article: {
    table: 'kb_articles',
    columns: ['language', 'title'],
    idOf: (k) => k.id,
    values: (k) => [k.language, k.title],
    ticketOf: () => null,
  },
  sla_config: {
    table: 'sla_config',
    columns: [],
    idOf: (c) => c.id,
    values: () => [],
    ticketOf: () => null,
  },
};

export const SYNCED_TABLES = Object.values(SPECS).map((s) => s.table);

type Stmt = Database.Statement<unknown[]>;

/**
 * Row-level access to the synced tables with statements prepared once. Table and column names come from
 * the constant SPECS above, never from input; values are always bound parameters.
 */
export class RecordStore {
  private readonly upsertStmts = new Map<SyncEntity, Stmt>();
  private readonly deleteStmts = new Map<SyncEntity, Stmt>();
  private readonly getStmts = new Map<SyncEntity, Stmt>();

  constructor(private readonly db: Database.Database) {
    for (const [entity, spec] of Object.entries(SPECS) as [SyncEntity, EntitySpec<SyncEntity>][]) {
      const cols = ['id', ...spec.columns, 'data'];
      const updates = [...spec.columns, 'data'].map((c) => `${c} = excluded.${c}`).join(', ');
      this.upsertStmts.set(
        entity,
        db.prepare(
          `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
           ON CONFLICT (id) DO UPDATE SET ${updates}`,
        ),
      );
      this.deleteStmts.set(entity, db.prepare(`DELETE FROM ${spec.table} WHERE id = ?`));
      this.getStmts.set(entity, db.prepare(`SELECT data FROM ${spec.table} WHERE id = ?`).pluck());
    }
  }

  upsert<E extends SyncEntity>(entity: E, record: EntityRecords[E]): void {
    const spec = SPECS[entity] as EntitySpec<E>;
    this.upsertStmts.get(entity)!.run(spec.idOf(record), ...spec.values(record), JSON.stringify(record));
  }

  /** Upsert from stored JSON (shadow restore); the JSON was validated when it first arrived. */
  upsertJson(entity: SyncEntity, json: string): void {
    this.upsert(entity, JSON.parse(json) as EntityRecords[SyncEntity]);
  }

  delete(entity: SyncEntity, id: string): void {
    this.deleteStmts.get(entity)!.run(id);
  }

  getJson(entity: SyncEntity, id: string): string | undefined {
    return this.getStmts.get(entity)!.get(id) as string | undefined;
  }

  get<E extends SyncEntity>(entity: E, id: string): EntityRecords[E] | undefined {
    const json = this.getJson(entity, id);
    return json === undefined ? undefined : (JSON.parse(json) as EntityRecords[E]);
  }

  idOf<E extends SyncEntity>(entity: E, record: EntityRecords[E]): string {
    return (SPECS[entity] as EntitySpec<E>).idOf(record);
  }

  ticketOf<E extends SyncEntity>(entity: E, record: EntityRecords[E]): string | null {
    return (SPECS[entity] as EntitySpec<E>).ticketOf(record);
  }
}
