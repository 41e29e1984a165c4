import { z } from 'zod';
import {
  ActorSchema,
  isoInstant,
  TicketSchema,
  UserRoleSchema,
} from '../domain/ticket';
import { SlaAtRiskSchema, SlaTierSchema } from '../domain/sla-config';

/**
 * The records the sync protocol carries from the ticket service to agent caches. They are the wire shape,
 * not the service's tables: the service maps its storage to these, the cache stores them. Participants and
 * the status history travel inside the ticket (small, always needed together).
 */
export const TicketRecordSchema = TicketSchema.extend({
  /** src-shared prioritySortKey, computed by the service whenever the ticket changes; never depends on now. */
  priorityKey: z.string(),
});
export type TicketRecord = z.infer<typeof TicketRecordSchema>;

export const CommentRecordSchema = z.strictObject({
  id: z.string().min(1),
  ticketId: z.string().min(1),
  authorId: z.string().min(1),
  /** internal notes are for estos staff only; the sync feed is staff-only, REST never shows them to customers. */
  kind: z.enum(['public', 'internal']),
  body: z.string().max(100_000),
  createdAt: isoInstant,
});
export type CommentRecord = z.infer<typeof CommentRecordSchema>;

export const HISTORY_FIELDS = [
  'status', 'assignee', 'category', 'severity', 'impact', 'misconfiguration', 'participants', 'visibility',
  'link', 'escalation', 'title', 'sla_contract',
] as const;
export const HistoryEntryRecordSchema = z.strictObject({
  id: z.string().min(1),
  ticketId: z.string().min(1),
  at: isoInstant,
  actor: ActorSchema,
  field: z.enum(HISTORY_FIELDS),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type HistoryEntryRecord = z.infer<typeof HistoryEntryRecordSchema>;

export const ESCALATION_STATES = ['requested', 'appointment_proposed', 'confirmed', 'held', 'resolved'] as const;
export const EscalationStateSchema = z.enum(ESCALATION_STATES);
export type EscalationState = z.infer<typeof EscalationStateSchema>;

export const EscalationRecordSchema = z.strictObject({
  id: z.string().min(1),
  ticketId: z.string().min(1),
  state: EscalationStateSchema,
  requestedById: z.string().min(1),
  requestedAt: isoInstant,
  reason: z.string().max(20_000),
  ownerId: z.string().min(1).nullable(),
  proposedSlots: z.array(isoInstant),
  chosenSlot: isoInstant.nullable(),
  meetingLink: z.url().nullable(),
  outcome: z.string().max(20_000).nullable(),
  nextSteps: z.string().max(20_000).nullable(),
  updatedAt: isoInstant,
});
export type EscalationRecord = z.infer<typeof EscalationRecordSchema>;

export const OrganizationRecordSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['customer', 'partner', 'estos']),
  /** Registered end-user company (seed priority rule 3). */
  registeredEndUser: z.boolean(),
});
export type OrganizationRecord = z.infer<typeof OrganizationRecordSchema>;

/** Minimal user: enough to show names and pick assignees; never credentials. */
export const UserRecordSchema = z.strictObject({
  id: z.string().min(1),
  displayName: z.string().min(1),
  email: z.email(),
  role: UserRoleSchema,
  organizationId: z.string().min(1).nullable(),
  language: z.enum(['de', 'en']),
});
export type UserRecord = z.infer<typeof UserRecordSchema>;

export const SlaContractRecordSchema = z.strictObject({
  contractNumber: z.string().min(1),
  organizationId: z.string().min(1),
  tier: z.string().min(1),
  validFrom: isoInstant,
  validUntil: isoInstant.nullable(),
});
export type SlaContractRecord = z.infer<typeof SlaContractRecordSchema>;

export const KbArticleHeaderRecordSchema = z.strictObject({
  id: z.string().min(1),
  language: z.enum(['de', 'en']),
  title: z.string().min(1),
  summary: z.string(),
  updatedAt: isoInstant,
});
export type KbArticleHeaderRecord = z.infer<typeof KbArticleHeaderRecordSchema>;

/**
 * The service's SLA tier targets and at-risk thresholds (one row, id 'current'). Clients compute SLA clocks
 * with these, so an operator's tiers reach every cache instead of each app assuming the built-in examples.
 * Contracts travel separately (sla_contract).
 */
export const SLA_CONFIG_RECORD_ID = 'current';
export const SlaConfigRecordSchema = z.strictObject({
  id: z.literal(SLA_CONFIG_RECORD_ID),
  tiers: z.record(z.string().min(1).max(40), SlaTierSchema),
  atRisk: SlaAtRiskSchema,
});
export type SlaConfigRecord = z.infer<typeof SlaConfigRecordSchema>;
