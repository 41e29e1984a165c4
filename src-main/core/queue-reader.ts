import type Database from 'better-sqlite3';
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import type { BuiltInView, QueueFilter, QueueQuery, QueueRow } from '../../src-shared/ipc/contract';
import type { TicketRecord } from '../../src-shared/sync/records';
import { BUILT_IN_VIEWS, type QueueFilter as ServiceFilter, type SlaSummaryState } from '../queue/queue-filter';
import { QueueService } from '../queue/queue-service';
import { CacheReads } from './cache-reads';
import { factsContext, publicAgentReplies, ticketFacts } from './ticket-facts';

const OPEN_STATUSES = TICKET_STATUSES.filter((s) => !STATUS_INFO[s].final);

/** Contract SLA filter words → the timer service's per-ticket summary states. */
const SLA_SUMMARY: Readonly<Record<NonNullable<QueueFilter['sla']>[number], SlaSummaryState[]>> = {
  running: ['ok', 'at_risk'],
  at_risk: ['at_risk'],
  breached: ['breached'],
  paused: ['paused'],
  met: ['none'],
  not_applicable: ['none'],
};

const intersect = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
  a === undefined ? (b === undefined ? undefined : [...b]) : b === undefined ? [...a] : a.filter((x) => b.includes(x));

/** The contract's filter (what the renderer sends) in the queue service's terms, narrowed by a view. */
export function toServiceFilter(view: BuiltInView | null, f: QueueFilter): ServiceFilter {
  const base: ServiceFilter = view === null ? {} : (BUILT_IN_VIEWS[view] as ServiceFilter);
  const assignee: ServiceFilter['assignee'] =
    f.assignee === undefined ? undefined : f.assignee === 'me' ? { kind: 'me' } : f.assignee === 'unassigned' ? { kind: 'unassigned' } : { kind: 'user', userId: f.assignee };
  const sla = f.sla === undefined ? undefined : [...new Set(f.sla.flatMap((s) => SLA_SUMMARY[s]))];
  const out: ServiceFilter = {
    statuses: intersect(base.statuses, f.statuses),
    assignee: assignee ?? base.assignee,
    categories: f.categories,
    severities: f.severities,
    slaStates: intersect(base.slaStates, sla),
    organizationId: f.organizationId,
    escalated: f.hasEscalation ?? base.escalated,
    text: f.text,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ServiceFilter;
}

/**
 * The queue as the contract shows it: order, filters, windows and counts come from the queue service
 * (src-main/queue, kept fresh by the timer service's ticket_sla summary); each visible row is then
 * completed with its clocks, next automatic step, names and pending-edit flag.
 */
export class QueueReader {
  private readonly reads: CacheReads;
  private readonly service: QueueService;

  constructor(
    private readonly db: Database.Database,
    userId: string,
    private readonly now: () => number,
  ) {
    this.reads = new CacheReads(db);
    this.service = new QueueService(db, userId);
  }

  /** Background load of the queue's in-memory index (see QueueService.warmUp). */
  warmUp(stopped: () => boolean): Promise<void> {
    return this.service.warmUp(stopped);
  }

  window(q: QueueQuery): { rows: QueueRow[]; total: number } {
    const page = this.service.window({ filter: toServiceFilter(q.view, q.filter), offset: q.offset, limit: q.limit });
    const ids = page.rows.map((r) => r.id);
    const tickets = new Map(
      (this.db.prepare('SELECT data FROM tickets WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids)) as string[])
        .map((d) => JSON.parse(d) as TicketRecord)
        .map((t) => [t.id, t]),
    );
    const ctx = factsContext(this.reads, this.now());
    const replies = this.reads.repliesByTicket(ids);
    const escalations = this.reads.openEscalationStates(ids);
    const pending = this.reads.ticketsWithPendingEdits();
    const rows: QueueRow[] = [];
    page.rows.forEach((r, i) => {
      const t = tickets.get(r.id);
      if (!t) return;
      const f = ticketFacts(t, publicAgentReplies(replies.get(t.id) ?? []), ctx);
      rows.push({
        id: t.id,
        key: t.key,
        rank: q.offset + i + 1,
        title: t.title,
        organizationName: r.organizationName ?? t.organizationId,
        endUserCompany: t.endUserCompany?.name ?? null,
        endUserRegistered: t.endUserCompany?.registered ?? t.reporterOrganizationRegistered,
        status: t.status,
        category: t.category,
        severity: t.severity,
        assigneeId: t.assigneeId,
        assigneeName: t.assigneeId === null ? null : this.reads.userName(t.assigneeId),
        updatedAt: t.updatedAt,
        sla: f.sla,
        nextAutoTransition: f.nextAutoTransition,
        escalationState: escalations.get(t.id) ?? null,
        pendingLocalChanges: pending.has(t.id),
      });
    });
    return { rows, total: page.total };
  }

  counts(filter: QueueFilter): { views: Record<BuiltInView, number>; statuses: Record<TicketStatus, number>; filtered: number } {
    const f = toServiceFilter(null, filter);
    return { views: this.service.countsByView(), statuses: this.service.countsByStatus(f), filtered: this.service.count(f) };
  }

  /** My open tickets and how many of them are at risk (badge, assigned-to-me edges). */
  mine(): { tickets: { id: string; key: string; title: string }[]; atRisk: number } {
    const filter: ServiceFilter = { statuses: [...OPEN_STATUSES], assignee: { kind: 'me' } };
    const tickets = this.service.window({ filter, offset: 0, limit: 1000 }).rows.map((r) => ({ id: r.id, key: r.key, title: r.title }));
    return { tickets, atRisk: this.service.count({ ...filter, slaStates: ['at_risk'] }) };
  }

  /** Open tickets per assignee with the timer service's SLA summary. */
  workload(): Map<string, { open: number; atRisk: number; breached: number }> {
    const rows = this.db
      .prepare(
        `SELECT t.assignee_id AS id, count(*) AS open,
                sum(coalesce(s.state, 'none') = 'at_risk') AS atRisk, sum(coalesce(s.state, 'none') = 'breached') AS breached
         FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
         WHERE t.assignee_id IS NOT NULL AND t.status IN (SELECT value FROM json_each(?))
         GROUP BY t.assignee_id`,
      )
      .all(JSON.stringify(OPEN_STATUSES)) as { id: string; open: number; atRisk: number; breached: number }[];
    return new Map(rows.map((r) => [r.id, { open: r.open, atRisk: r.atRisk, breached: r.breached }]));
  }
}
