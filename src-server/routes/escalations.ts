import { z } from 'zod';
import { isoInstant } from '../../src-shared/domain/ticket';
import type { ServiceContext } from '../core/context';
import type { RouteRegistry } from '../http/routes';
import { IdParams } from '../http/validation';
import { ESCALATION_STATES, listEscalations } from '../storage/repositories/escalations';
import { advanceEscalation, escalationView, getVisibleEscalation, raiseEscalation } from '../tickets/escalation-service';

export const EscalationSchema = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  state: z.enum(ESCALATION_STATES),
  requestedById: z.string(),
  requestedAt: isoInstant,
  reason: z.string(),
  ownerId: z.string().nullable(),
  proposedSlots: z.array(isoInstant),
  chosenSlot: isoInstant.nullable(),
  meetingLink: z.string().nullable(),
  outcome: z.string().nullable(),
  nextSteps: z.string().nullable(),
  updatedAt: isoInstant,
});

const text = z.string().trim().min(1).max(20_000);

export function escalationRoutes(routes: RouteRegistry, ctx: ServiceContext): void {
  routes.add({
    method: 'POST',
    url: '/api/v1/tickets/:id/escalations',
    summary: 'Raise an escalation (settled in an online appointment)',
    tags: ['escalations'],
    auth: 'user',
    params: IdParams,
    status: 201,
    body: z.strictObject({ reason: text }),
    response: EscalationSchema,
    handler: async ({ user, params, body }) => raiseEscalation(ctx, user, params.id, body.reason),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/escalations',
    summary: 'All escalations, optionally by state (staff)',
    tags: ['escalations'],
    auth: ['agent', 'team_lead', 'admin'],
    query: z.strictObject({ state: z.enum(ESCALATION_STATES).optional() }),
    response: z.strictObject({ items: z.array(EscalationSchema) }),
    handler: async ({ query }) => ({ items: (await ctx.store.read((tx) => listEscalations(tx, query.state ?? null))).map(escalationView) }),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/escalations/:id',
    summary: 'One escalation (visible with its ticket)',
    tags: ['escalations'],
    auth: 'user',
    params: IdParams,
    response: EscalationSchema,
    handler: async ({ user, params }) => getVisibleEscalation(ctx, user, params.id),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/escalations/:id/propose',
    summary: 'Propose appointment slots and a meeting link (team lead; becomes owner)',
    tags: ['escalations'],
    auth: ['team_lead', 'admin'],
    params: IdParams,
    body: z.strictObject({ slots: z.array(isoInstant).min(1).max(10), meetingLink: z.url().max(2000).nullable().default(null) }),
    response: EscalationSchema,
    handler: async ({ user, params, body }) => advanceEscalation(ctx, user, params.id, { action: 'propose', ...body }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/escalations/:id/confirm',
    summary: 'Choose one of the proposed slots (customer side or team lead)',
    tags: ['escalations'],
    auth: 'user',
    params: IdParams,
    body: z.strictObject({ slot: isoInstant }),
    response: EscalationSchema,
    handler: async ({ user, params, body }) => advanceEscalation(ctx, user, params.id, { action: 'confirm', slot: body.slot }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/escalations/:id/hold',
    summary: 'Record the held meeting: outcome notes and next steps (team lead)',
    tags: ['escalations'],
    auth: ['team_lead', 'admin'],
    params: IdParams,
    body: z.strictObject({ outcome: text, nextSteps: text }),
    response: EscalationSchema,
    handler: async ({ user, params, body }) => advanceEscalation(ctx, user, params.id, { action: 'hold', ...body }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/escalations/:id/resolve',
    summary: 'Resolve the escalation (team lead)',
    tags: ['escalations'],
    auth: ['team_lead', 'admin'],
    params: IdParams,
    body: z.strictObject({ outcome: text.optional(), nextSteps: text.optional() }),
    response: EscalationSchema,
    handler: async ({ user, params, body }) => advanceEscalation(ctx, user, params.id, { action: 'resolve', ...body }),
  });
}
