import { parentPort, workerData } from 'node:worker_threads';
import { isDomainError } from '../../src-shared/errors';
import { SyncCache } from '../cache/sync-cache';
import { QueueService } from '../queue/queue-service';
import { TimerService } from '../timers/timer-service';
import { SyncEngine } from './engine';
import { SyncCallSchema, SyncWorkerConfigSchema, ToSyncWorkerSchema, type FromSyncWorker, type SyncCall } from './worker-protocol';

/**
 * Worker-thread entry: owns the cache file, the engine, the queue and the timer service, so SQLite and
 * JSON parsing never block the Electron main thread (or the web-mode server's event loop).
 */
if (!parentPort) throw new Error('sync-worker must run in a worker thread');
const port = parentPort;

const post = (m: FromSyncWorker) => port.postMessage(m);
const toError = (e: unknown) =>
  isDomainError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL' as const, message: e instanceof Error ? e.message : String(e) };

function boot(): void {
  const config = SyncWorkerConfigSchema.parse(workerData);
  let token = config.token;
  const cache = SyncCache.open(config.dbFile, config.actor);
  const engine = new SyncEngine({
    cache,
    baseUrl: config.baseUrl,
    token: () => token,
    pollIntervalMs: config.pollIntervalMs,
    requestTimeoutMs: config.requestTimeoutMs,
    pullLimit: config.pullLimit,
  });
  const queue = new QueueService(cache.db, config.actor.userId);
  const timers = new TimerService({
    db: cache.db,
    clock: Date,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
  });
  for (const name of ['state', 'progress', 'rejected', 'ticketsChanged', 'synced'] as const) {
    engine.on(name, (payload) => post({ t: 'event', name, payload }));
  }
  engine.on('ticketsChanged', (ids) => timers.ticketsChanged(ids));
  for (const name of ['atRisk', 'breached'] as const) timers.on(name, (payload) => post({ t: 'event', name, payload }));

  const handle = async (call: SyncCall): Promise<unknown> => {
    switch (call.method) {
      case 'start':
        engine.start();
        timers.start();
        return null;
      case 'stop':
        engine.stop();
        timers.stop();
        await engine.whenIdle();
        return null;
      case 'syncNow':
        await engine.syncOnce();
        return cache.counts();
      case 'status':
        return { engine: engine.getStatus(), state: cache.state() };
      case 'counts':
        return cache.counts();
      case 'setToken':
        token = call.token;
        return null;
      case 'mutate':
        return { mutationId: engine.mutate(call.name, call.args) };
      case 'queueWindow':
        return queue.window(call.window);
      case 'countsByStatus':
        return queue.countsByStatus(call.filter);
      case 'countsByView':
        return queue.countsByView();
      case 'rejections':
        return cache.rejections();
      case 'retryRejection': {
        const r = cache.retryRejection(call.id);
        engine.requestSync();
        return r;
      }
      case 'discardRejection':
        cache.discardRejection(call.id);
        return null;
      case 'ticket':
        return cache.get('ticket', call.id) ?? null;
      case 'setVisible':
        return timers.setVisible(call.ids);
    }
  };

  port.on('message', (raw: unknown) => {
    const msg = ToSyncWorkerSchema.safeParse(raw);
    if (!msg.success) return; // not a call: nothing to answer to
    const call = SyncCallSchema.safeParse(msg.data.call);
    if (!call.success) {
      post({ t: 'result', id: msg.data.id, ok: false, error: { code: 'VALIDATION_FAILED', message: call.error.message } });
      return;
    }
    handle(call.data).then(
      (value) => post({ t: 'result', id: msg.data.id, ok: true, value }),
      (e: unknown) => post({ t: 'result', id: msg.data.id, ok: false, error: toError(e) }),
    );
  });
  post({ t: 'ready' });
}

try {
  boot();
} catch (e) {
  post({ t: 'fatal', error: toError(e) });
}
