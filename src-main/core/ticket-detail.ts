import type Database from 'better-sqlite3';
import { allowedTransitions } from '../../src-shared/domain/workflow';
import type { UserRole } from '../../src-shared/domain/ticket';
import { DomainError } from '../../src-shared/errors';
import type { TicketDetail } from '../../src-shared/ipc/contract';
import type { CommentRecord, EscalationRecord, HistoryEntryRecord, TicketRecord, UserRecord } from '../../src-shared/sync/records';
import { CacheReads } from './cache-reads';
import { factsContext, priorityReasons, publicAgentReplies, ticketFacts } from './ticket-facts';

const parseAll = <T>(rows: unknown[]): T[] => (rows as string[]).map((d) => JSON.parse(d) as T);

/** Everything the detail pane shows for one ticket, computed from the cache (works offline). */
export function ticketDetail(db: Database.Database, ticketId: string, me: { userId: string; role: UserRole }, now: number): TicketDetail {
  const reads = new CacheReads(db);
  const json = db.prepare('SELECT data FROM tickets WHERE id = ?').pluck().get(ticketId) as string | undefined;
  if (json === undefined) throw new DomainError('NOT_FOUND', `ticket ${ticketId} is not in the local cache`, { ticketId });
  const ticket = JSON.parse(json) as TicketRecord;
  const user = (id: string | null): UserRecord | null => {
    if (id === null) return null;
    const d = db.prepare('SELECT data FROM users WHERE id = ?').pluck().get(id) as string | undefined;
    return d === undefined ? null : (JSON.parse(d) as UserRecord);
  };
  const comments = parseAll<CommentRecord>(db.prepare('SELECT data FROM comments WHERE ticket_id = ? ORDER BY created_at, id').pluck().all(ticketId));
  const history = parseAll<HistoryEntryRecord>(db.prepare('SELECT data FROM history_entries WHERE ticket_id = ? ORDER BY at, id').pluck().all(ticketId));
  const escalations = parseAll<EscalationRecord>(db.prepare("SELECT data FROM escalations WHERE ticket_id = ? ORDER BY state = 'resolved', id").pluck().all(ticketId));
  const linked = parseAll<TicketRecord>(
    db.prepare('SELECT data FROM tickets WHERE linked_to_ticket_id = ? OR id = ? ORDER BY key').pluck().all(ticketId, ticket.linkedToTicketId ?? ''),
  );
  const replies = reads.repliesByTicket([ticketId]).get(ticketId) ?? [];
  const facts = ticketFacts(ticket, publicAgentReplies(replies), factsContext(reads, now));
  return {
    ticket,
    organizationName: reads.organizations().get(ticket.organizationId)?.name ?? ticket.organizationId,
    reporter: user(ticket.reporterId),
    assignee: user(ticket.assigneeId),
    comments,
    history,
    escalation: escalations[0] ?? null,
    sla: facts.sla,
    slaTier: facts.slaTier,
    nextAutoTransition: facts.nextAutoTransition,
    reasons: priorityReasons(ticket, facts),
    linkedTickets: linked.map((t) => ({ id: t.id, key: t.key, title: t.title, status: t.status })),
    allowedTransitions: [...allowedTransitions(ticket, { kind: 'user', userId: me.userId, role: me.role })],
    pendingMutations: reads.pendingEditsFor(ticketId),
  };
}
