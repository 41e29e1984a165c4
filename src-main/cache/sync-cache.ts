import type Database from 'better-sqlite3';
import { z } from 'zod';
import { DomainError, ERROR_CODES, type ErrorCode } from '../../src-shared/errors';
import {
  MUTATION_ARGS,
  type Change,
  type Mutation,
  type MutationArgs,
  type MutationName,
  type PullResponse,
  type PushResponse,
  type SyncEntity,
} from '../../src-shared/sync/protocol';
import { DeferredIndexes, deferQueueIndexes, restoreDeferredIndexes } from './deferred-indexes';
import { applyLocalMutation, type LocalActor, type OverlayWriter } from './local-mutations';
import { openCacheDb } from './open-cache-db';
import { RecordStore, SYNCED_TABLES, type EntityRecords } from './record-store';

export type ChangesPage = Extract<PullResponse, { kind: 'changes' }>;

export interface SyncStateRow {
  readonly clientId: string;
  readonly cursor: number;
  readonly serverSchemaVersion: number | null;
  readonly lastSyncedAt: string | null;
  readonly bootstrapComplete: boolean;
  readonly bootstrapDone: number;
  readonly bootstrapTotal: number;
  readonly nextMutationId: number;
  readonly horizon: number | null;
}

export interface Rejection {
  readonly id: number;
  readonly mutationId: number;
  readonly name: MutationName;
  readonly args: unknown;
  readonly code: ErrorCode;
  readonly message: string;
  readonly at: string;
}

export interface OutboxEntry extends Mutation {
  readonly state: 'pending' | 'sent';
  readonly createdAt: string;
}

export interface ApplyResult {
  readonly changedTicketIds: string[];
  readonly confirmed: number;
}

export interface PushOutcome {
  readonly applied: number[];
  readonly rejected: Rejection[];
  readonly changedTicketIds: string[];
}

export interface CacheCounts {
  readonly tickets: number;
  readonly comments: number;
  readonly outboxPending: number;
  readonly outboxSent: number;
  readonly rejections: number;
  readonly cursor: number;
}

/** Newest queue_changes entries kept (cache migration 12); the memory index reloads after 3000 anyway. */
const QUEUE_CHANGES_KEPT = 20_000;

const StateRowSchema = z.object({
  client_id: z.string(),
  cursor: z.number(),
  server_schema_version: z.number().nullable(),
  last_synced_at: z.string().nullable(),
  bootstrap_complete: z.number(),
  bootstrap_done: z.number(),
  bootstrap_total: z.number(),
  next_mutation_id: z.number(),
  horizon: z.number().nullable(),
});

const OutboxRowSchema = z.object({
  id: z.number(),
  name: z.enum(Object.keys(MUTATION_ARGS) as [MutationName, ...MutationName[]]),
  args: z.string(),
  created_at: z.string(),
  state: z.enum(['pending', 'sent']),
});

const RejectionRowSchema = z.object({
  id: z.number(),
  mutation_id: z.number(),
  name: z.enum(Object.keys(MUTATION_ARGS) as [MutationName, ...MutationName[]]),
  args: z.string(),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  at: z.string(),
});

/**
 * The agent's local cache: server truth, the optimistic overlay of pending mutations, the outbox and the
 * rejections, all in one SQLite file (see docs/sync-client.md).
 *
 * Overlay model: the visible tables always show "server truth + pending mutations replayed in order".
 * Before a local mutation first touches a row, the row's server version is copied into `shadow`; pulls
 * write into the shadow for such rows. A rebase restores every shadowed row and replays the outbox,
 * all inside the transaction that changed the truth, so readers never see a half-rebased state.
 */
export class SyncCache {
  private readonly store: RecordStore;
  private readonly deferred: DeferredIndexes;
  private readonly stmts;

  constructor(
    readonly db: Database.Database,
    private readonly actor: LocalActor,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new RecordStore(db);
    this.deferred = new DeferredIndexes(db);
    this.stmts = {
      state: db.prepare('SELECT * FROM sync_state WHERE id = 1'),
      shadowHas: db.prepare('SELECT 1 FROM shadow WHERE entity = ? AND id = ?').pluck(),
      shadowPut: db.prepare('INSERT INTO shadow (entity, id, data) VALUES (?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET data = excluded.data'),
      shadowInsertIfAbsent: db.prepare('INSERT OR IGNORE INTO shadow (entity, id, data) VALUES (?, ?, ?)'),
      shadowAll: db.prepare('SELECT entity, id, data FROM shadow'),
      shadowCount: db.prepare('SELECT count(*) FROM shadow').pluck(),
      anyTicket: db.prepare('SELECT 1 FROM tickets LIMIT 1').pluck(),
      // the queue's in-memory index reads the log after the entry it last saw; one further behind reloads anyway
      pruneQueueChanges: db.prepare('DELETE FROM queue_changes WHERE seq <= (SELECT max(seq) FROM queue_changes) - ?'),
      shadowClear: db.prepare('DELETE FROM shadow'),
      shadowDropChildren: db.prepare(
        "UPDATE shadow SET data = NULL WHERE entity IN ('comment', 'history_entry', 'escalation') AND json_extract(data, '$.ticketId') = ?",
      ),
      outboxAll: db.prepare('SELECT id, name, args, created_at, state FROM outbox ORDER BY id'),
      outboxPending: db.prepare("SELECT id, name, args, created_at, state FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?"),
      outboxInsert: db.prepare("INSERT INTO outbox (id, name, args, created_at, state) VALUES (?, ?, ?, ?, 'pending')"),
      outboxMarkSent: db.prepare("UPDATE outbox SET state = 'sent', applied_sync_id = ? WHERE id = ? AND state = 'pending'"),
      outboxMarkSentThrough: db.prepare("UPDATE outbox SET state = 'sent' WHERE id <= ? AND state = 'pending'"),
      outboxGet: db.prepare('SELECT id, name, args, created_at, state FROM outbox WHERE id = ?'),
      outboxDelete: db.prepare('DELETE FROM outbox WHERE id = ?'),
      // Settled: the service applied it at a sync id the cursor has reached; or (no sync id known, e.g. its
      // stored result was pruned) the last page of a pull that started after the acknowledgement.
      outboxConfirm: db.prepare(
        `DELETE FROM outbox WHERE state = 'sent' AND (
           (applied_sync_id IS NOT NULL AND applied_sync_id <= @cursor) OR
           (applied_sync_id IS NULL AND @lastPage = 1 AND id <= @confirmThrough))`,
      ),
      outboxMaxSent: db.prepare("SELECT coalesce(max(id), 0) FROM outbox WHERE state = 'sent' AND applied_sync_id IS NULL").pluck(),
      outboxAttempt: db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?'),
      nextId: db.prepare('UPDATE sync_state SET next_mutation_id = next_mutation_id + 1 WHERE id = 1 RETURNING next_mutation_id - 1').pluck(),
      rejectionInsert: db.prepare('INSERT INTO rejections (mutation_id, name, args, code, message, at) VALUES (?, ?, ?, ?, ?, ?)'),
      rejectionAll: db.prepare('SELECT * FROM rejections ORDER BY id'),
      rejectionGet: db.prepare('SELECT * FROM rejections WHERE id = ?'),
      rejectionDelete: db.prepare('DELETE FROM rejections WHERE id = ?'),
      cascadeComments: db.prepare('DELETE FROM comments WHERE ticket_id = ?'),
      cascadeHistory: db.prepare('DELETE FROM history_entries WHERE ticket_id = ?'),
      cascadeEscalations: db.prepare('DELETE FROM escalations WHERE ticket_id = ?'),
      setPageState: db.prepare(
        `UPDATE sync_state SET cursor = ?, server_schema_version = ?, last_synced_at = coalesce(?, last_synced_at),
           bootstrap_complete = ?, bootstrap_done = ?, bootstrap_total = ?, horizon = coalesce(?, horizon) WHERE id = 1`,
      ),
      resetState: db.prepare(
        'UPDATE sync_state SET cursor = 0, server_schema_version = NULL, horizon = NULL, bootstrap_complete = 0, bootstrap_done = 0, bootstrap_total = 0 WHERE id = 1',
      ),
      count: (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck(),
    };
  }

  static open(file: string, actor: LocalActor, now: () => number = Date.now): SyncCache {
    return new SyncCache(openCacheDb(file), actor, now);
  }

  close(): void {
    this.db.close();
  }

  state(): SyncStateRow {
    const r = StateRowSchema.parse(this.stmts.state.get());
    return {
      clientId: r.client_id,
      cursor: r.cursor,
      serverSchemaVersion: r.server_schema_version,
      lastSyncedAt: r.last_synced_at,
      bootstrapComplete: r.bootstrap_complete === 1,
      bootstrapDone: r.bootstrap_done,
      bootstrapTotal: r.bootstrap_total,
      nextMutationId: r.next_mutation_id,
      horizon: r.horizon,
    };
  }

  get<E extends SyncEntity>(entity: E, id: string): EntityRecords[E] | undefined {
    return this.store.get(entity, id);
  }

  /** Server truth of a row, ignoring the overlay (for "what will the server say" views and tests). */
  serverTruth<E extends SyncEntity>(entity: E, id: string): EntityRecords[E] | undefined {
    if (this.stmts.shadowHas.get(entity, id) === undefined) return this.store.get(entity, id);
    const row = this.db.prepare('SELECT data FROM shadow WHERE entity = ? AND id = ?').pluck().get(entity, id) as string | null;
    return row === null ? undefined : (JSON.parse(row) as EntityRecords[E]);
  }

  // ---- pull ----------------------------------------------------------------------------------------

  /**
   * Applies one pull page atomically: rows, tombstones, the new cursor, bootstrap progress and (on the last
   * page of a pull that started after a push was acknowledged) the confirmation of `sent` outbox rows up to
   * `confirmThrough`. A crash before COMMIT leaves the previous page's state and cursor; after, this one's.
   */
  applyPullPage(page: ChangesPage, confirmThrough = 0): ApplyResult {
    return this.db.transaction((): ApplyResult => {
      const before = this.state();
      if (page.cursor < before.cursor) {
        throw new DomainError('CONFLICT', `pull page cursor ${page.cursor} is behind the cache cursor ${before.cursor}`, {
          cursor: page.cursor,
          cacheCursor: before.cursor,
        });
      }
      const bootstrapping = !before.bootstrapComplete;
      // A first bootstrap of more than one page into an empty cache: build the queue indexes once at its end
      // (deferred-indexes.ts). The queue works meanwhile, without forcing them.
      if (bootstrapping && before.bootstrapDone === 0 && page.hasMore && this.stmts.anyTicket.get() === undefined) deferQueueIndexes(this.db);
      const changed = new Set<string>();
      const shadowed = (this.stmts.shadowCount.get() as number) > 0;
      for (const change of page.changes) this.applyChange(change, shadowed, changed);

      const done = bootstrapping ? before.bootstrapDone + page.changes.length : before.bootstrapDone;
      this.stmts.setPageState.run(
        page.cursor,
        page.schemaVersion,
        page.hasMore ? null : new Date(this.now()).toISOString(),
        bootstrapping && page.hasMore ? 0 : 1,
        done,
        bootstrapping ? done + page.remaining : before.bootstrapTotal,
        page.horizon ?? null,
      );
      if (!page.hasMore && this.deferred.any()) restoreDeferredIndexes(this.db);
      this.stmts.pruneQueueChanges.run(QUEUE_CHANGES_KEPT);
      const confirmed = this.stmts.outboxConfirm.run({ cursor: page.cursor, lastPage: page.hasMore ? 0 : 1, confirmThrough }).changes;
      if (shadowed || confirmed > 0) this.rebase(changed);
      return { changedTicketIds: [...changed], confirmed };
    })();
  }

  private applyChange(change: Change, shadowed: boolean, changed: Set<string>): void {
    if (change.op === 'delete') {
      if (change.entity === 'ticket') {
        // The server stops sending a hidden ticket's children; keeping them would leak rows nobody can see.
        changed.add(change.id);
        this.stmts.cascadeComments.run(change.id);
        this.stmts.cascadeHistory.run(change.id);
        this.stmts.cascadeEscalations.run(change.id);
        if (shadowed) this.stmts.shadowDropChildren.run(change.id);
      }
      if (shadowed && this.stmts.shadowHas.get(change.entity, change.id) !== undefined) {
        this.stmts.shadowPut.run(change.entity, change.id, null);
        return;
      }
      const existing = this.store.get(change.entity, change.id);
      if (existing) {
        const t = this.store.ticketOf(change.entity, existing);
        if (t) changed.add(t);
      }
      this.store.delete(change.entity, change.id);
      return;
    }
    const id = this.store.idOf(change.entity, change.data);
    const t = this.store.ticketOf(change.entity, change.data);
    if (t) changed.add(t);
    if (shadowed && this.stmts.shadowHas.get(change.entity, id) !== undefined) {
      this.stmts.shadowPut.run(change.entity, id, JSON.stringify(change.data));
      return;
    }
    this.store.upsert(change.entity, change.data);
  }

  /** Server asked for a fresh start: drop every synced row and the cursor, keep the outbox and rejections. */
  resetForRebootstrap(): void {
    this.db.transaction(() => {
      for (const table of [...SYNCED_TABLES, 'ticket_sla']) this.db.prepare(`DELETE FROM ${table}`).run();
      this.stmts.shadowClear.run();
      this.stmts.resetState.run();
    })();
  }

  // ---- local edits ---------------------------------------------------------------------------------

  /**
   * Validates, applies optimistically and appends to the outbox in one transaction. Invalid args or an edit
   * the cache can already tell is wrong (unknown ticket, stale expectedStatus) throw a DomainError and
   * change nothing.
   */
  mutate<N extends MutationName>(name: N, rawArgs: unknown): { mutationId: number; changedTicketIds: string[] } {
    const schema = MUTATION_ARGS[name];
    if (!schema) throw new DomainError('VALIDATION_FAILED', `unknown mutation ${String(name)}`);
    const parsed = schema.safeParse(rawArgs);
    if (!parsed.success) {
      throw new DomainError('VALIDATION_FAILED', `invalid ${name} arguments: ${z.prettifyError(parsed.error)}`, { name });
    }
    const args = parsed.data as MutationArgs<N>;
    return this.db.transaction(() => {
      const changed = new Set<string>();
      applyLocalMutation(name, args, this.writer(changed), this.actor, new Date(this.now()).toISOString());
      const mutationId = this.stmts.nextId.get() as number;
      this.stmts.outboxInsert.run(mutationId, name, JSON.stringify(args), new Date(this.now()).toISOString());
      return { mutationId, changedTicketIds: [...changed] };
    })();
  }

  private writer(changed: Set<string>): OverlayWriter {
    return {
      get: (entity, id) => this.store.get(entity, id),
      put: (entity, record) => {
        const id = this.store.idOf(entity, record);
        // First touch: remember what the server says (NULL = the server has no such row yet).
        this.stmts.shadowInsertIfAbsent.run(entity, id, this.store.getJson(entity, id) ?? null);
        this.store.upsert(entity, record);
        const t = this.store.ticketOf(entity, record);
        if (t) changed.add(t);
      },
    };
  }

  /** Restore server truth for every shadowed row, then replay the outbox in order on top of it. */
  private rebase(changed: Set<string>): void {
    for (const row of this.stmts.shadowAll.all() as { entity: SyncEntity; id: string; data: string | null }[]) {
      const current = this.store.get(row.entity, row.id);
      if (current) {
        const t = this.store.ticketOf(row.entity, current);
        if (t) changed.add(t);
      }
      if (row.data === null) this.store.delete(row.entity, row.id);
      else this.store.upsertJson(row.entity, row.data);
    }
    this.stmts.shadowClear.run();
    const w = this.writer(changed);
    const nowIso = new Date(this.now()).toISOString();
    for (const m of this.outbox()) {
      try {
        applyLocalMutation(m.name, m.args as MutationArgs<typeof m.name>, w, this.actor, nowIso);
      } catch (e) {
        // Server truth moved under the edit (or already contains it): it stays out of the overlay; the
        // service decides and a rejection, if any, reaches the agent through the push result.
        if (!(e instanceof DomainError)) throw e;
      }
    }
  }

  // ---- outbox and push -----------------------------------------------------------------------------

  outbox(): OutboxEntry[] {
    return (this.stmts.outboxAll.all() as unknown[]).map(toOutboxEntry);
  }

  pendingBatch(limit: number): Mutation[] {
    return (this.stmts.outboxPending.all(limit) as unknown[]).map(toOutboxEntry).map(({ id, name, args }) => ({ id, name, args }));
  }

  /** Highest mutation id the server applied that a pull has not yet confirmed (0: none). */
  maxSentId(): number {
    return this.stmts.outboxMaxSent.get() as number;
  }

  /**
   * Records a push response. Results are matched by id (order and duplicates do not matter; results for
   * mutations no longer in the outbox are ignored). Applied rows become `sent` and leave the outbox with
   * the next complete pull; rejected ones move to `rejections` now and the overlay is rebased without them.
   */
  recordPushResults(sent: readonly Mutation[], response: PushResponse): PushOutcome {
    return this.db.transaction((): PushOutcome => {
      const applied: number[] = [];
      const rejected: Rejection[] = [];
      const seen = new Set<number>();
      const at = new Date(this.now()).toISOString();
      for (const m of sent) this.stmts.outboxAttempt.run(m.id);
      for (const r of response.results) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        const row = this.stmts.outboxGet.get(r.id);
        if (row === undefined) continue;
        const entry = toOutboxEntry(row);
        if (r.status === 'applied') {
          if (r.syncId === undefined) {
            // Applied without writing anything (e.g. a repeated comment): nothing for a pull to show.
            this.stmts.outboxDelete.run(r.id);
            applied.push(r.id);
          } else if (this.stmts.outboxMarkSent.run(r.syncId, r.id).changes > 0) {
            applied.push(r.id);
          }
          continue;
        }
        const info = this.stmts.rejectionInsert.run(entry.id, entry.name, JSON.stringify(entry.args), r.code, r.message, at);
        this.stmts.outboxDelete.run(entry.id);
        rejected.push({ id: Number(info.lastInsertRowid), mutationId: entry.id, name: entry.name, args: entry.args, code: r.code, message: r.message, at });
      }
      // Processed on an earlier push whose response was lost: the service has it, a pull will show the effect.
      this.stmts.outboxMarkSentThrough.run(response.lastMutationId);
      const changed = new Set<string>();
      // A rejection must disappear from the overlay now. A mutation applied without a sync id changed nothing
      // on the service (its effect is already server truth), so the overlay shows the same either way; the pull
      // that follows every push rebases anyway. (Rebasing here replayed the whole outbox per push batch: 3000
      // pending edits took ~13 s to push, bench/sync-bench.ts.)
      if (rejected.length > 0) this.rebase(changed);
      for (const r of rejected) {
        const t = ticketIdOfArgs(r.args);
        if (t) changed.add(t);
      }
      return { applied, rejected, changedTicketIds: [...changed] };
    })();
  }

  // ---- rejections ----------------------------------------------------------------------------------

  rejections(): Rejection[] {
    return (this.stmts.rejectionAll.all() as unknown[]).map(toRejection);
  }

  /**
   * Re-enqueues a rejected edit as a new mutation (new id: the service has already used the old one). A
   * transition is retried from the status the agent now sees, since the agent explicitly chose to retry.
   */
  retryRejection(rejectionId: number): { mutationId: number; changedTicketIds: string[] } {
    return this.db.transaction(() => {
      const r = this.rejection(rejectionId);
      let args = r.args;
      if (r.name === 'transition') {
        const a = MUTATION_ARGS.transition.parse(args);
        const t = this.store.get('ticket', a.ticketId);
        args = { ...a, expectedStatus: t?.status ?? a.expectedStatus };
      }
      const result = this.mutate(r.name, args);
      this.stmts.rejectionDelete.run(rejectionId);
      return result;
    })();
  }

  discardRejection(rejectionId: number): void {
    this.rejection(rejectionId);
    this.stmts.rejectionDelete.run(rejectionId);
  }

  private rejection(id: number): Rejection {
    const row = this.stmts.rejectionGet.get(id);
    if (row === undefined) throw new DomainError('NOT_FOUND', `rejection ${id} does not exist`, { rejectionId: id });
    return toRejection(row);
  }

  counts(): CacheCounts {
    const n = (table: string) => this.stmts.count(table).get() as number;
    const outbox = this.outbox();
    return {
      tickets: n('tickets'),
      comments: n('comments'),
      outboxPending: outbox.filter((o) => o.state === 'pending').length,
      outboxSent: outbox.filter((o) => o.state === 'sent').length,
      rejections: n('rejections'),
      cursor: this.state().cursor,
    };
  }
}

function toOutboxEntry(row: unknown): OutboxEntry {
  const r = OutboxRowSchema.parse(row);
  return { id: r.id, name: r.name, args: JSON.parse(r.args) as unknown, createdAt: r.created_at, state: r.state };
}

function toRejection(row: unknown): Rejection {
  const r = RejectionRowSchema.parse(row);
  return { id: r.id, mutationId: r.mutation_id, name: r.name, args: JSON.parse(r.args) as unknown, code: r.code, message: r.message, at: r.at };
}

function ticketIdOfArgs(args: unknown): string | null {
  const parsed = z.object({ ticketId: z.string() }).safeParse(args);
  return parsed.success ? parsed.data.ticketId : null;
}
