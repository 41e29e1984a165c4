import { z } from 'zod';
import { ContractErrorSchema } from './contract';

/**
 * Frames of the web-mode WebSocket transport. The same contract as Electron IPC, carried as JSON:
 * the renderer sends calls, the host answers each with a result and pushes events.
 */
export const ClientFrameSchema = z.strictObject({
  t: z.literal('call'),
  id: z.number().int().positive(),
  name: z.string().min(1).max(64),
  request: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const ResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: ContractErrorSchema }),
]);

export const ServerFrameSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('result'), id: z.number().int().positive(), result: ResultSchema }),
  z.strictObject({ t: z.literal('event'), name: z.string().min(1).max(64), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** Largest frame either side accepts (a queue window of 500 rows is well below this). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
