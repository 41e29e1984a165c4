import type Database from 'better-sqlite3';
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { BUILT_IN_VIEWS, type BuiltInView, type QueueFilter, type QueueQuery, type QueueRow } from '../../src-shared/ipc/contract';
import type { EscalationState, TicketRecord } from '../../src-shared/sync/records';
import { factsContext, publicAgentReplies, ticketFacts, type FactsContext, type TicketFacts } from './ticket-facts';
import { CacheReads } from './cache-reads';

const OPEN_STATUSES = TICKET_STATUSES.filter((s) => !STATUS_INFO[s].final);
const WAITING_ON_CUSTOMER = TICKET_STATUSES.filter((s) => STATUS_INFO[s].waitingOn === 'customer');

interface Sql {
  readonly where: string[];
  readonly params: (string | number)[];
}

/** Turns free text into an FTS5 prefix query of quoted terms, so no user input is parsed as FTS syntax. */
export function ftsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .map((t) => t.replace(/"/g, ''))
    .filter((t) => t.length > 0)
    .slice(0, 8);
  return terms.length === 0 ? null : terms.map((t) => `"${t}"*`).join(' ');
}

function inList(column: string, values: readonly (string | number)[], sql: Sql): void {
  if (values.length === 0) {
    sql.where.push('0');
    return;
  }
  sql.where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  sql.params.push(...values);
}

/**
 * The queue read model over the local cache: filters that SQL can answer run in SQLite on indexed columns
 * (ordered by the service's priority key); SLA filters need business-time clocks, so they run on the
 * candidates in JS with the same src-shared functions the service uses.
 */
export class QueueReader {
  private readonly reads: CacheReads;

  constructor(
    private readonly db: Database.Database,
    private readonly userId: string,
    private readonly now: () => number,
  ) {
    this.reads = new CacheReads(db);
  }

  private base(view: BuiltInView | null, filter: QueueFilter): { sql: Sql; sla: Set<string> | null } {
    const sql: Sql = { where: [], params: [] };
    const slaWanted = new Set<string>(filter.sla ?? []);
    switch (view) {
      case 'my_queue':
        inList('t.status', OPEN_STATUSES, sql);
        sql.where.push('t.assignee_id = ?');
        sql.params.push(this.userId);
        break;
      case 'unassigned':
        inList('t.status', OPEN_STATUSES, sql);
        sql.where.push('t.assignee_id IS NULL');
        break;
      case 'sla_at_risk':
        inList('t.status', OPEN_STATUSES, sql);
        break;
      case 'waiting_for_customer':
        inList('t.status', WAITING_ON_CUSTOMER, sql);
        break;
      case 'escalations':
        sql.where.push("EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = t.id AND e.state <> 'resolved')");
        break;
      case 'all_open':
        inList('t.status', OPEN_STATUSES, sql);
        break;
      case null:
        break;
    }
    if (filter.statuses) inList('t.status', filter.statuses, sql);
    if (filter.assignee === 'me') {
      sql.where.push('t.assignee_id = ?');
      sql.params.push(this.userId);
    } else if (filter.assignee === 'unassigned') sql.where.push('t.assignee_id IS NULL');
    else if (filter.assignee !== undefined) {
      sql.where.push('t.assignee_id = ?');
      sql.params.push(filter.assignee);
    }
    if (filter.categories) inList('t.category', filter.categories, sql);
    if (filter.severities) inList('t.severity', filter.severities, sql);
    if (filter.organizationId !== undefined) {
      sql.where.push('t.organization_id = ?');
      sql.params.push(filter.organizationId);
    }
    if (filter.hasEscalation !== undefined) sql.where.push(filter.hasEscalation ? 't.escalation_id IS NOT NULL' : 't.escalation_id IS NULL');
    const fts = filter.text === undefined ? null : ftsQuery(filter.text);
    if (fts !== null) {
      sql.where.push('t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)');
      sql.params.push(fts);
    }
    let sla: Set<string> | null = slaWanted.size > 0 ? slaWanted : null;
    if (view === 'sla_at_risk') sla = sla ? new Set([...sla].filter((s) => s === 'at_risk')) : new Set(['at_risk']);
    return { sql, sla };
  }

  private context(): FactsContext {
    return factsContext(this.reads.slaContracts(), this.now());
  }

  private facts(tickets: readonly TicketRecord[], ctx: FactsContext): Map<string, TicketFacts> {
    const replies = this.reads.repliesByTicket(tickets.map((t) => t.id));
    return new Map(tickets.map((t) => [t.id, ticketFacts(t, publicAgentReplies(replies.get(t.id) ?? []), ctx)]));
  }

  private select(sql: Sql, limit: number | null, offset: number): TicketRecord[] {
    const where = sql.where.length > 0 ? `WHERE ${sql.where.join(' AND ')}` : '';
    const page = limit === null ? '' : ' LIMIT ? OFFSET ?';
    const params = limit === null ? sql.params : [...sql.params, limit, offset];
    const rows = this.db.prepare(`SELECT t.data FROM tickets t ${where} ORDER BY t.priority_key, t.key${page}`).pluck().all(...params) as string[];
    return rows.map((r) => JSON.parse(r) as TicketRecord);
  }

  private count(sql: Sql): number {
    const where = sql.where.length > 0 ? `WHERE ${sql.where.join(' AND ')}` : '';
    return this.db.prepare(`SELECT count(*) FROM tickets t ${where}`).pluck().get(...sql.params) as number;
  }

  private matchesSla(f: TicketFacts, wanted: Set<string>): boolean {
    return f.sla.some((c) => (c.atRisk && wanted.has('at_risk')) || wanted.has(c.state));
  }

  window(q: QueueQuery): { rows: QueueRow[]; total: number } {
    const { sql, sla } = this.base(q.view, q.filter);
    const ctx = this.context();
    let tickets: TicketRecord[];
    let total: number;
    if (sla === null) {
      total = this.count(sql);
      tickets = this.select(sql, q.limit, q.offset);
    } else {
      const all = this.select(sql, null, 0);
      const facts = this.facts(all, ctx);
      const matching = all.filter((t) => this.matchesSla(facts.get(t.id)!, sla));
      total = matching.length;
      tickets = matching.slice(q.offset, q.offset + q.limit);
    }
    const facts = this.facts(tickets, ctx);
    const pending = this.reads.ticketsWithPendingEdits();
    const orgs = this.reads.organizations();
    const users = this.reads.userNames();
    const escalations = this.reads.openEscalationStates(tickets.map((t) => t.id));
    return {
      total,
      rows: tickets.map((t, i) => toRow(t, q.offset + i + 1, facts.get(t.id)!, {
        organizationName: orgs.get(t.organizationId)?.name ?? t.organizationId,
        assigneeName: t.assigneeId === null ? null : (users.get(t.assigneeId) ?? null),
        escalationState: escalations.get(t.id) ?? null,
        pending: pending.has(t.id),
      })),
    };
  }

  counts(filter: QueueFilter): { views: Record<BuiltInView, number>; statuses: Record<TicketStatus, number>; filtered: number } {
    const views = {} as Record<BuiltInView, number>;
    for (const v of BUILT_IN_VIEWS) views[v] = this.window({ view: v, filter: {}, offset: 0, limit: 1 }).total;
    const statuses = {} as Record<TicketStatus, number>;
    for (const s of TICKET_STATUSES) {
      const statusFilter: QueueFilter = { ...filter, statuses: filter.statuses ? filter.statuses.filter((x) => x === s) : [s] };
      statuses[s] = this.window({ view: null, filter: statusFilter, offset: 0, limit: 1 }).total;
    }
    return { views, statuses, filtered: this.window({ view: null, filter, offset: 0, limit: 1 }).total };
  }

  /** Open tickets assigned to `userId` with their facts (alerts, badge, workload). */
  openTicketsWithFacts(assigneeId: string | null): { ticket: TicketRecord; facts: TicketFacts }[] {
    const sql: Sql = { where: [], params: [] };
    inList('t.status', OPEN_STATUSES, sql);
    if (assigneeId !== null) {
      sql.where.push('t.assignee_id = ?');
      sql.params.push(assigneeId);
    } else sql.where.push('t.assignee_id IS NOT NULL');
    const tickets = this.select(sql, null, 0);
    const facts = this.facts(tickets, this.context());
    return tickets.map((t) => ({ ticket: t, facts: facts.get(t.id)! }));
  }
}

interface RowExtras {
  readonly organizationName: string;
  readonly assigneeName: string | null;
  readonly escalationState: EscalationState | null;
  readonly pending: boolean;
}

function toRow(t: TicketRecord, rank: number, f: TicketFacts, x: RowExtras): QueueRow {
  return {
    id: t.id,
    key: t.key,
    rank,
    title: t.title,
    organizationName: x.organizationName,
    endUserCompany: t.endUserCompany?.name ?? null,
    endUserRegistered: t.endUserCompany?.registered ?? t.reporterOrganizationRegistered,
    status: t.status,
    category: t.category,
    severity: t.severity,
    assigneeId: t.assigneeId,
    assigneeName: x.assigneeName,
    updatedAt: t.updatedAt,
    sla: f.sla,
    nextAutoTransition: f.nextAutoTransition,
    escalationState: x.escalationState,
    pendingLocalChanges: x.pending,
  };
}
