import { DomainError } from '../errors';
import type { TicketStatus } from './status';
import type { Instant, Ticket } from './ticket';

/** What an SLA clock does while the ticket is in a status. */
export type ClockPhase = 'running' | 'paused' | 'stopped';

/**
 * Clocks run while estos owes the next step, pause while waiting for the customer (that time is credited:
 * the clock resumes where it stopped) and stop when the ticket is done or closed.
 */
export const SLA_PHASE: Readonly<Record<TicketStatus, ClockPhase>> = {
  NEW: 'running',
  OPEN: 'running',
  IN_PROGRESS: 'running',
  PEER_REVIEW: 'running',
  FEEDBACK_REQUEST: 'paused',
  FEEDBACK_PENDING: 'paused',
  IMPLEMENTING: 'paused',
  DONE: 'stopped',
  CLOSED: 'stopped',
};

/** A stretch of time in one status. `end` null = still in it (the open tail). */
export interface StatusSegment {
  readonly status: TicketStatus;
  readonly start: Instant;
  readonly end: Instant | null;
}

/**
 * The ticket's life as status segments from creation, using only history entries at or before `horizon`.
 * The history is authoritative for timing; it must end in the ticket's current status, otherwise the data is
 * inconsistent and any clock computed from it would be wrong, so we refuse (VALIDATION_FAILED).
 * Entries dated before creation (clock skew between writers) count from creation.
 */
export function statusSegments(ticket: Ticket, horizon: Instant): StatusSegment[] {
  const created = Date.parse(ticket.createdAt);
  const changes = ticket.statusHistory
    .map((c, index) => ({ at: Math.max(created, Date.parse(c.at)), from: c.from, to: c.to, index }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const last = changes[changes.length - 1];
  if (last && last.to !== ticket.status) {
    throw new DomainError('VALIDATION_FAILED', `status history of ${ticket.key} ends in ${last.to} but the ticket is ${ticket.status}`, {
      ticketId: ticket.id,
    });
  }
  const first = changes[0];
  let status: TicketStatus = first ? (first.from ?? first.to) : ticket.status;
  let start = created;
  const segments: StatusSegment[] = [];
  for (const change of changes) {
    if (change.at > horizon) break;
    if (change.to === status) continue;
    if (change.at > start) segments.push({ status, start, end: change.at });
    status = change.to;
    start = change.at;
  }
  segments.push({ status, start, end: null });
  return segments;
}
