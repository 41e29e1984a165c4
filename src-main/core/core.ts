import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isStaffRole } from '../../src-shared/domain/ticket';
import { DomainError, isDomainError } from '../../src-shared/errors';
import {
  EVENTS,
  type EventName,
  type EventPayload,
  type Language,
  type Session,
  type SyncState,
} from '../../src-shared/ipc/contract';
import { MUTATION_ARGS } from '../../src-shared/sync/protocol';
import type { EscalationRecord, TicketRecord, UserRecord } from '../../src-shared/sync/records';
import { cacheFileName } from '../cache/db-file-name';
import type { SyncCache, Rejection } from '../cache/sync-cache';
import type { ContractHandlers } from '../contract/dispatcher';
import { SyncEngine, type SyncEngineOptions } from '../sync/engine';
import { CacheReads } from './cache-reads';
import { openCache } from './open-database';
import { QueueReader } from './queue-reader';
import { ServiceClient, type FetchLike } from './service-client';
import type { SessionVault } from './session-vault';
import { MyQueueWatcher, type HostSignal } from './sla-watcher';
import { TimerService } from '../timers/timer-service';
import { ticketDetail } from './ticket-detail';

/** Calls answered by the shell in front of the core (they need Electron or the host's settings file). */
export const FRONT_CALLS = ['settings.get', 'settings.set', 'shell.openExternal'] as const;
export type FrontCallName = (typeof FRONT_CALLS)[number];
export type CoreHandlers = Omit<ContractHandlers, FrontCallName>;

export interface CoreOptions {
  /** per-user data folder; caches go to <dataDir>/caches/<server+account>.sqlite */
  readonly dataDir: string;
  /** checkout or app folder (for build/electron-native) */
  readonly appRoot: string;
  readonly vault: SessionVault;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  /** how often SLA edges are re-evaluated without any change (clocks move with time) */
  readonly slaTickMs?: number;
  /** tickets per slice of a background SLA pass (tests use 1 to observe a pass in progress) */
  readonly timerSliceSize?: number;
  readonly engine?: Partial<Omit<SyncEngineOptions, 'cache' | 'baseUrl' | 'token'>>;
  readonly log?: (msg: string, ctx?: Record<string, unknown>) => void;
  /** told when a session could not be stored safely (Electron shows a dialog) */
  readonly onSessionNotStored?: () => void;
}

interface Active {
  readonly session: Session;
  readonly token: string;
  readonly client: ServiceClient;
  readonly cache: SyncCache;
  readonly engine: SyncEngine;
  readonly queue: QueueReader;
  readonly reads: CacheReads;
  readonly watcher: MyQueueWatcher;
  readonly timers: TimerService;
  /** SLA edges are announced only after the first evaluation following the bootstrap (no start-up burst) */
  armed: boolean;
  /** the periodic timer passes run (started by the first sync after a complete bootstrap) */
  timersStarted: boolean;
}

type EventListener = (name: EventName, payload: unknown) => void;

/**
 * The core: one signed-in session = one (server, account) cache + one sync engine. It answers every
 * contract call except the front ones, and pushes contract events plus host signals (badge count, OS
 * notifications). Runs in a worker thread (src-main/host) so SQLite never blocks the window.
 */
export class SupportDeskCore {
  private active: Active | null = null;
  private readonly eventListeners = new Set<EventListener>();
  private readonly signalListeners = new Set<(s: HostSignal) => void>();
  private readonly now: () => number;
  private changeReason: 'local' | null = null;

  constructor(private readonly o: CoreOptions) {
    this.now = o.now ?? Date.now;
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onSignal(listener: (s: HostSignal) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  private emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const parsed = EVENTS[name].safeParse(payload);
    if (!parsed.success) {
      this.o.log?.('dropped an event outside the contract', { name, issue: parsed.error.message });
      return;
    }
    for (const l of this.eventListeners) l(name, parsed.data);
  }

  private signal(s: HostSignal): void {
    for (const l of this.signalListeners) l(s);
  }

  private require(): Active {
    if (!this.active) throw new DomainError('UNAUTHENTICATED', 'not signed in');
    return this.active;
  }

  /** Re-opens the stored session, if any and still accepted by the service. */
  async restore(): Promise<Session | null> {
    const stored = await this.o.vault.load();
    if (!stored) return null;
    const client = new ServiceClient(stored.serverUrl, this.o.fetch);
    try {
      const user = await client.me(stored.token);
      return this.activate(stored.serverUrl, stored.token, { ...user, displayName: user.name }, client);
    } catch (e) {
      if (isDomainError(e) && e.code === 'UNAUTHENTICATED') await this.o.vault.clear();
      this.o.log?.('stored session not restored', { code: isDomainError(e) ? e.code : 'INTERNAL' });
      return null;
    }
  }

  async signIn(serverUrl: string, email: string, password: string): Promise<Session> {
    const client = new ServiceClient(serverUrl, this.o.fetch);
    const login = await client.login(email, password);
    if (!isStaffRole(login.user.role)) {
      await client.logout(login.token).catch(() => undefined);
      throw new DomainError('FORBIDDEN', 'Support Desk is for estos support staff; this account is a customer or partner account');
    }
    await this.closeActive();
    const session = this.activate(serverUrl, login.token, { ...login.user, displayName: login.user.name }, client);
    const { stored } = await this.o.vault.save({ serverUrl, token: login.token });
    if (!stored) this.o.onSessionNotStored?.();
    return session;
  }

  private activate(serverUrl: string, token: string, user: { id: string; displayName: string; email: string; role: Session['user']['role']; language: Language }, client: ServiceClient): Session {
    const session: Session = { serverUrl, user: { id: user.id, displayName: user.displayName, email: user.email, role: user.role, language: user.language } };
    const dir = join(this.o.dataDir, 'caches');
    mkdirSync(dir, { recursive: true });
    const cache = openCache(join(dir, cacheFileName(serverUrl, user.id)), { userId: user.id, role: user.role }, this.o.appRoot);
    const engine = new SyncEngine({ ...this.o.engine, cache, baseUrl: serverUrl, token: () => token });
    const timers = new TimerService({
      db: cache.db,
      clock: { now: this.now },
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      },
      tickMs: this.o.slaTickMs ?? 30_000,
      ...(this.o.timerSliceSize === undefined ? {} : { sliceSize: this.o.timerSliceSize }),
    });
    const active: Active = {
      session, token, client, cache, engine, timers,
      queue: new QueueReader(cache.db, user.id, this.now),
      reads: new CacheReads(cache.db),
      watcher: new MyQueueWatcher(),
      armed: false,
      timersStarted: false,
    };
    this.active = active;
    timers.on('atRisk', ({ ticketId }) => this.slaEdge(active, ticketId, 'at_risk'));
    timers.on('breached', ({ ticketId }) => this.slaEdge(active, ticketId, 'breached'));
    timers.on('tick', () => {
      // The first pass after the bootstrap is done: from now on SLA edges are news, not the start-up state.
      active.armed = true;
      this.evaluateMine(active);
    });
    engine.on('state', () => this.emitSyncState());
    engine.on('progress', () => this.emitSyncState());
    engine.on('synced', () => {
      this.emitSyncState();
      if (!cache.state().bootstrapComplete || this.active !== active) return;
      if (!active.timersStarted) {
        // The first pass evaluates every open ticket (tens of seconds of CPU with 100k cached): it runs in
        // background slices, so the renderer's calls are answered in between; 'tick' arms the SLA edges.
        active.timersStarted = true;
        // The agent's own open tickets first (their SLA states drive My queue's filters and the badge); the
        // rest of the cache follows in the pass. Window rows compute their clocks live, so they are right anyway.
        timers.ticketsChanged(active.queue.mine().tickets.map((t) => t.id));
        timers.start();
        return;
      }
      this.evaluateMine(active);
    });
    engine.on('ticketsChanged', (ids) => {
      // Tell the renderer first: the event's transit overlaps the timer service's SLA re-evaluation.
      this.emit('tickets.changed', { ids: [...ids], reason: this.changeReason ?? 'pull' });
      timers.ticketsChanged(ids);
    });
    engine.on('rejected', (rejections) => {
      for (const r of rejections) this.emit('rejection.added', this.toRejection(active, r));
    });
    engine.start();
    // ~0.2–0.5 s of work at 100k tickets, in slices: the first windows are answered by SQL meanwhile.
    active.queue.warmUp(() => this.active !== active).catch((e: unknown) => console.error('queue index warm-up failed', e));
    this.emitSyncState();
    return session;
  }

  /** A ticket in my queue turned at risk or breached (timer service edge): renderer event + OS notification. */
  private slaEdge(a: Active, ticketId: string, kind: 'at_risk' | 'breached'): void {
    if (!a.armed || this.active !== a) return;
    const t = a.cache.get('ticket', ticketId);
    if (!t || t.assigneeId !== a.session.user.id) return;
    this.emit('sla.alert', { ticketId, ticketKey: t.key, kind });
    this.signal({ kind: 'notify', reason: kind === 'breached' ? 'sla_breached' : 'sla_at_risk', ticketId, ticketKey: t.key, title: t.title });
  }

  private evaluateMine(a: Active): void {
    if (!a.armed || this.active !== a) return;
    try {
      for (const s of a.watcher.update(a.queue.mine(), a.reads.ticketsWithPendingEdits())) this.signal(s);
    } catch (e) {
      this.o.log?.('my-queue evaluation failed', { error: String(e) });
    }
  }

  syncState(): SyncState {
    const a = this.active;
    if (!a) {
      return { connection: 'signed_out', pendingChanges: 0, lastSyncedAt: null, bootstrap: { done: 0, total: 0, active: false }, lastError: null };
    }
    const s = a.cache.state();
    const status = a.engine.getStatus();
    const counts = a.cache.counts();
    const connection = status.connection === 'online' ? 'online' : status.syncing && status.lastError === null ? 'connecting' : 'offline';
    return {
      connection,
      pendingChanges: counts.outboxPending + counts.outboxSent,
      lastSyncedAt: s.lastSyncedAt,
      bootstrap: { done: s.bootstrapDone, total: s.bootstrapTotal, active: !s.bootstrapComplete },
      lastError: status.lastError,
    };
  }

  private emitSyncState(): void {
    this.emit('sync.state', this.syncState());
  }

  private toRejection(a: Active, r: Rejection) {
    const ticketId = typeof r.args === 'object' && r.args !== null && 'ticketId' in r.args ? String((r.args as { ticketId: unknown }).ticketId) : null;
    const ticket = ticketId === null ? undefined : a.cache.get('ticket', ticketId);
    return { id: r.id, mutationName: r.name, args: r.args, ticketKey: ticket?.key ?? null, code: r.code, message: r.message, at: r.at };
  }

  private async closeActive(): Promise<void> {
    const a = this.active;
    if (!a) return;
    this.active = null;
    a.timers.stop();
    a.engine.stop();
    await a.engine.whenIdle();
    a.cache.close();
  }

  async close(): Promise<void> {
    await this.closeActive();
  }

  handlers(): CoreHandlers {
    const json = <T>(rows: unknown[]): T[] => (rows as string[]).map((d) => JSON.parse(d) as T);
    return {
      'auth.getSession': async () => this.active?.session ?? null,
      'auth.signIn': async ({ serverUrl, email, password }) => this.signIn(serverUrl, email, password),
      'auth.signOut': async () => {
        const a = this.active;
        if (a) await a.client.logout(a.token).catch((e: unknown) => this.o.log?.('logout at the service failed', { error: String(e) }));
        await this.closeActive();
        await this.o.vault.clear();
        this.emitSyncState();
        return null;
      },
      'queue.window': async (q) => this.require().queue.window(q),
      'queue.counts': async ({ filter }) => this.require().queue.counts(filter),
      'ticket.detail': async ({ ticketId }) => {
        const a = this.require();
        return ticketDetail(a.cache.db, ticketId, { userId: a.session.user.id, role: a.session.user.role }, this.now());
      },
      'ticket.findByKey': async ({ key }) => {
        const id = this.require().reads.ticketIdByKey(key.trim().toUpperCase());
        return id === null ? null : { ticketId: id };
      },
      'ticket.mutate': async ({ name, args }) => {
        const a = this.require();
        const parsed = MUTATION_ARGS[name].safeParse(args);
        if (!parsed.success) throw new DomainError('VALIDATION_FAILED', `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        this.changeReason = 'local';
        try {
          return { mutationId: a.engine.mutate(name, parsed.data) };
        } finally {
          this.changeReason = null;
          this.emitSyncState();
        }
      },
      'users.assignable': async () =>
        json<UserRecord>(this.require().cache.db.prepare('SELECT data FROM users ORDER BY display_name').pluck().all()).filter((u) => isStaffRole(u.role)),
      'kb.search': async ({ query, language }) => {
        const a = this.require();
        try {
          return await a.client.kbSearch(a.token, query, language);
        } catch (e) {
          // Offline: the cache holds the article headers, so a title search still helps the agent.
          if (!(isDomainError(e) && e.details?.unreachable === true)) throw e;
          const rows = a.cache.db
            .prepare("SELECT data FROM kb_articles WHERE title LIKE ? ESCAPE '\\' AND (? IS NULL OR language = ?) ORDER BY title LIMIT 50")
            .pluck()
            .all(`%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, language ?? null, language ?? null);
          return json(rows);
        }
      },
      'escalations.board': async () => {
        const a = this.require();
        const orgs = a.reads.organizations();
        const rows = a.cache.db
          .prepare("SELECT e.data AS e, t.data AS t FROM escalations e JOIN tickets t ON t.id = e.ticket_id WHERE e.state <> 'resolved' ORDER BY json_extract(e.data, '$.requestedAt')")
          .all() as { e: string; t: string }[];
        return rows.map((r) => {
          const escalation = JSON.parse(r.e) as EscalationRecord;
          const ticket = JSON.parse(r.t) as TicketRecord;
          return { escalation, ticketKey: ticket.key, ticketTitle: ticket.title, organizationName: orgs.get(ticket.organizationId)?.name ?? ticket.organizationId };
        });
      },
      'team.workload': async () => {
        const a = this.require();
        const staff = json<UserRecord>(a.cache.db.prepare('SELECT data FROM users ORDER BY display_name').pluck().all()).filter((u) => isStaffRole(u.role));
        const load = a.queue.workload();
        return staff.map((u) => ({ userId: u.id, displayName: u.displayName, open: 0, atRisk: 0, breached: 0, ...load.get(u.id) }));
      },
      'sync.state': async () => this.syncState(),
      'sync.now': async () => {
        this.require().engine.requestSync();
        return null;
      },
      'rejections.list': async () => {
        const a = this.require();
        return a.cache.rejections().map((r) => this.toRejection(a, r));
      },
      'rejections.retry': async ({ id }) => {
        const a = this.require();
        const { changedTicketIds } = a.cache.retryRejection(id);
        if (changedTicketIds.length > 0) this.emit('tickets.changed', { ids: changedTicketIds, reason: 'local' });
        a.engine.requestSync();
        this.emitSyncState();
        return null;
      },
      'rejections.discard': async ({ id }) => {
        this.require().cache.discardRejection(id);
        return null;
      },
    };
  }
}
