import { z } from 'zod';
import { TICKET_STATUSES } from '../../src-shared/domain/status';
import {
  ChecklistSchema,
  isoInstant,
  SeveritySchema,
  TicketCategorySchema,
  TicketSchema,
  TicketStatusSchema,
  VisibilitySchema,
  ActorSchema,
} from '../../src-shared/domain/ticket';
import type { ServiceContext } from '../core/context';
import type { RouteRegistry } from '../http/routes';
import { IdParams, queryInt } from '../http/validation';
import { listComments, listHistory } from '../storage/repositories/tickets';
import { listEscalationsForTicket } from '../storage/repositories/escalations';
import { escalationView } from '../tickets/escalation-service';
import { visibleTicket } from '../tickets/ticket-access';
import {
  addComment,
  changeParticipants,
  createTicket,
  getVisibleTicket,
  linkTicket,
  listVisibleTickets,
  setMisconfiguration,
  transitionTicket,
  updateTicketFields,
} from '../tickets/ticket-service';
import { commentView, historyView } from '../tickets/ticket-view';
import { EmailSchema } from './schemas';
import { EscalationSchema } from './escalations';

const STAFF = ['agent', 'team_lead', 'admin'] as const;

export const CommentSchema = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  authorId: z.string(),
  kind: z.enum(['public', 'internal']),
  body: z.string(),
  createdAt: isoInstant,
});

const HistorySchema = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  at: isoInstant,
  actor: ActorSchema,
  field: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

const CommentBody = z.strictObject({ body: z.string().trim().min(1).max(100_000), internal: z.boolean().default(false) });

export function ticketRoutes(routes: RouteRegistry, ctx: ServiceContext): void {
  routes.add({
    method: 'POST',
    url: '/api/v1/tickets',
    summary: 'File a "Produkt Support" ticket (customers and partners)',
    tags: ['tickets'],
    auth: ['customer', 'partner'],
    status: 201,
    body: z.strictObject({
      title: z.string().trim().min(1).max(300),
      description: z.string().max(100_000).default(''),
      checklist: ChecklistSchema,
      product: z.string().trim().min(1).max(120),
      productVersion: z.string().trim().max(60).default(''),
      category: TicketCategorySchema,
      severity: SeveritySchema,
      endUserCompany: z.strictObject({ name: z.string().trim().min(1).max(200), companyId: z.string().min(1).optional() }).nullable().default(null),
      slaContractNumber: z.string().trim().max(60).nullable().default(null),
      visibility: VisibilitySchema.default('private'),
      participants: z.array(EmailSchema).max(50).default([]),
    }),
    response: TicketSchema,
    handler: async ({ user, body }) => createTicket(ctx, user, body),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/tickets',
    summary: 'Tickets the caller may see (staff: all), paginated',
    tags: ['tickets'],
    auth: 'user',
    query: z.strictObject({
      status: z
        .string()
        .transform((s) => s.split(','))
        .pipe(z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length))
        .optional(),
      assigneeId: z.string().min(1).max(100).optional(),
      organizationId: z.string().min(1).max(100).optional(),
      q: z.string().trim().min(1).max(200).optional(),
      sort: z.enum(['created_desc', 'updated_desc', 'priority']).default('created_desc'),
      limit: queryInt(1, 200, 50),
      offset: queryInt(0, 10_000_000, 0),
    }),
    response: z.strictObject({ items: z.array(TicketSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
    handler: async ({ user, query }) => listVisibleTickets(ctx, user, query),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/tickets/:id',
    summary: 'One ticket (by id or key, e.g. PS-10001)',
    tags: ['tickets'],
    auth: 'user',
    params: IdParams,
    response: TicketSchema,
    handler: async ({ user, params }) => getVisibleTicket(ctx, user, params.id),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/tickets/:id/comments',
    summary: 'Comments of a ticket; internal notes only for estos staff',
    tags: ['tickets'],
    auth: 'user',
    params: IdParams,
    response: z.strictObject({ items: z.array(CommentSchema) }),
    handler: async ({ user, params }) =>
      ctx.store.read(async (tx) => {
        const t = await visibleTicket(tx, user, params.id);
        return { items: (await listComments(tx, t.id, user.staff)).map(commentView) };
      }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/tickets/:id/comments',
    summary: 'Public reply, or internal note (staff only); a customer reply moves waiting statuses to OPEN',
    tags: ['tickets'],
    auth: 'user',
    params: IdParams,
    status: 201,
    body: CommentBody,
    response: z.strictObject({ comment: CommentSchema, ticket: TicketSchema }),
    handler: async ({ user, params, body }) => addComment(ctx, user, params.id, body),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/tickets/:id/history',
    summary: 'Every recorded change (actor, from, to, at); estos-internal entries only for staff',
    tags: ['tickets'],
    auth: 'user',
    params: IdParams,
    response: z.strictObject({ items: z.array(HistorySchema) }),
    handler: async ({ user, params }) =>
      ctx.store.read(async (tx) => {
        const t = await visibleTicket(tx, user, params.id);
        return { items: (await listHistory(tx, t.id, user.staff)).map(historyView) };
      }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/tickets/:id/transitions',
    summary: 'Change the status per the workflow table (staff; the creator may set IMPLEMENTING)',
    tags: ['tickets'],
    auth: 'user',
    params: IdParams,
    body: z.strictObject({ to: TicketStatusSchema }),
    response: TicketSchema,
    handler: async ({ user, params, body }) => transitionTicket(ctx, user, params.id, body.to),
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/tickets/:id',
    summary: 'Triage: category, severity, impact, assignee (staff)',
    tags: ['tickets'],
    auth: STAFF,
    params: IdParams,
    body: z
      .strictObject({
        category: TicketCategorySchema.optional(),
        severity: SeveritySchema.optional(),
        impact: z.number().int().min(0).max(1_000_000).optional(),
        assigneeId: z.string().min(1).nullable().optional(),
      })
      .refine((b) => Object.keys(b).length > 0, 'give at least one field'),
    response: TicketSchema,
    handler: async ({ user, params, body }) => updateTicketFields(ctx, user, params.id, body),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/tickets/:id/participants',
    summary: 'Add a participant (an e-mail of the reporter’s organisation)',
    tags: ['tickets'],
    auth: 'user',
    params: IdParams,
    body: z.strictObject({ email: EmailSchema }),
    response: TicketSchema,
    handler: async ({ user, params, body }) => changeParticipants(ctx, user, params.id, { add: body.email }),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/tickets/:id/participants/:email',
    summary: 'Remove a participant',
    tags: ['tickets'],
    auth: 'user',
    params: z.strictObject({ id: z.string().min(1).max(100), email: EmailSchema }),
    response: TicketSchema,
    handler: async ({ user, params }) => changeParticipants(ctx, user, params.id, { remove: params.email }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/tickets/:id/link',
    summary: 'Link to an outage / known problem (null unlinks); the target’s impact = distinct linked organisations (staff)',
    tags: ['tickets'],
    auth: STAFF,
    params: IdParams,
    body: z.strictObject({ targetId: z.string().min(1).max(100).nullable() }),
    response: TicketSchema,
    handler: async ({ user, params, body }) => linkTicket(ctx, user, params.id, body.targetId),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/tickets/:id/misconfiguration',
    summary: 'Mark or clear misconfiguration (SLA exemption; staff, audited)',
    tags: ['tickets'],
    auth: STAFF,
    params: IdParams,
    body: z.strictObject({ misconfiguration: z.boolean(), reason: z.string().trim().min(1).max(2000) }),
    response: TicketSchema,
    handler: async ({ user, params, body }) => setMisconfiguration(ctx, user, params.id, body.misconfiguration, body.reason),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/tickets/:id/escalations',
    summary: 'Escalations of a ticket',
    tags: ['escalations'],
    auth: 'user',
    params: IdParams,
    response: z.strictObject({ items: z.array(EscalationSchema) }),
    handler: async ({ user, params }) =>
      ctx.store.read(async (tx) => {
        const t = await visibleTicket(tx, user, params.id);
        return { items: (await listEscalationsForTicket(tx, t.id)).map(escalationView) };
      }),
  });
}
