import { z } from 'zod';
import { DomainError } from '../../src-shared/errors';
import {
  approveAccessRequest,
  login,
  logout,
  rejectAccessRequest,
  setPasswordWithToken,
  submitAccessRequest,
} from '../accounts/account-service';
import { publicUser } from '../accounts/auth-user';
import type { ServiceContext } from '../core/context';
import type { RouteRegistry } from '../http/routes';
import { IdParams } from '../http/validation';
import { getUser, setUserLanguage } from '../storage/repositories/accounts';
import { listAccessRequests } from '../storage/repositories/credentials';
import { isoInstant } from '../../src-shared/domain/ticket';
import { AccessRequestSchema, EmailSchema, IssuedAccountSchema, LanguageSchema, PasswordSchema, PublicUserSchema } from './schemas';

const STAFF = ['agent', 'team_lead', 'admin'] as const;

export function accountRoutes(routes: RouteRegistry, ctx: ServiceContext): void {
  routes.add({
    method: 'POST',
    url: '/api/v1/access-requests',
    summary: 'Ask estos for access to the ticket system (public; staff approve or reject)',
    tags: ['accounts'],
    auth: 'public',
    status: 202,
    body: z.strictObject({
      name: z.string().trim().min(1).max(200),
      email: EmailSchema,
      company: z.string().trim().min(1).max(200),
      reason: z.string().trim().min(1).max(5000),
      language: LanguageSchema.default('de'),
    }),
    response: z.strictObject({ status: z.literal('received') }),
    handler: async ({ body }) => {
      await submitAccessRequest(ctx, body);
      return { status: 'received' as const };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/access-requests',
    summary: 'List access requests (staff)',
    tags: ['accounts'],
    auth: STAFF,
    query: z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).optional() }),
    response: z.strictObject({ items: z.array(AccessRequestSchema) }),
    handler: async ({ query }) => {
      const rows = await ctx.store.read((tx) => listAccessRequests(tx, query.status ?? null));
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          company: r.company,
          reason: r.reason,
          language: r.language,
          status: r.status,
          decidedBy: r.decided_by,
          decidedAt: r.decided_at,
          decisionNote: r.decision_note,
          userId: r.user_id,
          createdAt: r.created_at,
        })),
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/access-requests/:id/approve',
    summary: 'Approve an access request: creates the account and a one-time set-password token (staff, audited)',
    tags: ['accounts'],
    auth: STAFF,
    params: IdParams,
    status: 201,
    body: z.strictObject({
      role: z.enum(['customer', 'partner']),
      organizationId: z.string().min(1).optional(),
      newOrganization: z
        .strictObject({
          name: z.string().trim().min(1).max(200),
          kind: z.enum(['customer', 'partner']),
          registeredEndUser: z.boolean().default(false),
        })
        .optional(),
      orgAdmin: z.boolean().default(false),
    }),
    response: IssuedAccountSchema,
    handler: async ({ params, body, user }) => {
      if ((body.organizationId === undefined) === (body.newOrganization === undefined)) {
        throw new DomainError('VALIDATION_FAILED', 'give exactly one of organizationId and newOrganization');
      }
      const organization = body.organizationId !== undefined ? { organizationId: body.organizationId } : { newOrganization: body.newOrganization! };
      return approveAccessRequest(ctx, user, params.id, { role: body.role, organization, orgAdmin: body.orgAdmin });
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/access-requests/:id/reject',
    summary: 'Reject an access request (staff, audited)',
    tags: ['accounts'],
    auth: STAFF,
    params: IdParams,
    body: z.strictObject({ note: z.string().max(2000).optional() }),
    handler: async ({ params, body, user }) => {
      await rejectAccessRequest(ctx, user, params.id, body.note ?? null);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/set-password',
    summary: 'Set the password with the one-time token issued on approval',
    tags: ['auth'],
    auth: 'public',
    body: z.strictObject({ token: z.string().min(20).max(200), password: PasswordSchema }),
    handler: async ({ body }) => {
      await setPasswordWithToken(ctx, body.token, body.password);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Log in; returns a bearer token (rate-limited per account and per address)',
    tags: ['auth'],
    auth: 'public',
    body: z.strictObject({ email: EmailSchema, password: z.string().min(1).max(200) }),
    response: z.strictObject({ token: z.string(), expiresAt: isoInstant, user: PublicUserSchema }),
    handler: async ({ body, request }) => login(ctx, body.email, body.password, request.ip),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'Revoke the bearer token used for this request',
    tags: ['auth'],
    auth: 'user',
    handler: async ({ user }) => {
      await logout(ctx, user);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/me',
    summary: 'The logged-in user',
    tags: ['auth'],
    auth: 'user',
    response: PublicUserSchema,
    handler: async ({ user }) => {
      const row = await ctx.store.read((tx) => getUser(tx, user.id));
      if (!row) throw new DomainError('NOT_FOUND', 'user vanished');
      return publicUser(row);
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/me',
    summary: 'Change the preferred language',
    tags: ['auth'],
    auth: 'user',
    body: z.strictObject({ language: LanguageSchema }),
    response: PublicUserSchema,
    handler: async ({ user, body }) => {
      const row = await ctx.store.transaction(async (tx) => {
        await setUserLanguage(tx, user.id, body.language);
        return getUser(tx, user.id);
      });
      return publicUser(row!);
    },
  });
}
