import { z } from 'zod';
import { ContractErrorSchema } from '../../src-shared/ipc/contract';

/**
 * Messages between the main thread (Electron main or the web-mode process) and the core's worker thread.
 * Both sides validate what they receive: the worker is our code, but a malformed message must fail loudly
 * at the boundary instead of deep inside a handler.
 */
const StoredSessionSchema = z.strictObject({ serverUrl: z.url(), token: z.string().min(1) });

export const ToWorkerSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('call'), id: z.number().int().positive(), name: z.string(), request: z.unknown() }),
  z.strictObject({ t: z.literal('vault-result'), id: z.number().int().positive(), value: z.unknown() }),
  z.strictObject({ t: z.literal('restore') }),
  z.strictObject({ t: z.literal('close') }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

const ResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: ContractErrorSchema }),
]);

export const HostSignalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('badge'), atRisk: z.number().int().min(0) }),
  z.strictObject({
    kind: z.literal('notify'),
    reason: z.enum(['sla_at_risk', 'sla_breached', 'assigned_to_me']),
    ticketId: z.string(),
    ticketKey: z.string(),
    title: z.string(),
  }),
  z.strictObject({ kind: z.literal('session_not_stored') }),
]);
export type HostSignalMessage = z.infer<typeof HostSignalSchema>;

export const FromWorkerSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('ready') }),
  z.strictObject({ t: z.literal('result'), id: z.number().int().positive(), result: ResultSchema }),
  z.strictObject({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.strictObject({ t: z.literal('signal'), signal: HostSignalSchema }),
  z.strictObject({ t: z.literal('restored'), signedIn: z.boolean() }),
  z.strictObject({ t: z.literal('closed') }),
  z.discriminatedUnion('op', [
    z.strictObject({ t: z.literal('vault'), id: z.number().int().positive(), op: z.literal('load') }),
    z.strictObject({ t: z.literal('vault'), id: z.number().int().positive(), op: z.literal('save'), session: StoredSessionSchema }),
    z.strictObject({ t: z.literal('vault'), id: z.number().int().positive(), op: z.literal('clear') }),
  ]),
]);
export type FromWorker = z.infer<typeof FromWorkerSchema>;

export const WorkerDataSchema = z.strictObject({
  dataDir: z.string().min(1),
  appRoot: z.string().min(1),
  /** seconds between SLA re-evaluations; tests shorten it */
  slaTickMs: z.number().int().positive().optional(),
});
export type WorkerData = z.infer<typeof WorkerDataSchema>;
export { StoredSessionSchema };
