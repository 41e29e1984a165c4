import type Database from 'better-sqlite3';
import type { TicketStatus } from '../../src-shared/domain/status';
import { TICKET_STATUSES } from '../../src-shared/domain/status';
import type { TicketRecord } from '../../src-shared/sync/records';
import { DeferredIndexes } from '../cache/deferred-indexes';
import { QueueMemoryIndex } from './memory-index';
import { BUILT_IN_VIEWS, ftsQuery, QueueFilterSchema, QueueWindowSchema, type BuiltInView, type QueueFilter, type QueueWindow, type SlaSummaryState } from './queue-filter';

export interface QueueRow {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly status: TicketStatus;
  readonly category: TicketRecord['category'];
  readonly severity: TicketRecord['severity'];
  readonly assigneeId: string | null;
  readonly organizationId: string;
  readonly organizationName: string | null;
  readonly priorityKey: string;
  readonly escalationId: string | null;
  readonly slaState: SlaSummaryState;
  readonly updatedAt: string;
}

export interface QueuePage {
  readonly rows: QueueRow[];
  readonly total: number;
}

interface Where {
  parts: string[];
  params: (string | number)[];
}

/**
 * Text search has two plans. FTS-driven: take the m matches from FTS, read each ticket row, sort (cost ~ m table
 * reads). Index-driven: materialise the match set once and walk the queue order until offset + limit rows
 * match (cost ~ (offset + limit) × tickets / total index entries, each much cheaper than a table read).
 * An index entry costs about this share of a table read (measured on the 100k demo seed: ~0.2 µs vs ~5 µs).
 */
const INDEX_ENTRY_VS_ROW_READ = 0.05;
export type TextPlan = 'auto' | 'fts' | 'index';
/** A status filter matching at least this share of all tickets walks the queue order instead of sorting. */
const DENSE_SHARE = 0.3;
/** A text count with at most this many FTS matches reads the matching tickets instead of scanning a range. */
const COUNT_FROM_FTS_MAX = 2000;
/** Per-status merge up to this deep into the queue; deeper windows (fast scrolling) use one top-N scan. */
const MERGE_MAX_ROWS = 2000;

type QueueIndex = 'tickets_queue_order' | 'tickets_queue_status' | 'tickets_queue_assignee' | 'tickets_queue_organization' | 'tickets_queue_escalated';

/** 'memory': the in-memory index (memory-index.ts); 'sql': index plans in SQLite; 'auto': memory unless a bootstrap is running. */
export type QueuePlan = 'auto' | 'sql' | 'memory';

/**
 * The prioritised queue over the cache: ordered by the service's priority key (ascending), then ticket key;
 * filtered, windowed for a virtualised table, with an exact total. Every value is a bound parameter; only
 * placeholders and index names from the constants above are generated.
 *
 * A window runs in two steps: find the rowids of the window from a covering index (cache migration 6: every
 * filter column is in it, so skipped tickets are never read from the table), then read only those rows.
 * Which index depends on the filter and on the total, which is computed first anyway (docs/sync-client.md).
 * Since cache v12 those SQL plans serve while a first bootstrap runs and until the in-memory index
 * (memory-index.ts) has loaded; otherwise windows and counts come from that index.
 */
export class QueueService {
  private readonly textPlan: TextPlan;
  private readonly plan: QueuePlan;
  private memory: QueueMemoryIndex | null = null;
  private warming = false;
  private readonly deferred: DeferredIndexes;
  /** set by warmUp(): reloads of the memory index run in background slices, until `stopped()` */
  private background: { readonly stopped: () => boolean } | null = null;
  /** Statements by SQL text: a window runs 3–5 statements, and compiling them each time cost ~1 ms. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly currentUserId: string,
    /** tests force each text plan on small data sets */
    options: { readonly textPlan?: TextPlan; readonly plan?: QueuePlan } = {},
  ) {
    this.textPlan = options.textPlan ?? 'auto';
    this.plan = options.plan ?? (options.textPlan !== undefined ? 'sql' : 'auto');
    this.deferred = new DeferredIndexes(db);
  }

  /**
   * The in-memory index, brought up to date, or null for the SQL plans: while a first bootstrap runs every
   * page changes thousands of tickets (the index would reload after each), and its queue indexes are deferred.
   */
  private memoryIndex(): QueueMemoryIndex | null {
    if (this.plan === 'sql') return null;
    this.memory ??= new QueueMemoryIndex(this.db);
    if (this.plan === 'memory') {
      this.memory.refresh('now');
      return this.memory;
    }
    if (this.memory.bootstrapRunning()) return null;
    if (this.background === null) {
      // nobody asked for background loading (CLI, bench): load at once
      this.memory.refresh('now');
      return this.memory;
    }
    // The app: a full reload (after a first bootstrap, a rebootstrap, a long catch-up) runs in background slices
    // too, instead of blocking the core for ~0.3–0.5 s; SQL answers meanwhile.
    if (this.memory.ready && this.memory.refresh('defer')) return this.memory;
    if (!this.warming) {
      const { stopped } = this.background;
      this.warmUp(stopped).catch((e: unknown) => console.error('queue index background load failed', e));
    }
    return null;
  }

  /**
   * Loads the in-memory index in background slices (app start with a large cache), yielding between them so
   * calls queued on this thread are answered meanwhile, by the SQL plans until the index is ready. Waits
   * while a bootstrap runs. After a first warm-up, later full reloads also run this way. Without a warm-up
   * the first query loads it at once. `stopped` ends it early (the session ended; the database may be closing).
   */
  async warmUp(stopped: () => boolean = () => false): Promise<void> {
    if (this.plan === 'sql' || this.warming) return;
    this.memory ??= new QueueMemoryIndex(this.db);
    // from now on, full reloads run in background slices as well (memoryIndex)
    this.background = { stopped };
    this.warming = true;
    try {
      while (!stopped() && this.db.open && !this.memory.loadSlice()) {
        await new Promise<void>((resolve) => (this.memory!.bootstrapRunning() ? setTimeout(resolve, 1000) : setImmediate(resolve)));
      }
    } finally {
      this.warming = false;
    }
  }

  private stmt(sql: string, pluck = false): Database.Statement {
    const key = `${pluck ? 'p' : 'r'}:${sql}`;
    let st = this.statements.get(key);
    if (!st) {
      // filter shapes are few, but bound the cache anyway (IN lists of every length × every combination)
      if (this.statements.size >= 256) this.statements.clear();
      st = this.db.prepare(sql);
      if (pluck) st.pluck();
      this.statements.set(key, st);
    }
    return st;
  }

  window(input: QueueWindow): QueuePage {
    const { filter, offset, limit } = QueueWindowSchema.parse(input);
    const memory = this.memoryIndex();
    const text = filter.text === undefined ? null : ftsQuery(filter.text);
    let total: number;
    let rowids: number[];
    if (memory !== null) {
      ({ total, rowids } = memory.window(filter, text, this.currentUserId, offset, limit));
    } else {
      total = this.count(filter);
      if (total === 0 || offset >= total) return { rows: [], total };
      rowids = this.windowRowids(filter, total, offset, limit);
    }
    if (rowids.length === 0) return { rows: [], total };
    const rows = this.stmt(`SELECT t.id, t.key, t.title, t.status, t.category, t.severity, t.assignee_id, t.organization_id, o.name AS org_name,
                t.priority_key, t.escalation_id, coalesce(s.state, 'none') AS sla_state, t.updated_at
         FROM tickets t
         LEFT JOIN organizations o ON o.id = t.organization_id
         -- not t.sla_state: added by ALTER it sits after the big JSON column; ticket_sla is what it mirrors
         LEFT JOIN ticket_sla s ON s.ticket_id = t.id
         WHERE t.rowid IN (SELECT value FROM json_each(?))
         ORDER BY t.priority_key, t.key`)
      .all(JSON.stringify(rowids)) as RawRow[];
    return { rows: rows.map(toQueueRow), total };
  }

  count(input: QueueFilter): number {
    const filter = QueueFilterSchema.parse(input);
    const memory = this.memoryIndex();
    if (memory !== null) return memory.count(filter, filter.text === undefined ? null : ftsQuery(filter.text), this.currentUserId);
    // queue_counts is rebuilt only when a first bootstrap ends (cache migration 13): count the tickets until then
    const grouped = this.deferred.any() ? null : this.groupedCount(filter);
    if (grouped !== null) return grouped;
    const where = this.where(filter);
    const text = filter.text === undefined ? null : ftsQuery(filter.text);
    if (text !== null && where.parts.length === 0) {
      // text only: the FTS index counts its matches without touching the tickets table
      return this.stmt('SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?', true).get(text) as number;
    }
    const parts = [...where.parts];
    const params = [...where.params];
    if (text !== null) {
      // few matches: read those tickets; many: scan the filter's index range against the match set
      const matches = this.stmt('SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?', true).get(text) as number;
      if (matches <= COUNT_FROM_FTS_MAX) {
        return this.stmt(`SELECT count(*) FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid WHERE f.tickets_fts MATCH ? AND ${sqlOf(parts)}`, true).get(
          text,
          ...params,
        ) as number;
      }
      parts.push('t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)');
      params.push(text);
    }
    // no condition at all: plain count(*) lets SQLite count the leaf cells of its narrowest index
    const index = parts.length === 0 ? '' : this.indexedBy(this.indexFor(filter, false));
    return this.stmt(`SELECT count(*) FROM tickets t ${index} WHERE ${sqlOf(parts)}`, true)
      .get(...params) as number;
  }

  countsByStatus(input: QueueFilter = {}): Record<TicketStatus, number> {
    const filter = QueueFilterSchema.parse({ ...input, statuses: undefined });
    const memory = this.memoryIndex();
    if (memory !== null) return memory.countsByStatus(filter, filter.text === undefined ? null : ftsQuery(filter.text), this.currentUserId);
    const where = this.where(filter);
    const parts = [...where.parts];
    const params = [...where.params];
    const text = filter.text === undefined ? null : ftsQuery(filter.text);
    if (text !== null) {
      parts.push('t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)');
      params.push(text);
    }
    const out = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
    const rows = this.stmt(`SELECT t.status, count(*) AS n FROM tickets t ${this.indexedBy('tickets_queue_status')} WHERE ${sqlOf(parts)} GROUP BY t.status`)
      .all(...params) as { status: TicketStatus; n: number }[];
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /**
   * Filters over status, category, severity, SLA state and escalation only: the sum of the maintained
   * per-group counts (cache migration 7), a few hundred rows at most instead of a scan of every match.
   * null: the filter needs the tickets themselves (assignee, organisation, text).
   */
  private groupedCount(f: QueueFilter): number | null {
    if (f.assignee !== undefined || f.organizationId !== undefined || (f.text !== undefined && ftsQuery(f.text) !== null)) return null;
    const parts: string[] = [];
    const params: (string | number)[] = [];
    for (const [column, values] of [['status', f.statuses], ['category', f.categories], ['severity', f.severities], ['sla_state', f.slaStates]] as const) {
      if (values === undefined) continue;
      if (values.length === 0) return 0;
      parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
    if (f.escalated !== undefined) parts.push(f.escalated ? 'escalated = 1' : 'escalated = 0');
    return this.stmt(`SELECT coalesce(sum(n), 0) FROM queue_counts WHERE ${sqlOf(parts)}`, true).get(...params) as number;
  }

  countsByView(): Record<BuiltInView, number> {
    return Object.fromEntries(Object.entries(BUILT_IN_VIEWS).map(([view, filter]) => [view, this.count(filter)])) as Record<BuiltInView, number>;
  }

  /** Rowids of the window, in queue order. `total` (exact, already computed) tells dense from sparse filters. */
  private windowRowids(filter: QueueFilter, total: number, offset: number, limit: number): number[] {
    const where = this.where(filter);
    const text = filter.text === undefined ? null : ftsQuery(filter.text);
    if (text !== null) {
      const matches = where.parts.length === 0 ? total : (this.stmt('SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?', true).get(text) as number);
      const dense = total / Math.max(1, matches) >= DENSE_SHARE || this.share(total) >= DENSE_SHARE;
      const index = this.indexFor(filter, dense);
      // entries the index plan visits: a walk in queue order stops after offset + limit matches; a range scan
      // (status set, assignee, organisation) visits its whole range, whose size the counters tell cheaply
      const indexEntries =
        index === 'tickets_queue_order' || index === 'tickets_queue_escalated'
          ? ((offset + limit) * this.size()) / Math.max(1, total)
          : this.count({ ...(filter.statuses ? { statuses: filter.statuses } : {}), ...(filter.assignee ? { assignee: filter.assignee } : {}), ...(filter.organizationId ? { organizationId: filter.organizationId } : {}) });
      const ftsDriven = this.textPlan === 'auto' ? matches <= indexEntries * INDEX_ENTRY_VS_ROW_READ : this.textPlan === 'fts';
      if (ftsDriven) {
        return this.stmt(`SELECT t.rowid FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid
             WHERE f.tickets_fts MATCH ? AND ${sqlOf(where.parts)} ORDER BY t.priority_key, t.key LIMIT ? OFFSET ?`)
          .pluck()
          .all(text, ...where.params, limit, offset) as number[];
      }
      // Broad words: the match set is built once (an IN list), then the chosen index is walked/scanned and
      // stops after offset + limit rows instead of sorting every match.
      // (no per-status merge here: every statement run would materialise the match set again)
      const parts = [...where.parts, 't.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)'];
      return this.stmt(`SELECT t.rowid FROM tickets t ${this.indexedBy(index)} WHERE ${sqlOf(parts)} ORDER BY t.priority_key, t.key LIMIT ? OFFSET ?`, true)
        .all(...where.params, text, limit, offset) as number[];
    }
    if (this.mergeable(filter, offset, limit)) return this.mergedByStatus(filter, offset, limit);
    const index = this.indexFor(filter, this.share(total) >= DENSE_SHARE);
    return this.stmt(`SELECT t.rowid FROM tickets t ${this.indexedBy(index)} WHERE ${sqlOf(where.parts)} ORDER BY t.priority_key, t.key LIMIT ? OFFSET ?`, true)
      .all(...where.params, limit, offset) as number[];
  }

  /** A status set without assignee/organisation/escalation seek, near the top of the queue. */
  private mergeable(f: QueueFilter, offset: number, limit: number): boolean {
    return f.statuses !== undefined && f.assignee === undefined && f.organizationId === undefined && f.escalated !== true && offset + limit <= MERGE_MAX_ROWS;
  }

  /**
   * Each status is an ordered range of tickets_queue_status, so each one is walked in queue order and stops
   * after offset + limit matches; the per-status lists are merged here. Statuses at the end of the queue
   * (done, waiting) no longer mean walking past everything before them, and nothing is sorted in SQL.
   */
  private mergedByStatus(f: QueueFilter, offset: number, limit: number): number[] {
    const others = this.where({ ...f, statuses: undefined });
    const st = this.stmt(
      `SELECT t.rowid AS r, t.priority_key AS p, t.key AS k FROM tickets t ${this.indexedBy('tickets_queue_status')}
       WHERE ${sqlOf(['t.status = ?', ...others.parts])} ORDER BY t.priority_key, t.key LIMIT ?`,
    );
    const rows: { r: number; p: string; k: string }[] = [];
    for (const status of new Set(f.statuses)) rows.push(...(st.all(status, ...others.params, offset + limit) as typeof rows));
    // priority keys and ticket keys are ASCII, so JS order equals SQLite's BINARY collation
    rows.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return rows.slice(offset, offset + limit).map((x) => x.r);
  }

  /**
   * `INDEXED BY` for the chosen index, or nothing while a first bootstrap defers it (src-main/cache/
   * deferred-indexes.ts): the planner then picks a plan over the partial data; forcing a missing index fails.
   */
  private indexedBy(index: QueueIndex): string {
    return this.deferred.has(index) ? '' : `INDEXED BY ${index}`;
  }

  /**
   * Roughly which share of all tickets a total is. max(rowid) is one b-tree descent where count(*) reads every
   * leaf page (3–7 ms at 100k); deleted tickets only make it an overestimate, which is fine for choosing a plan.
   */
  private share(total: number): number {
    const size = this.size();
    return size === 0 ? 1 : total / size;
  }

  private size(): number {
    return (this.stmt('SELECT max(rowid) FROM tickets', true).get() as number | null) ?? 0;
  }

  /**
   * The index a window or count scans. An assignee or organisation is a seek to an exact, small range; a
   * status set is one range per status, kept as a top-N while scanning; a dense filter (or none) walks the
   * queue order and stops after the window. Chosen here, not by the planner: without ANALYZE statistics it
   * preferred a single-column index and sorted tens of thousands of rows.
   */
  private indexFor(f: QueueFilter, dense: boolean): QueueIndex {
    if (f.assignee !== undefined) return 'tickets_queue_assignee';
    if (f.organizationId !== undefined) return 'tickets_queue_organization';
    if (f.escalated === true) return 'tickets_queue_escalated';
    if (dense) return 'tickets_queue_order';
    return f.statuses !== undefined ? 'tickets_queue_status' : 'tickets_queue_order';
  }

  /** Conditions on the ticket columns (all of them in the covering indexes); text is handled by the caller. */
  private where(f: QueueFilter): Where {
    const parts: string[] = [];
    const params: (string | number)[] = [];
    const inList = (column: string, values: readonly (string | number)[]) => {
      // An empty list selects nothing (a UI with every box unticked), not everything.
      if (values.length === 0) {
        parts.push('0');
        return;
      }
      parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (f.statuses) inList('t.status', f.statuses);
    if (f.categories) inList('t.category', f.categories);
    if (f.severities) inList('t.severity', f.severities);
    // t.sla_state mirrors ticket_sla (migration 6); a ticket the timer service has not evaluated is 'none'
    if (f.slaStates) inList('t.sla_state', f.slaStates);
    if (f.assignee?.kind === 'me') {
      parts.push('t.assignee_id = ?');
      params.push(this.currentUserId);
    } else if (f.assignee?.kind === 'unassigned') {
      parts.push('t.assignee_id IS NULL');
    } else if (f.assignee?.kind === 'user') {
      parts.push('t.assignee_id = ?');
      params.push(f.assignee.userId);
    }
    if (f.organizationId !== undefined) {
      parts.push('t.organization_id = ?');
      params.push(f.organizationId);
    }
    if (f.escalated !== undefined) parts.push(f.escalated ? 't.escalation_id IS NOT NULL' : 't.escalation_id IS NULL');
    return { parts, params };
  }
}

const sqlOf = (parts: readonly string[]): string => (parts.length ? parts.join(' AND ') : '1');

interface RawRow {
  id: string;
  key: string;
  title: string;
  status: TicketStatus;
  category: TicketRecord['category'];
  severity: TicketRecord['severity'];
  assignee_id: string | null;
  organization_id: string;
  org_name: string | null;
  priority_key: string;
  escalation_id: string | null;
  sla_state: SlaSummaryState;
  updated_at: string;
}

function toQueueRow(r: RawRow): QueueRow {
  return {
    id: r.id,
    key: r.key,
    title: r.title,
    status: r.status,
    category: r.category,
    severity: r.severity,
    assigneeId: r.assignee_id,
    organizationId: r.organization_id,
    organizationName: r.org_name,
    priorityKey: r.priority_key,
    escalationId: r.escalation_id,
    slaState: r.sla_state,
    updatedAt: r.updated_at,
  };
}
