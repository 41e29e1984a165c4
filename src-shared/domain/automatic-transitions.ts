import { z } from 'zod';
import { DomainError } from '../errors';
import { addLocalDays, assertTimeZone } from '../time/zoned';
import type { TicketStatus } from './status';
import type { Instant, StatusChange, Ticket } from './ticket';

/**
 * The status changes the ticket service makes on its own when the customer does not react
 * (seed, "Status der Anfragen im estos Produkt-Support", items 2, 5 and 6).
 *
 * "Days" are calendar days in the workflow's time zone (Europe/Berlin): the due instant shows the same
 * wall-clock time N days after the clock started, so a DST switch in between makes the elapsed time
 * N × 24 h ∓ 1 h instead of moving the clock time. A customer reading "one week" expects "same time next week".
 */
export const AUTOMATIC_RULES = [
  // 2. FEEDBACK REQUEST: "Sollten Sie nicht innerhalb von einer (1) Woche antworten/reagieren, wechselt der
  //    Status automatisch auf FEEDBACK PENDING."
  { rule: 'feedback_request_unanswered', from: 'FEEDBACK_REQUEST', to: 'FEEDBACK_PENDING', daysKey: 'feedbackRequestDays' },
  // 5. FEEDBACK PENDING: "Wird innerhalb der nächsten Woche nicht reagiert, wechselt der Status automatisch auf DONE"
  { rule: 'feedback_pending_unanswered', from: 'FEEDBACK_PENDING', to: 'DONE', daysKey: 'feedbackPendingDays' },
  // 6. IMPLEMENTING: "wechselt erst nach vier (4) Wochen ohne weitere Reaktion/Information automatisch in den
  //    Status FEEDBACK PENDING."
  { rule: 'implementing_unanswered', from: 'IMPLEMENTING', to: 'FEEDBACK_PENDING', daysKey: 'implementingDays' },
] as const satisfies readonly {
  rule: string;
  from: TicketStatus;
  to: TicketStatus;
  daysKey: keyof AutomaticTransitionConfig;
}[];

export type AutomaticRule = (typeof AUTOMATIC_RULES)[number]['rule'];

// A year is far beyond any sensible waiting time; the cap keeps a typo (7000) from parking tickets forever.
const days = z.number().int().min(1).max(366);

export const AutomaticTransitionConfigSchema = z.strictObject({
  feedbackRequestDays: days.default(7),
  feedbackPendingDays: days.default(7),
  implementingDays: days.default(28),
  timeZone: z
    .string()
    .min(1)
    .default('Europe/Berlin')
    .refine(isKnownTimeZone, { message: 'unknown IANA time zone' }),
});
export type AutomaticTransitionConfig = z.infer<typeof AutomaticTransitionConfigSchema>;

/** The seed's durations: one week, one week, four weeks, in Europe/Berlin. */
export const DEFAULT_AUTOMATIC_TRANSITION_CONFIG: AutomaticTransitionConfig = AutomaticTransitionConfigSchema.parse({});

function isKnownTimeZone(timeZone: string): boolean {
  try {
    assertTimeZone(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What the automation needs of a ticket; a full `Ticket` fits. */
export type AutomaticTransitionInput = Pick<Ticket, 'status' | 'statusHistory' | 'lastCustomerActivityAt'>;

export interface AutomaticTransition {
  readonly from: TicketStatus;
  readonly to: TicketStatus;
  /** Epoch ms at which the change is due; on catch-up it is also the change's recorded time. */
  readonly dueAt: Instant;
  readonly rule: AutomaticRule;
  /** Where the waiting clock started: entry into `from`, or the later customer activity. For "why" tooltips. */
  readonly clockStartedAt: Instant;
}

function ruleFor(status: TicketStatus): (typeof AUTOMATIC_RULES)[number] | undefined {
  return AUTOMATIC_RULES.find((r) => r.from === status);
}

/**
 * When the ticket entered its current status: the last history entry whose `to` is the current status.
 * The history is an append-only log, so array order is event order (clock skew between writers must not
 * reorder it).
 */
function enteredCurrentStatusAt(ticket: AutomaticTransitionInput): Instant {
  for (let i = ticket.statusHistory.length - 1; i >= 0; i--) {
    const change = ticket.statusHistory[i]!;
    if (change.to === ticket.status) return Date.parse(change.at);
  }
  // Silently returning "no transition" would park the ticket in a waiting status forever; say so instead.
  throw new DomainError(
    'VALIDATION_FAILED',
    `Ticket is in ${ticket.status} but its status history has no entry into ${ticket.status}; cannot start the waiting clock`,
    { status: ticket.status, historyLength: ticket.statusHistory.length },
  );
}

/**
 * The next change the automation will make to this ticket, or null when its status has no timer
 * (NEW, OPEN, IN_PROGRESS, PEER_REVIEW, DONE, CLOSED). Pure: it says when, the scheduler decides if it is time.
 *
 * The clock starts when the ticket entered its current status, or at the last customer activity if that is
 * later: "ohne weitere Reaktion" — a customer reaction restarts the wait.
 */
export function nextAutomaticTransition(
  ticket: AutomaticTransitionInput,
  config: AutomaticTransitionConfig = DEFAULT_AUTOMATIC_TRANSITION_CONFIG,
): AutomaticTransition | null {
  const rule = ruleFor(ticket.status);
  if (!rule) return null;
  const entered = enteredCurrentStatusAt(ticket);
  const activity = ticket.lastCustomerActivityAt === null ? null : Date.parse(ticket.lastCustomerActivityAt);
  const clockStartedAt = activity !== null && activity > entered ? activity : entered;
  return {
    from: rule.from,
    to: rule.to,
    dueAt: addLocalDays(clockStartedAt, config[rule.daysKey], config.timeZone),
    rule: rule.rule,
    clockStartedAt,
  };
}

/**
 * Every automatic step due at `now`, in order, each with its own due instant. After downtime the scheduler
 * applies them one by one with `dueAt` as the change time, so the history reads as if the service had never
 * stopped (FEEDBACK_REQUEST entered 15 days ago → FEEDBACK_PENDING at day 7, DONE at day 14).
 *
 * Terminates: every rule leads towards DONE (FEEDBACK_REQUEST/IMPLEMENTING → FEEDBACK_PENDING → DONE) and
 * DONE has no rule, so the chain has at most two steps.
 */
export function dueAutomaticTransitions(
  ticket: AutomaticTransitionInput,
  now: Instant,
  config: AutomaticTransitionConfig = DEFAULT_AUTOMATIC_TRANSITION_CONFIG,
): AutomaticTransition[] {
  const due: AutomaticTransition[] = [];
  let current: AutomaticTransitionInput = ticket;
  for (let step = nextAutomaticTransition(current, config); step && step.dueAt <= now; step = nextAutomaticTransition(current, config)) {
    due.push(step);
    current = {
      status: step.to,
      statusHistory: [...current.statusHistory, automaticStatusChange(step)],
      // Unchanged: it lies before the step's clock start, so it cannot restart the next clock.
      lastCustomerActivityAt: current.lastCustomerActivityAt,
    };
  }
  return due;
}

/** The history entry the service records for an automatic step (actor: the system, time: the due instant). */
export function automaticStatusChange(step: AutomaticTransition): StatusChange {
  return { at: new Date(step.dueAt).toISOString(), actor: { kind: 'system' }, from: step.from, to: step.to };
}
