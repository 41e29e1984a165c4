import type { Result, SupportDeskApi } from '../../src-shared/ipc/contract';
import type { MutationArgs, MutationName } from '../../src-shared/sync/protocol';

/**
 * The one way the detail pane and the boards change anything: a named mutation into the core's outbox
 * (applied optimistically there, pushed when online). Typed per mutation so a wrong argument is a compile
 * error here, not a VALIDATION_FAILED at run time.
 */
export async function mutate<N extends MutationName>(
  api: SupportDeskApi,
  name: N,
  args: MutationArgs<N>,
): Promise<Result<{ mutationId: number }>> {
  try {
    return await api.calls['ticket.mutate']({ name, args });
  } catch (err: unknown) {
    return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Client-generated comment ids let the core reconcile the optimistic comment with the pushed one. */
export function newCommentId(): string {
  return `c-${crypto.randomUUID()}`;
}
