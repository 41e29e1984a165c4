import fc from 'fast-check';
import { SLA_SUMMARY_STATES, type QueueFilter, type SlaSummaryState } from '../../src-main/queue/queue-filter';
import { TICKET_STATUSES } from '../../src-shared/domain/status';
import type { TicketCategory } from '../../src-shared/domain/ticket';
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

/** Random queue filters over the test data's vocabulary: any subset of conditions, lists never empty but statuses. */
export function queueFilterArb(categories: readonly TicketCategory[], searches: readonly string[]): fc.Arbitrary<QueueFilter> {
  return fc.record(
    {
      statuses: fc.subarray([...TICKET_STATUSES]),
      categories: fc.subarray([...categories], { minLength: 1 }),
      severities: fc.subarray([1, 2, 3] as const, { minLength: 1 }),
      slaStates: fc.subarray([...SLA_SUMMARY_STATES], { minLength: 1 }),
      assignee: fc.constantFrom({ kind: 'me' as const }, { kind: 'unassigned' as const }, { kind: 'user' as const, userId: 'u-b' }),
      organizationId: fc.constantFrom('o0', 'o1', 'o2'),
      escalated: fc.boolean(),
      text: fc.constantFrom(...searches),
    },
    { requiredKeys: [] },
  );
}
