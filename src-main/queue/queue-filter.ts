import { z } from 'zod';
import { SeveritySchema, TicketCategorySchema, TicketStatusSchema } from '../../src-shared/domain/ticket';

export const SLA_SUMMARY_STATES = ['none', 'ok', 'paused', 'at_risk', 'breached'] as const;
export const SlaSummaryStateSchema = z.enum(SLA_SUMMARY_STATES);
export type SlaSummaryState = z.infer<typeof SlaSummaryStateSchema>;

/** What the queue UI may ask for; validated because it crosses the worker/IPC boundary. */
export const QueueFilterSchema = z.strictObject({
  statuses: z.array(TicketStatusSchema).max(9).optional(),
  assignee: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('me') }),
      z.strictObject({ kind: z.literal('unassigned') }),
      z.strictObject({ kind: z.literal('user'), userId: z.string().min(1) }),
    ])
    .optional(),
  categories: z.array(TicketCategorySchema).max(10).optional(),
  severities: z.array(SeveritySchema).max(3).optional(),
  slaStates: z.array(SlaSummaryStateSchema).max(5).optional(),
  organizationId: z.string().min(1).optional(),
  escalated: z.boolean().optional(),
  text: z.string().max(200).optional(),
});
export type QueueFilter = z.infer<typeof QueueFilterSchema>;

export const QueueWindowSchema = z.strictObject({
  filter: QueueFilterSchema.default({}),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type QueueWindow = z.input<typeof QueueWindowSchema>;

const OPEN = TicketStatusSchema.options.filter((s) => s !== 'DONE' && s !== 'CLOSED');

/** The built-in views; each is just a filter, so counts and windows share one code path. */
export const BUILT_IN_VIEWS = {
  my_queue: { statuses: OPEN, assignee: { kind: 'me' } },
  unassigned: { statuses: OPEN, assignee: { kind: 'unassigned' } },
  sla_at_risk: { statuses: OPEN, slaStates: ['at_risk', 'breached'] },
  waiting_for_customer: { statuses: ['FEEDBACK_REQUEST', 'FEEDBACK_PENDING', 'IMPLEMENTING'] },
  escalations: { statuses: OPEN, escalated: true },
  all_open: { statuses: OPEN },
} as const satisfies Record<string, QueueFilter>;
export type BuiltInView = keyof typeof BUILT_IN_VIEWS;

/**
 * Turns user text into an FTS5 query that cannot be an FTS5 syntax error or an operator injection:
 * every word becomes a quoted prefix term ("word"*), all of them must match.
 */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).map((w) => w.replace(/"/g, '')).filter((w) => w.length > 0).slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
