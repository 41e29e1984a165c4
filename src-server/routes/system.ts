import { z } from 'zod';
import { toIso } from '../core/clock';
import type { ServiceContext } from '../core/context';
import { buildOpenApi } from '../http/openapi';
import type { RouteRegistry } from '../http/routes';
import { DomainError } from '../../src-shared/errors';
import { isoInstant } from '../../src-shared/domain/ticket';

export function systemRoutes(routes: RouteRegistry, ctx: ServiceContext): void {
  routes.add({
    method: 'GET',
    url: '/api/v1/health',
    summary: 'Liveness: the service answers',
    tags: ['system'],
    auth: 'public',
    response: z.strictObject({ status: z.literal('ok') }),
    handler: async () => ({ status: 'ok' as const }),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/openapi.json',
    summary: 'This OpenAPI 3.1 document, generated from the registered routes',
    tags: ['system'],
    auth: 'public',
    handler: async () => buildOpenApi(routes.routes, { title: 'Support Desk ticket service', version: '1' }),
  });

  const manual = ctx.manualClock;
  if (!manual) return;
  // Exists only with --clock manual: demos and tests move time; automation hears clockChanged.
  routes.add({
    method: 'POST',
    url: '/api/v1/dev/clock',
    summary: 'Move the manual clock (only with --clock manual)',
    tags: ['dev'],
    auth: 'public',
    body: z.union([z.strictObject({ advanceMs: z.number().int().min(0).max(10 * 365 * 86_400_000) }), z.strictObject({ setIso: isoInstant })]),
    response: z.strictObject({ now: isoInstant }),
    handler: async ({ body }) => {
      if ('advanceMs' in body) manual.advance(body.advanceMs);
      else {
        const at = Date.parse(body.setIso);
        if (!Number.isFinite(at)) throw new DomainError('VALIDATION_FAILED', 'setIso is not a valid instant');
        manual.set(at);
      }
      await ctx.events.clockChanged.settled();
      return { now: toIso(manual.now()) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/dev/clock',
    summary: 'Read the manual clock (only with --clock manual)',
    tags: ['dev'],
    auth: 'public',
    response: z.strictObject({ now: isoInstant }),
    handler: async () => ({ now: toIso(manual.now()) }),
  });
}
