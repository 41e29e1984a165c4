import type { BusinessCalendar } from '../calendar/types';
import type { TicketStatus } from './status';
import type { Instant } from './ticket';
import type { SlaClockKind, SlaConfig } from './sla-config';
import type { SlaContractLookup } from './sla-contract';
import { projectedSlaDeadlines, type SlaInput } from './sla-clocks';
import { priorityTier, type PriorityConfig, type PriorityRule } from './priority-rules';

/**
 * The queue order as one sortable string, so the service can keep it in an indexed column and the agent app
 * can sort its cache the same way. Ascending = most urgent first. It never depends on the current time, only
 * on the ticket, its public replies, the SLA config and the calendar: recompute it whenever one of those changes.
 *
 * Order, most significant first:
 *   1. band: what the ticket needs now (actionable < waiting for the customer < DONE < CLOSED);
 *   2. deadline: the earliest of the SLA clocks' due instants and the tier's virtual deadline
 *      (creation + tier offset in business time); in the DONE/CLOSED bands only the virtual deadline;
 *   3. source: 0 when the SLA set the deadline, else the tier rank 1–6 (an SLA wins an exact tie);
 *   4. creation instant (older first), 5. ticket key number, 6. id — so the order is total.
 */

export interface PriorityContext {
  readonly slaConfig: SlaConfig;
  readonly calendar: BusinessCalendar;
  readonly priority: PriorityConfig;
}

export type PriorityBand = 0 | 1 | 2 | 3;

export const PRIORITY_BAND: Readonly<Record<TicketStatus, PriorityBand>> = {
  NEW: 0,
  OPEN: 0,
  IN_PROGRESS: 0,
  PEER_REVIEW: 0,
  FEEDBACK_REQUEST: 1,
  FEEDBACK_PENDING: 1,
  IMPLEMENTING: 1,
  DONE: 2,
  CLOSED: 3,
};

export interface PriorityFactors {
  readonly band: PriorityBand;
  readonly deadline: Instant;
  /** Which SLA clock set the deadline, or null when the tier's virtual deadline did. */
  readonly slaClock: SlaClockKind | null;
  readonly tier: PriorityRule;
  readonly virtualDeadline: Instant;
  readonly contract: SlaContractLookup | null;
  readonly createdAt: Instant;
  readonly keyNumber: number;
  readonly id: string;
}

/** Fixed-width decimal fields: epoch ms up to year ~33658 fit 15 digits; clamped so the string stays sortable. */
const MAX_15 = 999_999_999_999_999;
const clampInstant = (ms: number): number => Math.min(MAX_15, Math.max(0, Math.floor(ms)));
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function priorityFactors(input: SlaInput, ctx: PriorityContext): PriorityFactors {
  const { ticket } = input;
  const createdAt = clampInstant(Date.parse(ticket.createdAt));
  const band = PRIORITY_BAND[ticket.status];
  const tier = priorityTier(ticket, ctx.priority);
  const virtualDeadline = clampInstant(ctx.calendar.addBusinessTime(createdAt, ctx.priority.tierOffsetMs[tier.id]));
  const { contract, deadlines } = projectedSlaDeadlines(input, ctx.slaConfig, ctx.calendar);
  let deadline = virtualDeadline;
  let slaClock: SlaClockKind | null = null;
  // A contract can only make a ticket more urgent than it would be without one: hence the minimum.
  if (band <= 1) {
    for (const d of deadlines) {
      const due = clampInstant(d.dueAt);
      if (due < deadline || (due === deadline && slaClock === null)) {
        deadline = due;
        slaClock = d.kind;
      }
    }
  }
  return { band, deadline, slaClock, tier, virtualDeadline, contract, createdAt, keyNumber: Number(ticket.key.slice(3)), id: ticket.id };
}

const sourceRank = (f: PriorityFactors): number => (f.slaClock === null ? f.tier.rank : 0);

/** The documented comparator; `prioritySortKey` encodes exactly this order as a string. */
export function comparePriorityFactors(a: PriorityFactors, b: PriorityFactors): number {
  return (
    a.band - b.band ||
    a.deadline - b.deadline ||
    sourceRank(a) - sourceRank(b) ||
    a.createdAt - b.createdAt ||
    a.keyNumber - b.keyNumber ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function sortKeyOfFactors(f: PriorityFactors): string {
  return `${f.band}.${pad(f.deadline, 15)}.${sourceRank(f)}.${pad(f.createdAt, 15)}.${pad(f.keyNumber, 9)}.${f.id}`;
}

/** e.g. "0.001772445600000.0.001772438400000.000010234.t-1". Compare as plain (binary) strings. */
export function prioritySortKey(input: SlaInput, ctx: PriorityContext): string {
  return sortKeyOfFactors(priorityFactors(input, ctx));
}
