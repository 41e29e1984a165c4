import { z } from 'zod';
import { UserRoleSchema } from '../../src-shared/domain/ticket';
import { ERROR_CODES } from '../../src-shared/errors';
import { MUTATION_NAMES, type MutationName } from '../../src-shared/sync/protocol';
import { QueueFilterSchema } from '../queue/queue-filter';

/** What the sync worker needs to start: one cache file for one (server, account). */
export const SyncWorkerConfigSchema = z.strictObject({
  dbFile: z.string().min(1),
  baseUrl: z.url(),
  token: z.string().min(1),
  actor: z.strictObject({ userId: z.string().min(1), role: UserRoleSchema }),
  pollIntervalMs: z.number().int().positive().optional(),
  requestTimeoutMs: z.number().int().positive().optional(),
  pullLimit: z.number().int().min(1).max(5000).optional(),
});
export type SyncWorkerConfig = z.infer<typeof SyncWorkerConfigSchema>;

const window = z.strictObject({
  filter: QueueFilterSchema.optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

/** Every call the worker answers, with its parameters; validated on the worker side before dispatch. */
export const SyncCallSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('start') }),
  z.strictObject({ method: z.literal('stop') }),
  z.strictObject({ method: z.literal('syncNow') }),
  z.strictObject({ method: z.literal('status') }),
  z.strictObject({ method: z.literal('counts') }),
  z.strictObject({ method: z.literal('setToken'), token: z.string().min(1) }),
  z.strictObject({ method: z.literal('mutate'), name: z.enum(MUTATION_NAMES as [MutationName, ...MutationName[]]), args: z.unknown() }),
  z.strictObject({ method: z.literal('queueWindow'), window }),
  z.strictObject({ method: z.literal('countsByStatus'), filter: QueueFilterSchema.optional() }),
  z.strictObject({ method: z.literal('countsByView') }),
  z.strictObject({ method: z.literal('rejections') }),
  z.strictObject({ method: z.literal('retryRejection'), id: z.number().int().positive() }),
  z.strictObject({ method: z.literal('discardRejection'), id: z.number().int().positive() }),
  z.strictObject({ method: z.literal('ticket'), id: z.string().min(1) }),
  z.strictObject({ method: z.literal('setVisible'), ids: z.array(z.string().min(1)).max(1000) }),
]);
export type SyncCall = z.infer<typeof SyncCallSchema>;

export const ToSyncWorkerSchema = z.strictObject({ id: z.number().int().positive(), call: z.unknown() });

export const WorkerErrorSchema = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() });

export const FromSyncWorkerSchema = z.union([
  z.strictObject({ t: z.literal('ready') }),
  z.strictObject({ t: z.literal('fatal'), error: WorkerErrorSchema }),
  z.strictObject({ t: z.literal('result'), id: z.number().int().positive(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ t: z.literal('result'), id: z.number().int().positive(), ok: z.literal(false), error: WorkerErrorSchema }),
  z.strictObject({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type FromSyncWorker = z.infer<typeof FromSyncWorkerSchema>;
