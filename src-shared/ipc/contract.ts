import { z } from 'zod';
import {
  SeveritySchema,
  TicketCategorySchema,
  TicketStatusSchema,
  UserRoleSchema,
  isoInstant,
} from '../domain/ticket';
import { ERROR_CODES } from '../errors';
import { MUTATION_NAMES, type MutationName } from '../sync/protocol';
import {
  CommentRecordSchema,
  EscalationRecordSchema,
  EscalationStateSchema,
  HistoryEntryRecordSchema,
  KbArticleHeaderRecordSchema,
  TicketRecordSchema,
  UserRecordSchema,
} from '../sync/records';

/**
 * The one contract between the renderer and the core (cache + sync engine). Electron wires it over IPC
 * (src-main/shell/ipc-wiring.ts + src-preload/index.ts), web mode over a WebSocket; both validate every
 * request and event with these schemas. The renderer sees only this, never a generic invoke/send.
 *
 * Calls answer with a Result envelope: structured-clone over IPC drops custom error fields, so errors travel
 * as data with their stable code.
 */

export const LanguageSchema = z.enum(['de', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const BUILT_IN_VIEWS = ['my_queue', 'unassigned', 'sla_at_risk', 'waiting_for_customer', 'escalations', 'all_open'] as const;
export const BuiltInViewSchema = z.enum(BUILT_IN_VIEWS);
export type BuiltInView = z.infer<typeof BuiltInViewSchema>;

export const SlaFilterSchema = z.enum(['running', 'at_risk', 'breached', 'paused', 'met', 'not_applicable']);

export const QueueFilterSchema = z.strictObject({
  statuses: z.array(TicketStatusSchema).max(9).optional(),
  assignee: z.union([z.literal('me'), z.literal('unassigned'), z.string().min(1)]).optional(),
  categories: z.array(TicketCategorySchema).max(6).optional(),
  severities: z.array(SeveritySchema).max(3).optional(),
  sla: z.array(SlaFilterSchema).max(6).optional(),
  organizationId: z.string().min(1).optional(),
  hasEscalation: z.boolean().optional(),
  text: z.string().max(200).optional(),
});
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

export const QueueQuerySchema = z.strictObject({
  view: BuiltInViewSchema.nullable(),
  filter: QueueFilterSchema,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(500),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

export const SlaClockViewSchema = z.strictObject({
  kind: z.enum(['first_response', 'update', 'resolution']),
  state: z.enum(['running', 'paused', 'met', 'breached', 'not_applicable']),
  atRisk: z.boolean(),
  dueAt: isoInstant.nullable(),
  /** business time left when computed (negative when breached); the UI re-derives it each tick from dueAt */
  remainingMs: z.number().nullable(),
  reasonCode: z.string(),
});
export type SlaClockView = z.infer<typeof SlaClockViewSchema>;

export const AutoTransitionViewSchema = z.strictObject({ to: TicketStatusSchema, dueAt: isoInstant, rule: z.string() });

export const QueueRowSchema = z.strictObject({
  id: z.string(),
  key: z.string(),
  rank: z.number().int().min(1),
  title: z.string(),
  organizationName: z.string(),
  endUserCompany: z.string().nullable(),
  endUserRegistered: z.boolean(),
  status: TicketStatusSchema,
  category: TicketCategorySchema,
  severity: SeveritySchema,
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  updatedAt: isoInstant,
  sla: z.array(SlaClockViewSchema),
  nextAutoTransition: AutoTransitionViewSchema.nullable(),
  escalationState: EscalationStateSchema.nullable(),
  /** true while local edits to this ticket wait in the outbox */
  pendingLocalChanges: z.boolean(),
});
export type QueueRow = z.infer<typeof QueueRowSchema>;

export const QueueWindowSchema = z.strictObject({ rows: z.array(QueueRowSchema), total: z.number().int().min(0) });

export const ViewCountsSchema = z.strictObject({
  views: z.record(BuiltInViewSchema, z.number().int().min(0)),
  statuses: z.record(TicketStatusSchema, z.number().int().min(0)),
  filtered: z.number().int().min(0),
});

export const PriorityReasonSchema = z.strictObject({ code: z.string(), text: z.string() });

export const TicketDetailSchema = z.strictObject({
  ticket: TicketRecordSchema,
  organizationName: z.string(),
  reporter: UserRecordSchema.nullable(),
  assignee: UserRecordSchema.nullable(),
  comments: z.array(CommentRecordSchema),
  history: z.array(HistoryEntryRecordSchema),
  escalation: EscalationRecordSchema.nullable(),
  sla: z.array(SlaClockViewSchema),
  slaTier: z.string().nullable(),
  nextAutoTransition: AutoTransitionViewSchema.nullable(),
  reasons: z.array(PriorityReasonSchema),
  linkedTickets: z.array(z.strictObject({ id: z.string(), key: z.string(), title: z.string(), status: TicketStatusSchema })),
  allowedTransitions: z.array(TicketStatusSchema),
  pendingMutations: z.number().int().min(0),
});
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export const SyncStateSchema = z.strictObject({
  connection: z.enum(['online', 'offline', 'connecting', 'signed_out']),
  pendingChanges: z.number().int().min(0),
  lastSyncedAt: isoInstant.nullable(),
  bootstrap: z.strictObject({ done: z.number().int().min(0), total: z.number().int().min(0), active: z.boolean() }),
  lastError: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export const RejectionSchema = z.strictObject({
  id: z.number().int().positive(),
  mutationName: z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]),
  args: z.unknown(),
  ticketKey: z.string().nullable(),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  at: isoInstant,
});

export const SessionSchema = z.strictObject({
  serverUrl: z.url(),
  user: z.strictObject({ id: z.string(), displayName: z.string(), email: z.email(), role: UserRoleSchema, language: LanguageSchema }),
});
export type Session = z.infer<typeof SessionSchema>;

export const SavedViewSchema = z.strictObject({ id: z.string().min(1).max(64), name: z.string().min(1).max(80), filter: QueueFilterSchema });

export const SettingsSchema = z.strictObject({
  language: LanguageSchema,
  theme: z.enum(['system', 'light', 'dark']),
  notifications: z.strictObject({ slaAtRisk: z.boolean(), slaBreached: z.boolean(), assignedToMe: z.boolean() }),
  savedViews: z.array(SavedViewSchema).max(100),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const MutateRequestSchema = z.strictObject({
  name: z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]),
  /** validated against MUTATION_ARGS[name] on the core side */
  args: z.unknown(),
});

const call = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });
const empty = z.strictObject({});

/** Every call the renderer may make. */
export const CALLS = {
  'auth.getSession': call(empty, SessionSchema.nullable()),
  'auth.signIn': call(z.strictObject({ serverUrl: z.url(), email: z.email(), password: z.string().min(1).max(200) }), SessionSchema),
  'auth.signOut': call(empty, z.null()),
  'queue.window': call(QueueQuerySchema, QueueWindowSchema),
  'queue.counts': call(z.strictObject({ filter: QueueFilterSchema }), ViewCountsSchema),
  'ticket.detail': call(z.strictObject({ ticketId: z.string().min(1) }), TicketDetailSchema),
  'ticket.findByKey': call(z.strictObject({ key: z.string().min(1).max(20) }), z.strictObject({ ticketId: z.string() }).nullable()),
  'ticket.mutate': call(MutateRequestSchema, z.strictObject({ mutationId: z.number().int().positive() })),
  'users.assignable': call(empty, z.array(UserRecordSchema)),
  'kb.search': call(z.strictObject({ query: z.string().min(1).max(200), language: LanguageSchema.optional() }), z.array(KbArticleHeaderRecordSchema)),
  'escalations.board': call(empty, z.array(z.strictObject({ escalation: EscalationRecordSchema, ticketKey: z.string(), ticketTitle: z.string(), organizationName: z.string() }))),
  'team.workload': call(empty, z.array(z.strictObject({ userId: z.string(), displayName: z.string(), open: z.number().int(), atRisk: z.number().int(), breached: z.number().int() }))),
  'sync.state': call(empty, SyncStateSchema),
  'sync.now': call(empty, z.null()),
  'rejections.list': call(empty, z.array(RejectionSchema)),
  'rejections.retry': call(z.strictObject({ id: z.number().int().positive() }), z.null()),
  'rejections.discard': call(z.strictObject({ id: z.number().int().positive() }), z.null()),
  'settings.get': call(empty, SettingsSchema),
  'settings.set': call(SettingsSchema.partial().strict(), SettingsSchema),
  'shell.openExternal': call(z.strictObject({ url: z.url({ protocol: /^https$/ }) }), z.null()),
} as const;

/** Every event the core may push to the renderer. */
export const EVENTS = {
  'sync.state': SyncStateSchema,
  'tickets.changed': z.strictObject({ ids: z.array(z.string()), reason: z.enum(['pull', 'local', 'rejection', 'rebootstrap']) }),
  'rejection.added': RejectionSchema,
  'sla.alert': z.strictObject({ ticketId: z.string(), ticketKey: z.string(), kind: z.enum(['at_risk', 'breached']) }),
  'ticket.open': z.strictObject({ key: z.string() }),
  'settings.changed': SettingsSchema,
} as const;

export type CallName = keyof typeof CALLS;
export type EventName = keyof typeof EVENTS;
export type CallRequest<N extends CallName> = z.input<(typeof CALLS)[N]['request']>;
export type CallResponse<N extends CallName> = z.infer<(typeof CALLS)[N]['response']>;
export type EventPayload<N extends EventName> = z.infer<(typeof EVENTS)[N]>;
export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export const ContractErrorSchema = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() });
export type ContractError = z.infer<typeof ContractErrorSchema>;
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/**
 * The API object the preload (Electron) or the WebSocket client (web mode) gives the renderer: one named
 * function per call and one subscribe function per event, nothing generic.
 */
export type SupportDeskApi = {
  readonly calls: { readonly [N in CallName]: (request: CallRequest<N>) => Promise<Result<CallResponse<N>>> };
  readonly events: { readonly [N in EventName]: (listener: (payload: EventPayload<N>) => void) => () => void };
};

/** Validates a request for `name`; used by both wirings before anything reaches the core. */
export function parseCallRequest<N extends CallName>(name: N, request: unknown): Result<z.infer<(typeof CALLS)[N]['request']>> {
  const parsed = CALLS[name].request.safeParse(request);
  if (parsed.success) return { ok: true, value: parsed.data as z.infer<(typeof CALLS)[N]['request']> };
  return { ok: false, error: { code: 'VALIDATION_FAILED', message: `${name}: ${z.prettifyError(parsed.error)}` } };
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(CALLS, name);
}
