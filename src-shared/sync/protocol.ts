import { z } from 'zod';
import { SeveritySchema, TicketCategorySchema, TicketStatusSchema, isoInstant } from '../domain/ticket';
import { ERROR_CODES } from '../errors';
import {
  CommentRecordSchema,
  EscalationRecordSchema,
  HistoryEntryRecordSchema,
  KbArticleHeaderRecordSchema,
  OrganizationRecordSchema,
  SlaConfigRecordSchema,
  SlaContractRecordSchema,
  TicketRecordSchema,
  UserRecordSchema,
} from './records';

/**
 * The sync protocol between the ticket service and agent caches; the prose version with the reasons is
 * docs/sync-protocol.md. Bump PROTOCOL_VERSION on any incompatible change: clients then re-bootstrap.
 */
export const PROTOCOL_VERSION = 1;

/** Sync ids are positive integers in commit order; 0 means "nothing yet" (bootstrap). */
export const CursorSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const PullQuerySchema = z.strictObject({
  cursor: CursorSchema.default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** The schemaVersion of the client's last page; a different one answers `rebootstrap: schema_changed`. */
  schemaVersion: z.coerce.number().int().positive().optional(),
  /** The client's PROTOCOL_VERSION; a different one answers `rebootstrap: protocol_changed`. */
  protocolVersion: z.coerce.number().int().positive().optional(),
  /**
   * The `horizon` of the response that issued `cursor`. Lets the service tell a bootstrap that began after a
   * retention run (fine) from a client that may hold an entity whose tombstone was pruned (cursor_too_old).
   */
  horizon: z.coerce.number().int().min(0).optional(),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

const upsert = <E extends string, S extends z.ZodType>(entity: E, data: S) =>
  z.strictObject({ syncId: z.number().int().positive(), entity: z.literal(entity), op: z.literal('upsert'), data });

/** A deletion: the entity with this id no longer exists (or is no longer visible to this client). */
export const TombstoneSchema = z.strictObject({
  syncId: z.number().int().positive(),
  entity: z.enum(['ticket', 'comment', 'history_entry', 'escalation', 'organization', 'user', 'sla_contract', 'kb_article', 'sla_config']),
  op: z.literal('delete'),
  id: z.string().min(1),
});

/**
 * Discriminated by `op`, then by `entity`: a record is checked against its own schema only. (A plain union
 * tried the schemas in order, so a history entry was first validated, and failed, as a ticket and a comment:
 * ~40 % of the client's bootstrap parse time at 100k tickets, bench/sync-bench.ts.)
 */
export const ChangeSchema = z.discriminatedUnion('op', [
  z.discriminatedUnion('entity', [
    upsert('ticket', TicketRecordSchema),
    upsert('comment', CommentRecordSchema),
    upsert('history_entry', HistoryEntryRecordSchema),
    upsert('escalation', EscalationRecordSchema),
    upsert('organization', OrganizationRecordSchema),
    upsert('user', UserRecordSchema),
    upsert('sla_contract', SlaContractRecordSchema),
    upsert('kb_article', KbArticleHeaderRecordSchema),
    upsert('sla_config', SlaConfigRecordSchema),
  ]),
  TombstoneSchema,
]);
export type Change = z.infer<typeof ChangeSchema>;
export type SyncEntity = z.infer<typeof TombstoneSchema>['entity'];

export const SYNC_ENTITIES = TombstoneSchema.shape.entity.options;

/**
 * A change of an entity this protocol version does not list: a newer service added an entity (as it did with
 * sla_config). Clients skip it instead of refusing the whole page, so a service can be updated before its
 * apps. An app that later learns the entity must pull it from 0 (its cache migration resets the cursor,
 * docs/sync-protocol.md "Adding an entity"). A KNOWN entity with an invalid record is still an error.
 */
export const UnknownEntityChangeSchema = z
  .object({
    syncId: z.number().int().positive(),
    entity: z
      .string()
      .min(1)
      .refine((e) => !(SYNC_ENTITIES as readonly string[]).includes(e), 'a known entity whose record is invalid'),
    op: z.enum(['upsert', 'delete']),
  })
  .transform((c) => ({ syncId: c.syncId, entity: c.entity, op: 'skip' as const }));
export type SkippedChange = z.output<typeof UnknownEntityChangeSchema>;

/**
 * A change as a client reads it: by its entity, a known one against ChangeSchema, any other against
 * UnknownEntityChangeSchema. (A z.union of the two reported only "Invalid input" for a known entity with a
 * broken record; this way the issue names the field, e.g. changes[3].data.title.)
 */
function clientChangeSchema() {
  const known = new Set<string>(SYNC_ENTITIES);
  return z.unknown().transform((input, ctx): Change | SkippedChange => {
    const entity = typeof input === 'object' && input !== null && 'entity' in input ? input.entity : undefined;
    const schema = typeof entity === 'string' && known.has(entity) ? ChangeSchema : UnknownEntityChangeSchema;
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input });
    return z.NEVER;
  });
}

const changesPage = <C extends z.ZodType>(change: C) =>
  z.strictObject({
    kind: z.literal('changes'),
    protocolVersion: z.literal(PROTOCOL_VERSION),
    /** The service's storage schema version; a change of it makes clients re-bootstrap. */
    schemaVersion: z.number().int().positive(),
    changes: z.array(change),
    /** Pass this as the next cursor. Commit it in the same transaction as the rows. */
    cursor: z.number().int().min(0),
    hasMore: z.boolean(),
    /** Entities still to come after this page (for a bootstrap progress bar: done / (done + remaining)). */
    remaining: z.number().int().min(0),
    /** Retention horizon (always sent by the service): send it back as `horizon` with this page's cursor. */
    horizon: z.number().int().min(0).optional(),
  });

const RebootstrapSchema = z.strictObject({
  kind: z.literal('rebootstrap'),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  /** cursor_unknown: the cursor is ahead of every sync id the service assigned (database replaced). */
  reason: z.enum(['cursor_too_old', 'schema_changed', 'protocol_changed', 'cursor_unknown']),
});

/** What the service sends (and documents in its OpenAPI): only entities of this protocol version. */
export const PullResponseSchema = z.discriminatedUnion('kind', [changesPage(ChangeSchema), RebootstrapSchema]);
/** What a client accepts: the same, plus changes of entities it does not know, marked `op: 'skip'`. */
export const ClientPullResponseSchema = z.discriminatedUnion('kind', [changesPage(clientChangeSchema()), RebootstrapSchema]);
export type ClientPullResponse = z.infer<typeof ClientPullResponseSchema>;
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---- push ---------------------------------------------------------------------------------------------

const ticketId = z.string().min(1);
const body = z.string().trim().min(1).max(50_000);

/**
 * Named mutations. Each carries what the client saw where a silent overwrite would lose someone's work
 * (`expectedStatus`): the service rejects with CONFLICT instead of applying on top of a change the agent
 * never saw. Ids the client generates (comment ids) make optimistic rows reconcilable.
 */
export const MUTATION_ARGS = {
  transition: z.strictObject({ ticketId, to: TicketStatusSchema, expectedStatus: TicketStatusSchema }),
  reply: z.strictObject({ ticketId, commentId: z.string().min(1).max(64), body }),
  internal_note: z.strictObject({ ticketId, commentId: z.string().min(1).max(64), body }),
  assign: z.strictObject({ ticketId, assigneeId: z.string().min(1).nullable() }),
  set_fields: z
    .strictObject({
      ticketId,
      category: TicketCategorySchema.optional(),
      severity: SeveritySchema.optional(),
      impact: z.number().int().min(0).max(1_000_000).optional(),
    })
    .refine((a) => a.category !== undefined || a.severity !== undefined || a.impact !== undefined, 'set at least one field'),
  link_to_outage: z.strictObject({ ticketId, targetTicketId: z.string().min(1).nullable() }),
  mark_misconfiguration: z.strictObject({ ticketId, misconfiguration: z.boolean(), reason: z.string().trim().min(1).max(2000) }),
  escalation_propose_slots: z.strictObject({ escalationId: z.string().min(1), slots: z.array(isoInstant).min(1).max(10) }),
  escalation_confirm: z.strictObject({ escalationId: z.string().min(1), slot: isoInstant, meetingLink: z.url() }),
  escalation_mark_held: z.strictObject({ escalationId: z.string().min(1) }),
  escalation_resolve: z.strictObject({
    escalationId: z.string().min(1),
    outcome: z.string().trim().min(1).max(20_000),
    nextSteps: z.string().trim().min(1).max(20_000),
  }),
} as const;
export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>;

/** Per-client mutation ids are positive integers increasing by one; the service remembers the last applied. */
export const MutationSchema = z.strictObject({
  id: z.number().int().positive(),
  name: z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]),
  /** validated against MUTATION_ARGS[name] by the service, per mutation, so one bad mutation rejects alone */
  args: z.unknown(),
});
export type Mutation = z.infer<typeof MutationSchema>;

export const PushRequestSchema = z.strictObject({
  clientId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  mutations: z.array(MutationSchema).min(1).max(500),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const MutationResultSchema = z.discriminatedUnion('status', [
  z.strictObject({
    id: z.number().int().positive(),
    status: z.literal('applied'),
    /** Highest sync id the mutation wrote; the client confirms it once its cursor ≥ this. Absent: no change. */
    syncId: z.number().int().positive().optional(),
  }),
  z.strictObject({
    id: z.number().int().positive(),
    status: z.literal('rejected'),
    code: z.enum(ERROR_CODES),
    message: z.string(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.strictObject({
  results: z.array(MutationResultSchema),
  /** The highest mutation id of this client the service has processed (applied or rejected). */
  lastMutationId: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** Server-sent event on GET /api/v1/sync/events: `event: poke` with this JSON as data. */
export const PokeEventSchema = z.strictObject({ syncId: z.number().int().min(0) });
export type PokeEvent = z.infer<typeof PokeEventSchema>;
