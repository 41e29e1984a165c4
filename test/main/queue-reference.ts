import type { QueueFilter, SlaSummaryState } from '../../src-main/queue/queue-filter';
import type { TicketRecord } from '../../src-shared/sync/records';

/**
 * The queue by its plain definition, for tests of the queue's plans: filter every ticket in JavaScript, sort by
 * (priority key, ticket key). Text: every word of the search is a prefix of some token of key, title,
 * description or organisation name (the FTS5 prefix-term semantics for the ASCII test vocabulary).
 */
export function referenceQueue(
  tickets: Iterable<TicketRecord>,
  f: QueueFilter,
  ctx: { readonly currentUserId: string; readonly slaOf: (ticketId: string) => SlaSummaryState; readonly orgNameOf: (organizationId: string) => string },
): TicketRecord[] {
  const words = (f.text ?? '').split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
  return [...tickets]
    .filter((t) => (f.statuses ? f.statuses.includes(t.status) : true))
    .filter((t) => (f.categories ? f.categories.includes(t.category) : true))
    .filter((t) => (f.severities ? f.severities.includes(t.severity) : true))
    .filter((t) => (f.slaStates ? f.slaStates.includes(ctx.slaOf(t.id)) : true))
    .filter((t) =>
      f.assignee?.kind === 'me'
        ? t.assigneeId === ctx.currentUserId
        : f.assignee?.kind === 'unassigned'
          ? t.assigneeId === null
          : f.assignee?.kind === 'user'
            ? t.assigneeId === f.assignee.userId
            : true,
    )
    .filter((t) => (f.organizationId ? t.organizationId === f.organizationId : true))
    .filter((t) => (f.escalated === undefined ? true : (t.escalationId !== null) === f.escalated))
    .filter((t) => {
      const tokens = `${t.key} ${t.title} ${t.description} ${ctx.orgNameOf(t.organizationId)}`.toLowerCase().split(/[^a-z0-9]+/);
      return words.every((w) => tokens.some((tok) => tok.startsWith(w)));
    })
    .sort((a, b) => (a.priorityKey < b.priorityKey ? -1 : a.priorityKey > b.priorityKey ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
