import type { BusinessCalendar } from '../calendar/types';
import type { TicketStatus } from './status';
import type { Instant, Ticket } from './ticket';
import { SLA_CLOCK_KINDS, type SlaAtRisk, type SlaClockKind, type SlaConfig } from './sla-config';
import { resolveSlaContract, type SlaContractLookup } from './sla-contract';
import { SLA_PHASE, statusSegments, type ClockPhase, type StatusSegment } from './sla-timeline';

/** What the SLA engine needs: the ticket and the instants (epoch ms) of its public agent replies. */
export interface SlaInput {
  readonly ticket: Ticket;
  /** Public replies by estos staff (internal notes do not count). Any order; duplicates are harmless. */
  readonly publicAgentReplies: readonly Instant[];
}

export type SlaClockState = 'running' | 'paused' | 'met' | 'breached' | 'not_applicable';

/** Stable reason codes; UIs translate them with `params` (instants are epoch ms, statuses are identifiers). */
export const SLA_REASON_CODES = [
  'misconfiguration',
  'no_contract_number',
  'contract_unknown',
  'contract_other_organization',
  'contract_not_yet_valid',
  'contract_expired',
  'no_target',
  'awaiting_first_response',
  'running',
  'paused_waiting_for_customer',
  'met_by_public_reply',
  'met_by_resolution',
  'stopped',
  'breached',
  'breached_late_reply',
] as const;
export type SlaReasonCode = (typeof SLA_REASON_CODES)[number];

export interface SlaReason {
  readonly code: SlaReasonCode;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface SlaClock {
  readonly kind: SlaClockKind;
  readonly state: SlaClockState;
  /**
   * running: when the target is (or was) reached; breached: when it was exceeded; otherwise null
   * (a paused clock has no due instant: it depends on when the customer answers).
   */
  readonly dueAt: Instant | null;
  /** target − consumed business time, negative when breached; null when not applicable. */
  readonly remainingMs: number | null;
  readonly targetMs: number | null;
  readonly consumedMs: number | null;
  /** Running and close to its target (see SlaAtRisk). */
  readonly atRisk: boolean;
  readonly reason: SlaReason;
  /**
   * Due instant if the clock ran on from the start of the ticket's current status: equals `dueAt` while
   * running, and for a paused clock it is where it would have been without the pause. Null once met, stopped
   * or not applicable. Depends only on the ticket's recorded history, never on `now` (used by the priority key).
   */
  readonly projectedDueAt: Instant | null;
}

export interface SlaClocks {
  /** The contract in force, or why there is none. */
  readonly contract: SlaContractLookup | null;
  /** Always the three kinds in SLA_CLOCK_KINDS order. */
  readonly clocks: readonly SlaClock[];
}

const notApplicable = (kind: SlaClockKind, reason: SlaReason, targetMs: number | null = null): SlaClock => ({
  kind,
  state: 'not_applicable',
  dueAt: null,
  remainingMs: null,
  targetMs,
  consumedMs: null,
  atRisk: false,
  reason,
  projectedDueAt: null,
});

const MISS_REASON: Readonly<Record<Exclude<SlaContractLookup, { ok: true }>['miss'], SlaReasonCode>> = {
  no_contract_number: 'no_contract_number',
  unknown: 'contract_unknown',
  other_organization: 'contract_other_organization',
  not_yet_valid: 'contract_not_yet_valid',
  expired: 'contract_expired',
};

/** Whether a clock at this remaining time needs attention soon. */
export function isAtRisk(remainingMs: number, targetMs: number, atRisk: SlaAtRisk): boolean {
  if (remainingMs < 0) return false; // breached is its own state, not "at risk"
  return remainingMs <= atRisk.fraction * targetMs || remainingMs <= atRisk.absoluteMs;
}

/** How a clock consumed business time inside its window [start, stop). */
interface Trace {
  /** Business ms consumed in running segments that have ended (excludes the open tail). */
  readonly consumedClosed: number;
  /** The window is still open: start and phase of the current (open) part; null if the window has ended. */
  readonly tail: { readonly start: Instant; readonly phase: ClockPhase; readonly status: TicketStatus } | null;
  /** When consumption exceeded the target inside an ended segment. */
  readonly breachedAt: Instant | null;
}

function trace(segments: readonly StatusSegment[], windowStart: Instant, windowStop: Instant | null, targetMs: number, calendar: BusinessCalendar): Trace {
  let consumed = 0;
  let breachedAt: Instant | null = null;
  let tail: Trace['tail'] = null;
  for (const seg of segments) {
    const start = Math.max(seg.start, windowStart);
    const ends = [seg.end, windowStop].filter((x): x is Instant => x !== null);
    const phase = SLA_PHASE[seg.status];
    if (ends.length === 0) {
      tail = { start, phase, status: seg.status };
      continue;
    }
    const end = Math.min(...ends);
    if (end <= start || phase !== 'running') continue;
    const spent = calendar.businessTimeBetween(start, end);
    if (breachedAt === null && consumed + spent > targetMs) breachedAt = calendar.addBusinessTime(start, targetMs - consumed);
    consumed += spent;
  }
  return { consumedClosed: consumed, tail, breachedAt };
}

interface ClockSpec {
  readonly kind: SlaClockKind;
  readonly targetMs: number;
  readonly windowStart: Instant;
  /** The event that ends this clock for good (first response: the first public reply), if it happened. */
  readonly windowStop: Instant | null;
}

function evaluate(spec: ClockSpec, segments: readonly StatusSegment[], now: Instant, calendar: BusinessCalendar, atRisk: SlaAtRisk): SlaClock {
  const { kind, targetMs } = spec;
  const t = trace(segments, spec.windowStart, spec.windowStop, targetMs, calendar);
  const tailRunning = t.tail !== null && t.tail.phase === 'running';
  const consumed = t.consumedClosed + (tailRunning && t.tail ? Math.max(0, calendar.businessTimeBetween(t.tail.start, now)) : 0);
  const remainingMs = targetMs - consumed;
  const base = { kind, targetMs, consumedMs: consumed, remainingMs, atRisk: false, projectedDueAt: null };

  if (t.tail === null) {
    // Window closed by its stop event: only the first response clock has one.
    const at = spec.windowStop ?? now;
    return remainingMs >= 0
      ? { ...base, state: 'met', dueAt: null, reason: { code: 'met_by_public_reply', params: { at } } }
      : { ...base, state: 'breached', dueAt: t.breachedAt, reason: { code: 'breached_late_reply', params: { at, breachedAt: t.breachedAt ?? at } } };
  }
  const { status, phase, start: since } = t.tail;
  if (phase === 'stopped') {
    if (remainingMs < 0) return { ...base, state: 'breached', dueAt: t.breachedAt, reason: { code: 'breached', params: { status, breachedAt: t.breachedAt ?? since } } };
    const code = kind === 'resolution' ? 'met_by_resolution' : 'stopped';
    return { ...base, state: 'met', dueAt: null, reason: { code, params: { status, at: since } } };
  }
  // Running or paused: where the target falls if the clock runs on from the start of the current status.
  const projectedDueAt = t.breachedAt ?? calendar.addBusinessTime(since, targetMs - t.consumedClosed);
  if (remainingMs < 0) {
    const breachedAt = t.breachedAt ?? projectedDueAt;
    return { ...base, projectedDueAt, state: 'breached', dueAt: breachedAt, reason: { code: 'breached', params: { status, breachedAt } } };
  }
  if (phase === 'paused') {
    return { ...base, projectedDueAt, state: 'paused', dueAt: null, reason: { code: 'paused_waiting_for_customer', params: { status, since } } };
  }
  return {
    ...base,
    projectedDueAt,
    state: 'running',
    dueAt: projectedDueAt,
    atRisk: isAtRisk(remainingMs, targetMs, atRisk),
    reason: { code: 'running', params: { status, since } },
  };
}

/**
 * The three SLA clocks of a ticket at `now`.
 * - first response: from creation until the first public agent reply;
 * - update: from the latest public agent reply (restarts at each one); none before the first reply;
 * - resolution: from creation until DONE/CLOSED. Reopening resumes it with the time already consumed
 *   (the customer is not penalised twice, estos is not given a fresh budget).
 * All three count only business time in running statuses (see SLA_PHASE). Events after `now` are ignored.
 */
export function computeSlaClocks(input: SlaInput, config: SlaConfig, calendar: BusinessCalendar, now: Instant): SlaClocks {
  return clocksAt(input, config, calendar, now, now);
}

/**
 * `horizon` limits which recorded events count; `now` is where running time is measured to.
 * The priority key uses horizon = +∞ and only reads `projectedDueAt`, which does not depend on `now`.
 */
export function clocksAt(input: SlaInput, config: SlaConfig, calendar: BusinessCalendar, horizon: Instant, now: Instant): SlaClocks {
  const { ticket } = input;
  const created = Date.parse(ticket.createdAt);
  if (ticket.misconfiguration) {
    // Seed: "Dies gilt nicht bei einer Fehlkonfiguration" — no clock at all, whatever the contract.
    return { contract: null, clocks: SLA_CLOCK_KINDS.map((k) => notApplicable(k, { code: 'misconfiguration', params: {} })) };
  }
  // Validity is judged when the ticket was filed: a contract that lapses later does not strip running clocks.
  const contract = resolveSlaContract(ticket.slaContractNumber, ticket.organizationId, created, config);
  if (!contract.ok) {
    const reason: SlaReason = { code: MISS_REASON[contract.miss], params: contract.contractNumber === null ? {} : { contractNumber: contract.contractNumber } };
    return { contract, clocks: SLA_CLOCK_KINDS.map((k) => notApplicable(k, reason)) };
  }
  const targets = contract.tier.targets[String(ticket.severity) as '1' | '2' | '3'];
  const segments = statusSegments(ticket, horizon);
  const replies = [...new Set(input.publicAgentReplies)].filter((r) => r <= horizon).map((r) => Math.max(r, created)).sort((a, b) => a - b);
  const firstReply = replies[0] ?? null;
  const lastReply = replies[replies.length - 1] ?? null;

  const clocks = SLA_CLOCK_KINDS.map((kind): SlaClock => {
    const targetMs = targets[kind];
    if (targetMs === null) return notApplicable(kind, { code: 'no_target', params: { tier: contract.tierId, severity: ticket.severity } });
    if (kind === 'update' && lastReply === null) return notApplicable(kind, { code: 'awaiting_first_response', params: {} }, targetMs);
    const spec: ClockSpec =
      kind === 'firstResponse'
        ? { kind, targetMs, windowStart: created, windowStop: firstReply }
        : kind === 'update'
          ? { kind, targetMs, windowStart: lastReply ?? created, windowStop: null }
          : { kind, targetMs, windowStart: created, windowStop: null };
    return evaluate(spec, segments, now, calendar, config.atRisk);
  });
  return { contract, clocks };
}

/**
 * The SLA deadlines that order the queue: each clock's `projectedDueAt` with every recorded event taken into
 * account. Independent of the current time by construction (the horizon is unbounded and nothing reads `now`
 * except consumption, which is not returned).
 */
export function projectedSlaDeadlines(
  input: SlaInput,
  config: SlaConfig,
  calendar: BusinessCalendar,
): { readonly contract: SlaContractLookup | null; readonly deadlines: ReadonlyArray<{ readonly kind: SlaClockKind; readonly dueAt: Instant }> } {
  const created = Date.parse(input.ticket.createdAt);
  const { contract, clocks } = clocksAt(input, config, calendar, Number.POSITIVE_INFINITY, created);
  const deadlines = clocks.flatMap((c) => (c.projectedDueAt === null ? [] : [{ kind: c.kind, dueAt: c.projectedDueAt }]));
  return { contract, deadlines };
}
