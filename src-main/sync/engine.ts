import { isDomainError, type ErrorCode } from '../../src-shared/errors';
import {
  PROTOCOL_VERSION,
  PokeEventSchema,
  ClientPullResponseSchema,
  PushResponseSchema,
  type Change,
  type ClientPullResponse,
  type MutationName,
  type SkippedChange,
} from '../../src-shared/sync/protocol';
import type { Rejection, SyncCache, SyncStateRow } from '../cache/sync-cache';
import { HttpClient, SyncRequestError, type FetchLike } from './http-client';
import { SseParser } from './sse-parser';
import { TypedEmitter } from './typed-emitter';

export interface Clock {
  now(): number;
}
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncEngineOptions {
  readonly cache: SyncCache;
  readonly baseUrl: string;
  /** Called per request so a refreshed token is picked up without restarting the engine. */
  readonly token: () => string | null;
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** [0, 1); injectable so backoff jitter is deterministic in tests */
  readonly random?: () => number;
  readonly pullLimit?: number;
  readonly pushBatchSize?: number;
  readonly requestTimeoutMs?: number;
  /** fallback poll when the poke stream is down or silent */
  readonly pollIntervalMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
}

export type ConnectionState = 'online' | 'offline';

export interface EngineStatus {
  readonly connection: ConnectionState;
  readonly syncing: boolean;
  readonly lastError: { readonly code: ErrorCode; readonly message: string } | null;
  readonly nextRetryInMs: number | null;
}

export interface SyncEngineEvents {
  state: EngineStatus;
  progress: { readonly done: number; readonly total: number; readonly bootstrapping: boolean };
  rejected: readonly Rejection[];
  ticketsChanged: readonly string[];
  synced: { readonly cursor: number };
}

const MAX_REBOOTSTRAPS_PER_CYCLE = 3;

/**
 * Keeps one cache in step with one ticket service: pushes the outbox in order, then pulls to the end
 * ("pull after push": the pull that follows an acknowledged push is what confirms it, see
 * docs/sync-client.md), on every poke, on local edits and on a fallback timer. One cycle runs at a time;
 * failures back off exponentially with full jitter and leave the cache exactly as the last commit left it.
 */
export class SyncEngine extends TypedEmitter<SyncEngineEvents> {
  private readonly http: HttpClient;
  private readonly cache: SyncCache;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly o: Required<Pick<SyncEngineOptions, 'pullLimit' | 'pushBatchSize' | 'pollIntervalMs' | 'backoffBaseMs' | 'backoffMaxMs'>>;

  private status: EngineStatus = { connection: 'offline', syncing: false, lastError: null, nextRetryInMs: null };
  private running = false;
  private dirty = false;
  private started = false;
  private failures = 0;
  private retryTimer: unknown = null;
  private pollTimer: unknown = null;
  private sseAbort: AbortController | null = null;
  private sseFailures = 0;
  private sseTimer: unknown = null;
  private idleWaiters: (() => void)[] = [];
  private readonly fetchImpl: FetchLike;
  private readonly unknownEntitiesSeen = new Set<string>();

  constructor(options: SyncEngineOptions) {
    super();
    this.cache = options.cache;
    this.clock = options.clock ?? Date;
    this.timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
    this.random = options.random ?? Math.random;
    this.o = {
      pullLimit: options.pullLimit ?? 1000,
      pushBatchSize: options.pushBatchSize ?? 100,
      pollIntervalMs: options.pollIntervalMs ?? 30_000,
      backoffBaseMs: options.backoffBaseMs ?? 500,
      backoffMaxMs: options.backoffMaxMs ?? 60_000,
    };
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      token: options.token,
      fetch: this.fetchImpl,
      timeoutMs: options.requestTimeoutMs ?? 15_000,
    });
  }

  getStatus(): EngineStatus {
    return this.status;
  }

  /** Live mode: poke stream, fallback poll, and a first sync now. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.requestSync();
    this.schedulePoll();
    this.connectEvents();
  }

  stop(): void {
    this.started = false;
    for (const t of [this.retryTimer, this.pollTimer, this.sseTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.retryTimer = this.pollTimer = this.sseTimer = null;
    this.sseAbort?.abort();
    this.sseAbort = null;
  }

  /** Applies a local edit optimistically and schedules a push. Throws DomainError for a refused edit. */
  mutate(name: MutationName, args: unknown): number {
    const { mutationId, changedTicketIds } = this.cache.mutate(name, args);
    if (changedTicketIds.length > 0) this.emit('ticketsChanged', changedTicketIds);
    if (this.started) this.requestSync();
    return mutationId;
  }

  /** Asks for a cycle; coalesces with one already running. */
  requestSync(): void {
    this.dirty = true;
    if (!this.running) void this.loop();
  }

  /** One full cycle (push, then pull to the end); rejects with the failure. For the CLI and tests. */
  async syncOnce(): Promise<void> {
    await this.whenIdle();
    this.running = true;
    this.setStatus({ syncing: true });
    try {
      await this.cycle();
      this.onSuccess();
    } catch (e) {
      this.onFailure(e, false);
      throw e;
    } finally {
      this.running = false;
      this.setStatus({ syncing: false });
      this.flushIdle();
    }
  }

  /** Resolves when no cycle is running (tests, orderly shutdown). */
  whenIdle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flushIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async loop(): Promise<void> {
    this.running = true;
    this.setStatus({ syncing: true });
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await this.cycle();
          this.onSuccess();
        } catch (e) {
          this.onFailure(e, this.started);
          break;
        }
      }
    } finally {
      this.running = false;
      this.setStatus({ syncing: false });
      this.flushIdle();
    }
  }

  private onSuccess(): void {
    this.failures = 0;
    this.setStatus({ connection: 'online', lastError: null, nextRetryInMs: null });
    this.emit('synced', { cursor: this.cache.state().cursor });
  }

  private onFailure(e: unknown, scheduleRetry: boolean): void {
    if (!(e instanceof SyncRequestError) && !isDomainError(e)) {
      // A programming error or a broken cache file: not something a retry fixes, but never lose the loop.
      console.error('sync cycle failed unexpectedly', e);
    }
    this.failures += 1;
    const delay = this.backoffDelay(this.failures);
    const err = isDomainError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL' as const, message: String(e) };
    this.setStatus({ connection: 'offline', lastError: err, nextRetryInMs: scheduleRetry ? delay : null });
    if (scheduleRetry) {
      if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = this.timers.setTimeout(() => {
        this.retryTimer = null;
        this.requestSync();
      }, delay);
    }
  }

  /** Full jitter (AWS architecture blog): uniform in [0, min(cap, base·2^n)), spreads reconnect storms. */
  backoffDelay(attempt: number): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(attempt - 1, 30));
    return Math.floor(this.random() * ceiling);
  }

  private setStatus(patch: Partial<EngineStatus>): void {
    const next = { ...this.status, ...patch };
    const changed = (Object.keys(patch) as (keyof EngineStatus)[]).some((k) => next[k] !== this.status[k]);
    this.status = next;
    if (changed) this.emit('state', next);
  }

  private schedulePoll(): void {
    if (!this.started) return;
    this.pollTimer = this.timers.setTimeout(() => {
      this.requestSync();
      this.schedulePoll();
    }, this.o.pollIntervalMs);
  }

  // ---- one cycle -----------------------------------------------------------------------------------

  private async cycle(): Promise<void> {
    // A failing push must not starve reads: pull anyway (fresh truth, pending edits rebased on top), then
    // report the push failure so the cycle backs off and retries the push.
    let pushError: unknown = null;
    try {
      await this.pushAll();
    } catch (e) {
      pushError = e;
    }
    // Everything acknowledged before this pull started is visible to it; its last page confirms them.
    await this.pullToEnd(this.cache.maxSentId());
    if (pushError !== null) throw pushError;
  }

  private async pushAll(): Promise<void> {
    for (;;) {
      const batch = this.cache.pendingBatch(this.o.pushBatchSize);
      if (batch.length === 0) return;
      const response = await this.http.json('POST', 'api/v1/sync/push', PushResponseSchema, {
        clientId: this.cache.state().clientId,
        mutations: batch,
      });
      const outcome = this.cache.recordPushResults(batch, response);
      if (outcome.rejected.length > 0) this.emit('rejected', outcome.rejected);
      if (outcome.changedTicketIds.length > 0) this.emit('ticketsChanged', outcome.changedTicketIds);
      const remaining = this.cache.pendingBatch(1)[0];
      if (remaining !== undefined && remaining.id === batch[0]!.id) {
        // The service processed none of them (e.g. it saw a gap before our first id): do not spin.
        throw new SyncRequestError('invalid_response', 'CONFLICT', `push of mutations ${batch[0]!.id}.. made no progress (service at ${response.lastMutationId})`);
      }
    }
  }

  /**
   * Pulls pages until the service has no more. Pipelined: as soon as a page has arrived (and said where the
   * next one starts), the request for the next page is sent, and this page is applied while the service
   * prepares that one. Page application is CPU work on this thread and page preparation is the service's, so
   * a bootstrap takes about the longer of the two instead of their sum (bench/sync-bench.ts). Pages are still
   * applied strictly in order, one transaction each; a failure aborts the request in flight.
   */
  private async pullToEnd(confirmThrough: number): Promise<void> {
    let rebootstraps = 0;
    const inFlight = new AbortController();
    let next: Promise<ClientPullResponse> | null = null;
    try {
      for (;;) {
        const page = await (next ?? this.requestPage(this.cache.state(), inFlight.signal));
        next = null;
        if (page.kind === 'rebootstrap') {
          if (++rebootstraps > MAX_REBOOTSTRAPS_PER_CYCLE) {
            throw new SyncRequestError('invalid_response', 'CONFLICT', `service keeps asking for a rebootstrap (${page.reason})`);
          }
          this.cache.resetForRebootstrap();
          this.emit('progress', { done: 0, total: 0, bootstrapping: true });
          continue;
        }
        const before = this.cache.state();
        if (page.hasMore) {
          // The state this page will leave behind (applyPullPage keeps the old horizon when none is sent).
          next = this.requestPage({ cursor: page.cursor, horizon: page.horizon ?? before.horizon, serverSchemaVersion: page.schemaVersion }, inFlight.signal);
          // Awaited on the next turn of the loop; until then a failure must not count as unhandled.
          next.catch(() => undefined);
        }
        const result = this.cache.applyPullPage({ ...page, changes: this.knownChanges(page.changes) }, confirmThrough);
        if (!before.bootstrapComplete) {
          const s = this.cache.state();
          this.emit('progress', { done: s.bootstrapDone, total: s.bootstrapTotal, bootstrapping: !s.bootstrapComplete });
        }
        if (result.changedTicketIds.length > 0) this.emit('ticketsChanged', result.changedTicketIds);
        if (!page.hasMore) return;
      }
    } finally {
      // Only a failure leaves a request in flight; its answer would be for a cursor nobody applies.
      if (next !== null) inFlight.abort();
    }
  }

  private requestPage(from: Pick<SyncStateRow, 'cursor' | 'horizon' | 'serverSchemaVersion'>, signal: AbortSignal): Promise<ClientPullResponse> {
    const query = new URLSearchParams({ cursor: String(from.cursor), limit: String(this.o.pullLimit), protocolVersion: String(PROTOCOL_VERSION) });
    // Echo what the last committed page said, so the service can detect a schema change or a pruned log.
    if (from.horizon !== null) query.set('horizon', String(from.horizon));
    if (from.serverSchemaVersion !== null && from.cursor > 0) query.set('schemaVersion', String(from.serverSchemaVersion));
    return this.http.json('GET', `api/v1/sync/pull?${query.toString()}`, ClientPullResponseSchema, undefined, signal);
  }

  /** Drops changes of entities this app does not know (a newer service); says so once per entity. */
  private knownChanges(changes: readonly (Change | SkippedChange)[]): Change[] {
    const known: Change[] = [];
    for (const c of changes) {
      if (c.op !== 'skip') {
        known.push(c);
        continue;
      }
      if (this.unknownEntitiesSeen.has(c.entity)) continue;
      this.unknownEntitiesSeen.add(c.entity);
      console.warn(`sync: the service sends entity "${c.entity}", which this app version does not know; skipping it (update the app to see it)`);
    }
    return known;
  }

  // ---- poke stream ---------------------------------------------------------------------------------

  private connectEvents(): void {
    if (!this.started) return;
    const abort = new AbortController();
    this.sseAbort = abort;
    void this.readEvents(abort.signal).then(
      () => this.reconnectEvents(false),
      () => this.reconnectEvents(true),
    );
  }

  private reconnectEvents(failed: boolean): void {
    if (!this.started) return;
    this.sseFailures = failed ? this.sseFailures + 1 : 0;
    const delay = failed ? this.backoffDelay(this.sseFailures) : this.o.backoffBaseMs;
    this.sseTimer = this.timers.setTimeout(() => {
      this.sseTimer = null;
      this.connectEvents();
    }, delay);
  }

  private async readEvents(signal: AbortSignal): Promise<void> {
    const res = await this.fetchImpl(this.http.url('api/v1/sync/events'), {
      headers: { ...this.http.headers(false), accept: 'text/event-stream' },
      signal,
    });
    if (!res.ok || !res.body) throw new SyncRequestError('http', 'INTERNAL', `event stream answered HTTP ${res.status}`, res.status);
    this.sseFailures = 0;
    // The stream may have missed pokes while it was down: catch up once it is back.
    this.requestSync();
    const parser = new SseParser();
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      for (const msg of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
        if (msg.event !== 'poke') continue;
        let data: unknown;
        try {
          data = JSON.parse(msg.data);
        } catch {
          continue;
        }
        const poke = PokeEventSchema.safeParse(data);
        if (poke.success && poke.data.syncId > this.cache.state().cursor) this.requestSync();
      }
    }
  }
}
