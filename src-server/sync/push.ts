import { createHash } from 'node:crypto';
import { DomainError, isDomainError } from '../../src-shared/errors';
import {
  MUTATION_ARGS,
  MutationResultSchema,
  type Mutation,
  type MutationName,
  type MutationResult,
  type PushRequest,
  type PushResponse,
} from '../../src-shared/sync/protocol';
import type { Store, Tx } from '../storage/store';

/** Applies one validated mutation inside the push transaction; throws DomainError to reject it. */
export type MutationApplier = (tx: Tx, args: unknown) => Promise<void>;
export type MutationAppliers = Readonly<Record<MutationName, MutationApplier>>;

interface ClientRow {
  user_id: string;
  last_mutation_id: number;
}

function argsHash(m: Mutation): string {
  return createHash('sha256').update(`${m.name}\n${JSON.stringify(m.args ?? null)}`).digest('hex');
}

/**
 * Sorts the batch by id (ids are the client's causal order) and folds exact duplicates; the same id with
 * different content is a broken client, refused before anything is written.
 */
export function normaliseBatch(mutations: readonly Mutation[]): Mutation[] {
  const byId = new Map<number, { m: Mutation; hash: string }>();
  for (const m of mutations) {
    const hash = argsHash(m);
    const seen = byId.get(m.id);
    if (seen && seen.hash !== hash) {
      throw new DomainError('VALIDATION_FAILED', `mutation id ${m.id} appears twice with different content`, { id: m.id });
    }
    if (!seen) byId.set(m.id, { m, hash });
  }
  return [...byId.values()].map((v) => v.m).sort((a, b) => a.id - b.id);
}

async function clientState(tx: Tx, clientId: string, userId: string): Promise<number> {
  const row = await tx.get<ClientRow>('SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = ?', [clientId]);
  if (row && row.user_id !== userId) {
    throw new DomainError('FORBIDDEN', 'this client id belongs to another user; a new cache needs a new client id');
  }
  return row?.last_mutation_id ?? 0;
}

/** Stores the outcome and advances the client's last id; always in the transaction of the effects. */
async function recordResult(tx: Tx, clientId: string, userId: string, m: Mutation, result: MutationResult): Promise<void> {
  await tx.run(
    `INSERT INTO sync_clients (client_id, user_id, last_mutation_id, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (client_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id, updated_at = excluded.updated_at`,
    [clientId, userId, m.id, tx.nowIso],
  );
  await tx.run(
    'INSERT INTO sync_push_results (client_id, mutation_id, name, args_hash, result_json, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [clientId, m.id, m.name, argsHash(m), JSON.stringify(result), tx.nowIso],
  );
}

async function storedResult(tx: Tx, clientId: string, id: number): Promise<MutationResult | null> {
  const row = await tx.get<{ result_json: string }>(
    'SELECT result_json FROM sync_push_results WHERE client_id = ? AND mutation_id = ?',
    [clientId, id],
  );
  return row ? MutationResultSchema.parse(JSON.parse(row.result_json)) : null;
}

type Step = { kind: 'done'; result: MutationResult | null } | { kind: 'gap' } | { kind: 'rejected'; error: DomainError };

/**
 * docs/sync-protocol.md "Push". Each mutation runs in its own transaction holding its effects, the client's new
 * last id and the stored result. A domain error rolls that transaction back (so no half-applied effect and no
 * after-commit event escapes) and a second transaction records the rejection; the next mutation proceeds.
 * Any other error propagates (500): the mutation stays unprocessed and the client retries it.
 */
export async function processPush(
  store: Store,
  user: { id: string },
  request: PushRequest,
  appliers: MutationAppliers,
): Promise<PushResponse> {
  const batch = normaliseBatch(request.mutations);
  const results: MutationResult[] = [];
  for (const m of batch) {
    const step = await store.transaction<Step>(async (tx) => {
      const last = await clientState(tx, request.clientId, user.id);
      if (m.id <= last) return { kind: 'done', result: await storedResult(tx, request.clientId, m.id) };
      if (m.id > last + 1) return { kind: 'gap' };
      const args = MUTATION_ARGS[m.name].safeParse(m.args);
      if (!args.success) {
        const first = args.error.issues[0];
        const message = `invalid ${m.name} args${first ? `: ${first.path.map(String).join('.') || '(root)'}: ${first.message}` : ''}`;
        const result: MutationResult = { id: m.id, status: 'rejected', code: 'VALIDATION_FAILED', message };
        await recordResult(tx, request.clientId, user.id, m, result);
        return { kind: 'done', result };
      }
      try {
        await appliers[m.name](tx, args.data);
      } catch (err) {
        if (isDomainError(err)) return Promise.reject(new RejectMutation(err));
        throw err;
      }
      const result: MutationResult =
        tx.lastSyncId === null ? { id: m.id, status: 'applied' } : { id: m.id, status: 'applied', syncId: tx.lastSyncId };
      await recordResult(tx, request.clientId, user.id, m, result);
      return { kind: 'done', result };
    }).catch((err: unknown): Step => {
      if (err instanceof RejectMutation) return { kind: 'rejected', error: err.cause };
      throw err;
    });
    if (step.kind === 'gap') break;
    if (step.kind === 'done') {
      if (step.result) results.push(step.result);
      continue;
    }
    const rejection: MutationResult = { id: m.id, status: 'rejected', code: step.error.code, message: step.error.message };
    const recorded = await store.transaction(async (tx) => {
      const last = await clientState(tx, request.clientId, user.id);
      // Another push of the same client may have processed this id between the two transactions.
      if (m.id <= last) return storedResult(tx, request.clientId, m.id);
      await recordResult(tx, request.clientId, user.id, m, rejection);
      return rejection;
    });
    if (recorded) results.push(recorded);
  }
  const lastMutationId = await store.read((tx) => clientState(tx, request.clientId, user.id));
  return { results: results.filter((r) => r.id <= lastMutationId), lastMutationId };
}

/** Carries a domain error out of the rolled-back transaction. */
class RejectMutation extends Error {
  constructor(override readonly cause: DomainError) {
    super(cause.message);
  }
}
