import { PullQuerySchema, PullResponseSchema, PushRequestSchema, PushResponseSchema } from '../../src-shared/sync/protocol';
import type { RouteModule } from '../app';
import type { ServiceContext } from '../core/context';
import type { BackgroundWorker } from '../core/events';
import type { AuthUser } from '../accounts/auth-user';
import { serviceAppliers } from './mutations';
import { PokeBroadcaster } from './poke-broadcaster';
import { pullPage } from './pull';
import { processPush, type MutationAppliers } from './push';
import { DEFAULT_RETENTION_DAYS, pruneSyncLog } from './retention';
import { publishSlaConfig } from './service-config';
import { readNewestSyncId } from './sync-meta';

/** Only estos staff sync; customers and partners use the REST API (docs/sync-protocol.md). */
export const SYNC_ROLES = ['agent', 'team_lead', 'admin'] as const;

export interface SyncFeatureOptions {
  /** Push appliers for one user (default: the ticket service functions the REST routes call). */
  appliers?: (ctx: ServiceContext, user: AuthUser) => MutationAppliers;
  retentionDays?: number;
  heartbeatMs?: number;
  /** Retention job period; 0 disables the timer (tests call pruneSyncLog directly). */
  pruneEveryMs?: number;
  /**
   * Fallback for writes that do not announce themselves on events.syncChanged (accounts, contracts): while a
   * stream is open, the newest sync id is checked this often. Ticket changes are announced immediately.
   */
  pollMs?: number;
}

export interface SyncFeature {
  routes: RouteModule;
  /** Retention timer and newest-id fallback poller; its beforeClose() ends every SSE stream. */
  worker: (ctx: ServiceContext) => BackgroundWorker;
  broadcaster: PokeBroadcaster;
}

export function createSyncFeature(options: SyncFeatureOptions = {}): SyncFeature {
  const broadcaster = new PokeBroadcaster(options.heartbeatMs);
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;

  const routes: RouteModule = (registry, ctx) => {
    const appliersFor = options.appliers ?? serviceAppliers;
    ctx.events.syncChanged.on(({ syncId }) => broadcaster.announce(syncId));

    registry.add({
      method: 'GET',
      url: '/api/v1/sync/pull',
      summary: 'Compacted changes after a cursor (or a re-bootstrap signal)',
      tags: ['sync'],
      auth: SYNC_ROLES,
      query: PullQuerySchema,
      response: PullResponseSchema,
      handler: async ({ query }) => pullPage(ctx.store, query),
    });

    registry.add({
      method: 'POST',
      url: '/api/v1/sync/push',
      summary: 'Apply named mutations in order, idempotently per client',
      tags: ['sync'],
      auth: SYNC_ROLES,
      body: PushRequestSchema,
      response: PushResponseSchema,
      handler: async ({ body, user }) => {
        const response = await processPush(ctx.store, user, body, appliersFor(ctx, user));
        ctx.log.info(
          { clientId: body.clientId, userId: user.id, mutations: body.mutations.length, lastMutationId: response.lastMutationId },
          'sync push processed',
        );
        return response;
      },
    });

    registry.add({
      method: 'GET',
      url: '/api/v1/sync/events',
      summary: 'Server-sent events: `event: poke` with {"syncId": n} when the newest sync id grows; heartbeat every 15 s',
      tags: ['sync'],
      auth: SYNC_ROLES,
      // text/event-stream, not JSON: frames carry PokeEventSchema as `data`.
      handler: async ({ reply, request }) => {
        const newest = await ctx.store.read((tx) => readNewestSyncId(tx));
        // The stream outlives this handler: Fastify must not send a reply of its own.
        reply.hijack();
        broadcaster.attach(reply.raw, newest);
        request.log.info({ streams: broadcaster.size }, 'sync event stream opened');
        // The registry then finds the reply already taken over and leaves the stream alone.
        return undefined;
      },
    });
  };

  const worker = (ctx: ServiceContext): BackgroundWorker => {
    let pruneTimer: NodeJS.Timeout | null = null;
    let pollTimer: NodeJS.Timeout | null = null;
    return {
      name: 'sync',
      async start() {
        // Before any client pulls: the feed must carry the SLA settings this service computes with.
        await publishSlaConfig(ctx);
        const pruneEvery = options.pruneEveryMs ?? 3_600_000;
        if (pruneEvery > 0) {
          pruneTimer = setInterval(() => {
            pruneSyncLog(ctx.store, retentionDays).then(
              (report) => ctx.log.info(report, 'sync log pruned'),
              (err: unknown) => ctx.log.error({ err }, 'sync log pruning failed'),
            );
          }, pruneEvery);
          pruneTimer.unref();
        }
        const pollEvery = options.pollMs ?? 1000;
        if (pollEvery > 0) {
          pollTimer = setInterval(() => {
            if (broadcaster.size === 0) return;
            ctx.store.read((tx) => readNewestSyncId(tx)).then(
              (newest) => broadcaster.announce(newest),
              (err: unknown) => ctx.log.warn({ err }, 'sync newest-id poll failed'),
            );
          }, pollEvery);
          pollTimer.unref();
        }
      },
      beforeClose() {
        broadcaster.closeAll();
      },
      stop() {
        if (pruneTimer) clearInterval(pruneTimer);
        if (pollTimer) clearInterval(pollTimer);
        broadcaster.closeAll();
      },
    };
  };

  return { routes, worker, broadcaster };
}
