import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UserRole } from '../../src-shared/domain/ticket';
import { DomainError } from '../../src-shared/errors';
import type { AuthUser } from '../accounts/auth-user';
import { parseInput } from './validation';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** 'public': no token; 'user': any logged-in user; a role list: only those roles. */
export type AuthRequirement = 'public' | 'user' | readonly UserRole[];

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The authenticated user; throws UNAUTHENTICATED on public routes without a token. */
  readonly user: AuthUser;
  readonly userOrNull: AuthUser | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: HttpMethod;
  /** Fastify path syntax, e.g. /api/v1/tickets/:id */
  url: string;
  summary: string;
  tags: readonly string[];
  auth: AuthRequirement;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documents the success body in OpenAPI (not enforced at runtime). */
  response?: z.ZodType<R>;
  status?: number;
  handler: (ctx: HandlerContext<P, Q, B>) => Promise<R>;
}

export type AnyRoute = RouteSpec<never, never, never, unknown>;

const EmptyBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

/**
 * Declares routes with their zod schemas. Every route goes through here, so validation, authentication and
 * the OpenAPI document cannot drift apart: the document is generated from `routes`.
 */
export class RouteRegistry {
  readonly routes: RouteSpec[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly authenticate: (request: FastifyRequest) => Promise<AuthUser | null>,
  ) {}

  add<P, Q, B, R>(spec: RouteSpec<P, Q, B, R>): void {
    this.routes.push(spec as unknown as RouteSpec);
    const authenticate = this.authenticate;
    this.app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request, reply) => {
        const user = await authenticate(request);
        if (spec.auth !== 'public') {
          if (!user) throw new DomainError('UNAUTHENTICATED', 'a valid bearer token is required');
          if (spec.auth !== 'user' && !spec.auth.includes(user.role)) {
            throw new DomainError('FORBIDDEN', `role ${user.role} may not use ${spec.method} ${spec.url}`);
          }
        }
        const params = parseInput((spec.params ?? z.strictObject({})) as z.ZodType<P>, request.params ?? {}, 'params');
        const query = parseInput((spec.query ?? z.strictObject({})) as z.ZodType<Q>, request.query ?? {}, 'query');
        const body = spec.body ? parseInput(spec.body, request.body, 'body') : (parseInput(EmptyBody, request.body, 'body'), undefined as B);
        const ctx: HandlerContext<P, Q, B> = {
          params: params as P,
          query: query as Q,
          body: body as B,
          get user(): AuthUser {
            if (!user) throw new DomainError('UNAUTHENTICATED', 'a valid bearer token is required');
            return user;
          },
          userOrNull: user,
          request,
          reply,
        };
        const result = await spec.handler(ctx);
        // A streaming handler (SSE) took the raw response over; sending here would log "Reply was already sent".
        if (reply.sent) return reply;
        if (result === undefined) return reply.status(spec.status ?? 204).send();
        return reply.status(spec.status ?? 200).send(result);
      },
    });
  }
}
