import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { DomainError } from '../src-shared/errors';
import { authenticateRequest } from './accounts/authenticate';
import type { Clock, ManualClock } from './core/clock';
import { createLoginFailures, DEFAULT_CONFIG, type ServiceConfig, type ServiceContext } from './core/context';
import { type BackgroundWorker, ServiceEvents } from './core/events';
import { errorHandler } from './http/error-mapping';
import { RouteRegistry } from './http/routes';
import { CORE_ROUTE_MODULES } from './routes/index';
import type { Store } from './storage/store';

/** A feature folder's routes (kb, sync, notifications, …): declared through the same registry, so they are
 * validated, authenticated and documented in OpenAPI like the core routes. */
export type RouteModule = (routes: RouteRegistry, ctx: ServiceContext) => void;

export interface AppDeps {
  store: Store;
  clock: Clock;
  /** Present only with `--clock manual`: enables POST /api/v1/dev/clock. */
  manualClock?: ManualClock | null;
  events?: ServiceEvents;
  /** Started when the server is ready, stopped (in reverse order) when it closes. */
  workers?: readonly BackgroundWorker[] | ((ctx: ServiceContext) => readonly BackgroundWorker[]);
  routeModules?: readonly RouteModule[];
  config?: Partial<ServiceConfig>;
  /** A pino logger, or false for silence (tests). */
  logger?: Logger | false;
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  routes: RouteRegistry;
}

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const config: ServiceConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const logger: FastifyBaseLogger = deps.logger || pino({ level: 'silent' });
  const app = Fastify({ loggerInstance: logger, bodyLimit: config.bodyLimit }) as unknown as FastifyInstance;
  const events = deps.events ?? new ServiceEvents();
  const ctx: ServiceContext = {
    store: deps.store,
    clock: deps.clock,
    manualClock: deps.manualClock ?? null,
    events,
    config,
    log: app.log,
    loginFailures: createLoginFailures(config.loginLimits, deps.clock),
  };

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    errorHandler(new DomainError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply);
  });

  if (ctx.manualClock) {
    const unsubscribe = ctx.manualClock.onChange((now, previous) =>
      events.clockChanged.emit({ now, previous }, (err) => app.log.error({ err }, 'clockChanged listener failed')),
    );
    app.addHook('onClose', async () => unsubscribe());
  }

  // Several instances on one database (PostgreSQL): a commit on any instance pokes this one's SSE clients.
  if (deps.store.watchCommits) {
    const stopWatching = deps.store.watchCommits((syncId) =>
      events.syncChanged.emit({ syncId }, (err) => app.log.error({ err }, 'syncChanged listener failed')),
    );
    app.addHook('onClose', async () => stopWatching());
  }

  const routes = new RouteRegistry(app, (request) => authenticateRequest(ctx, request));
  for (const mod of [...CORE_ROUTE_MODULES, ...(deps.routeModules ?? [])]) mod(routes, ctx);

  const workers = typeof deps.workers === 'function' ? deps.workers(ctx) : (deps.workers ?? []);
  const started: BackgroundWorker[] = [];
  app.addHook('onReady', async () => {
    for (const w of workers) {
      await w.start();
      started.push(w);
      app.log.info({ worker: w.name }, 'worker started');
    }
  });
  app.addHook('preClose', async () => {
    for (const w of started) await w.beforeClose?.();
  });
  app.addHook('onClose', async () => {
    for (const w of started.reverse()) {
      try {
        await w.stop();
      } catch (err) {
        app.log.error({ err, worker: w.name }, 'worker failed to stop');
      }
    }
  });

  return { app, ctx, routes };
}
