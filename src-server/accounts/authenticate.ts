import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../src-shared/errors';
import type { ServiceContext } from '../core/context';
import { getUser } from '../storage/repositories/accounts';
import { getAuthToken } from '../storage/repositories/credentials';
import { type AuthUser, authUserFrom } from './auth-user';
import { hashToken } from './tokens';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/**
 * Resolves the bearer token to a user, or null when no Authorization header is sent. A header that is sent but
 * invalid, expired or revoked is an error even on public routes, so clients notice a dead session.
 */
export async function authenticateRequest(ctx: ServiceContext, request: FastifyRequest): Promise<AuthUser | null> {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const m = BEARER.exec(header);
  if (!m?.[1]) throw new DomainError('UNAUTHENTICATED', 'malformed Authorization header (expected "Bearer <token>")');
  const tokenHash = hashToken(m[1]);
  return ctx.store.read(async (tx) => {
    const token = await getAuthToken(tx, tokenHash);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'unknown token');
    if (token.revoked_at !== null) throw new DomainError('UNAUTHENTICATED', 'token was revoked', { reason: 'revoked' });
    if (Date.parse(token.expires_at) <= ctx.clock.now()) throw new DomainError('UNAUTHENTICATED', 'token expired', { reason: 'expired' });
    const user = await getUser(tx, token.user_id);
    if (!user || user.active !== 1) throw new DomainError('UNAUTHENTICATED', 'account is disabled');
    return authUserFrom(user, tokenHash);
  });
}
