import { z } from 'zod';
import { TICKET_STATUSES } from './status';

/**
 * The ticket model shared by the ticket service, the sync protocol and the agent app.
 * Instants are ISO-8601 UTC strings on the wire and in storage ("2026-11-30T12:00:00.000Z");
 * domain functions take epoch milliseconds (see `Instant`).
 */
export type Instant = number;

export const isoInstant = z.iso.datetime({ offset: false });

export const TicketStatusSchema = z.enum(TICKET_STATUSES);

export const TICKET_CATEGORIES = [
  'cloud_outage',
  'product_defect',
  'misconfiguration',
  'question',
  'feature_request',
  'configuration_setup',
] as const;
export const TicketCategorySchema = z.enum(TICKET_CATEGORIES);
export type TicketCategory = z.infer<typeof TicketCategorySchema>;

/** 1 total outage, 2 critical error, 3 non-critical or sporadic error. */
export const SEVERITIES = [1, 2, 3] as const;
export const SeveritySchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Severity = z.infer<typeof SeveritySchema>;

export const USER_ROLES = ['customer', 'partner', 'agent', 'team_lead', 'admin'] as const;
export const UserRoleSchema = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRoleSchema>;

/** estos staff see every ticket and all internal notes. */
export function isStaffRole(role: UserRole): boolean {
  return role === 'agent' || role === 'team_lead' || role === 'admin';
}

/** Who performed a change: a user acting in a role, or the service's automation. */
export const ActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.string().min(1), role: UserRoleSchema }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof ActorSchema>;

export const VisibilitySchema = z.enum(['private', 'organization']);
export type Visibility = z.infer<typeof VisibilitySchema>;

const answer = z.string().max(20_000);
/** The seed's checklist ("Vorlagen … als Checkliste"): what a complete report answers. */
export const ChecklistSchema = z.strictObject({
  whatHappened: answer,
  whenAndHowLong: answer,
  affectedObjects: answer,
  reproducibility: answer,
  stepsTried: answer,
});
export type Checklist = z.infer<typeof ChecklistSchema>;

/**
 * "Betroffenes Endanwenderunternehmen / Affected End User's Company". Empty means the reporter's own
 * company is the affected end user. `registered` is whether estos holds a registration for it.
 */
export const EndUserCompanySchema = z.strictObject({
  name: z.string().min(1).max(200),
  registered: z.boolean(),
  companyId: z.string().min(1).nullable(),
});
export type EndUserCompany = z.infer<typeof EndUserCompanySchema>;

export const StatusChangeSchema = z.strictObject({
  at: isoInstant,
  actor: ActorSchema,
  from: TicketStatusSchema.nullable(),
  to: TicketStatusSchema,
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const TicketKeySchema = z.string().regex(/^PS-\d{1,9}$/, 'ticket keys look like PS-10234');

export const TicketSchema = z.strictObject({
  id: z.string().min(1),
  key: TicketKeySchema,
  title: z.string().min(1).max(300),
  description: z.string().max(100_000),
  checklist: ChecklistSchema,
  product: z.string().min(1).max(120),
  productVersion: z.string().max(60),
  category: TicketCategorySchema,
  severity: SeveritySchema,
  reporterId: z.string().min(1),
  organizationId: z.string().min(1),
  /** Reporter's role when filing: a partner (authorised reseller) may file for an end-user company. */
  reporterRole: UserRoleSchema,
  endUserCompany: EndUserCompanySchema.nullable(),
  /** Whether the reporter's own organisation is a registered end-user company. */
  reporterOrganizationRegistered: z.boolean(),
  visibility: VisibilitySchema,
  /** E-mail addresses of the reporter's organisation who are notified of changes. */
  participants: z.array(z.email()),
  slaContractNumber: z.string().min(1).max(60).nullable(),
  /** Number of customers/reports linked to this ticket (outage or known problem). */
  impact: z.number().int().min(0),
  /** The outage/known-problem ticket this one is linked to, if any. */
  linkedToTicketId: z.string().min(1).nullable(),
  assigneeId: z.string().min(1).nullable(),
  escalationId: z.string().min(1).nullable(),
  /** Marked as misconfiguration by estos: exempt from SLA (seed: "Dies gilt nicht bei einer Fehlkonfiguration"). */
  misconfiguration: z.boolean(),
  status: TicketStatusSchema,
  createdAt: isoInstant,
  updatedAt: isoInstant,
  /** Last public comment by the customer side (reporter, participant, partner). Resets waiting clocks. */
  lastCustomerActivityAt: isoInstant.nullable(),
  statusHistory: z.array(StatusChangeSchema),
});
export type Ticket = z.infer<typeof TicketSchema>;
