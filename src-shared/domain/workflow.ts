import { DomainError, type ErrorCode } from '../errors';
import { AUTOMATIC_RULES } from './automatic-transitions';
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from './status';
import { isStaffRole, type Actor, type Ticket, type UserRole } from './ticket';

/**
 * Who may move a ticket from which status to which, as data: the service enforces it, the app greys out
 * what is not allowed, and docs/workflow.md renders it. Every row is justified in docs/workflow.md with the
 * seed sentence it comes from.
 *
 * Actor kinds:
 * - `staff`: estos roles agent, team_lead, admin (isStaffRole).
 * - `creator`: the customer-side user (customer or partner) who filed the ticket (reporterId === userId).
 * - `customer`: any other customer-side user (participant of the reporter's organisation, partner).
 * - `system`: the service's automation (timers, see automatic-transitions.ts).
 */
export const WORKFLOW_ACTOR_KINDS = ['staff', 'creator', 'customer', 'system'] as const;
export type WorkflowActorKind = (typeof WORKFLOW_ACTOR_KINDS)[number];

type TransitionRow = Readonly<Record<TicketStatus, readonly TicketStatus[]>>;

/**
 * What a public customer reply does to the status (seed 7, OPEN: "Falls die Anfrage weiterhin unsere
 * Aufmerksamkeit benötigt und neue Informationen/Angaben zu der Anfrage vorliegen"). Only statuses where
 * estos waits on the customer, or considers the matter settled, flip to OPEN; where estos is working anyway
 * (NEW, OPEN, IN_PROGRESS, PEER_REVIEW) the reply is just new information. CLOSED never changes.
 */
export const CUSTOMER_REPLY_EFFECT: Readonly<Record<TicketStatus, TicketStatus | null>> = {
  NEW: null,
  FEEDBACK_REQUEST: 'OPEN',
  PEER_REVIEW: null,
  IN_PROGRESS: null,
  FEEDBACK_PENDING: 'OPEN',
  IMPLEMENTING: 'OPEN',
  OPEN: null,
  DONE: 'OPEN',
  CLOSED: null,
};

/** The status a public customer-side reply moves a ticket in `status` to, or null when it stays. */
export function customerReplyEffect(status: TicketStatus): TicketStatus | null {
  return CUSTOMER_REPLY_EFFECT[status];
}

// Staff work targets from any status where the ticket is still in play. NEW and FEEDBACK_PENDING/IMPLEMENTING
// are never targets: NEW is only the initial status, the other two belong to the automation and the creator.
// OPEN is not a staff target either: it means "the customer brought new information" and is set by the reply.
const STAFF: TransitionRow = {
  NEW: ['IN_PROGRESS', 'PEER_REVIEW', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'],
  FEEDBACK_REQUEST: ['IN_PROGRESS', 'PEER_REVIEW', 'DONE', 'CLOSED'],
  PEER_REVIEW: ['IN_PROGRESS', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'],
  IN_PROGRESS: ['PEER_REVIEW', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'],
  FEEDBACK_PENDING: ['IN_PROGRESS', 'PEER_REVIEW', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'],
  IMPLEMENTING: ['IN_PROGRESS', 'PEER_REVIEW', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'],
  OPEN: ['IN_PROGRESS', 'PEER_REVIEW', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'],
  DONE: ['IN_PROGRESS', 'CLOSED'],
  CLOSED: [],
};

function rowFrom(effect: (status: TicketStatus) => TicketStatus | null): TransitionRow {
  return Object.fromEntries(
    TICKET_STATUSES.map((s) => {
      const to = effect(s);
      return [s, to === null ? [] : [to]];
    }),
  ) as Record<TicketStatus, TicketStatus[]>;
}

const CUSTOMER: TransitionRow = rowFrom(customerReplyEffect);

/** Seed 6, IMPLEMENTING: "signalisiert die Bearbeitung/Umsetzung (FEEDBACK REQUEST) durch den Ersteller, und
 * kann manuell vom Ersteller gesetzt werden" — from the statuses in which a proposal awaits the customer. */
export const CREATOR_ONLY: Readonly<Partial<Record<TicketStatus, readonly TicketStatus[]>>> = {
  FEEDBACK_REQUEST: ['IMPLEMENTING'],
  FEEDBACK_PENDING: ['IMPLEMENTING'],
};

const CREATOR: TransitionRow = Object.fromEntries(
  TICKET_STATUSES.map((s) => [s, [...CUSTOMER[s], ...(CREATOR_ONLY[s] ?? [])]]),
) as Record<TicketStatus, TicketStatus[]>;

const SYSTEM: TransitionRow = rowFrom((s) => AUTOMATIC_RULES.find((r) => r.from === s)?.to ?? null);

/** TRANSITIONS[actorKind][from] = the statuses that actor kind may move a ticket in `from` to. */
export const TRANSITIONS: Readonly<Record<WorkflowActorKind, TransitionRow>> = {
  staff: STAFF,
  creator: CREATOR,
  customer: CUSTOMER,
  system: SYSTEM,
};

/** The ticket fields the workflow looks at; a full `Ticket` fits. */
export type WorkflowTicket = Pick<Ticket, 'status' | 'reporterId'>;

/** Which column of the table applies to `actor` on this ticket. A staff member who filed a ticket is still staff. */
export function workflowActorKind(ticket: WorkflowTicket, actor: Actor): WorkflowActorKind {
  if (actor.kind === 'system') return 'system';
  if (isStaffRole(actor.role)) return 'staff';
  return actor.userId === ticket.reporterId ? 'creator' : 'customer';
}

/** The statuses `actor` may move this ticket to, for buttons and menus. Empty for a CLOSED ticket. */
export function allowedTransitions(ticket: WorkflowTicket, actor: Actor): readonly TicketStatus[] {
  return TRANSITIONS[workflowActorKind(ticket, actor)][ticket.status];
}

export type WorkflowErrorCode = Extract<ErrorCode, 'WORKFLOW_INVALID_TRANSITION' | 'WORKFLOW_FINAL_STATUS' | 'WORKFLOW_NOT_CREATOR'>;

// A type alias, not an interface: only aliases are assignable to DomainError's Record<string, unknown> details.
export type WorkflowErrorDetails = {
  readonly from: TicketStatus;
  readonly to: TicketStatus;
  readonly actorKind: WorkflowActorKind;
  readonly role: UserRole | null;
  readonly userId: string | null;
  readonly allowed: readonly TicketStatus[];
};

/** A rejected transition; a DomainError so the service can throw it and clients can branch on `code`. */
export class WorkflowError extends DomainError {
  declare readonly code: WorkflowErrorCode;
  declare readonly details: WorkflowErrorDetails;
  constructor(code: WorkflowErrorCode, message: string, details: WorkflowErrorDetails) {
    super(code, message, details);
    this.name = 'WorkflowError';
  }
}

export type TransitionCheck =
  | { readonly ok: true; readonly from: TicketStatus; readonly to: TicketStatus; readonly actorKind: WorkflowActorKind }
  | { readonly ok: false; readonly error: WorkflowError };

function describeActor(actor: Actor, kind: WorkflowActorKind): string {
  return actor.kind === 'system' ? 'the system' : `${actor.role} ${actor.userId} (${kind})`;
}

/**
 * Whether `actor` may move the ticket to `to`. Order of checks: a CLOSED ticket is final for everybody
 * (even CLOSED → CLOSED), then the table; a customer-side user asking for a creator-only move gets
 * WORKFLOW_NOT_CREATOR rather than a generic refusal so the UI can say why.
 */
export function checkTransition(ticket: WorkflowTicket, to: TicketStatus, actor: Actor): TransitionCheck {
  const from = ticket.status;
  const actorKind = workflowActorKind(ticket, actor);
  const allowed = TRANSITIONS[actorKind][from];
  if (allowed.includes(to)) return { ok: true, from, to, actorKind };

  const details: WorkflowErrorDetails = {
    from,
    to,
    actorKind,
    role: actor.kind === 'user' ? actor.role : null,
    userId: actor.kind === 'user' ? actor.userId : null,
    allowed,
  };
  const who = describeActor(actor, actorKind);
  if (STATUS_INFO[from].final) {
    return fail('WORKFLOW_FINAL_STATUS', `${from} is final: ${who} cannot move the ticket to ${to}`, details);
  }
  if (actorKind === 'customer' && TRANSITIONS.creator[from].includes(to)) {
    return fail('WORKFLOW_NOT_CREATOR', `Only the ticket's creator may move it from ${from} to ${to}; ${who} is not the creator`, details);
  }
  const why = from === to ? 'the ticket is already in that status' : `allowed: ${allowed.length ? allowed.join(', ') : 'none'}`;
  return fail('WORKFLOW_INVALID_TRANSITION', `${who} may not move the ticket from ${from} to ${to} (${why})`, details);
}

function fail(code: WorkflowErrorCode, message: string, details: WorkflowErrorDetails): TransitionCheck {
  return { ok: false, error: new WorkflowError(code, message, details) };
}

/** checkTransition for code paths that want an exception (the service's mutation handlers). */
export function assertTransition(ticket: WorkflowTicket, to: TicketStatus, actor: Actor): void {
  const result = checkTransition(ticket, to, actor);
  if (!result.ok) throw result.error;
}
