import { randomUUID } from 'node:crypto';
import { isStaffRole, type UserRole } from '../../src-shared/domain/ticket';
import { DomainError } from '../../src-shared/errors';
import { toIso } from '../core/clock';
import type { ServiceContext } from '../core/context';
import {
  appendAudit,
  findOrganizationByName,
  findUserByEmail,
  getOrganization,
  insertOrganization,
  insertUser,
  type Language,
  type OrganizationKind,
  setUserPassword,
  type UserRow,
} from '../storage/repositories/accounts';
import {
  decideAccessRequest,
  findPendingAccessRequestByEmail,
  getAccessRequest,
  getPasswordToken,
  insertAccessRequest,
  insertAuthToken,
  insertPasswordToken,
  markPasswordTokenUsed,
  revokeAuthToken,
} from '../storage/repositories/credentials';
import type { Tx } from '../storage/store';
import { type AuthUser, publicUser } from './auth-user';
import { hashPassword, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface IssuedSetPasswordToken {
  setPasswordToken: string;
  expiresAt: string;
}

async function issueSetPasswordToken(ctx: ServiceContext, tx: Tx, userId: string): Promise<IssuedSetPasswordToken> {
  const token = newToken();
  const expiresAt = toIso(tx.nowMs + ctx.config.setPasswordTtlMs);
  await insertPasswordToken(tx, { tokenHash: hashToken(token), userId, expiresAt });
  return { setPasswordToken: token, expiresAt };
}

export async function submitAccessRequest(
  ctx: ServiceContext,
  r: { name: string; email: string; company: string; reason: string; language: Language },
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    // Same answer whether or not the address is known, so the public route cannot be used to probe accounts.
    if (await findUserByEmail(tx, r.email)) return;
    if (await findPendingAccessRequestByEmail(tx, r.email)) return;
    await insertAccessRequest(tx, { id: randomUUID(), ...r });
  });
}

export type OrganizationChoice =
  | { organizationId: string }
  | { newOrganization: { name: string; kind: Exclude<OrganizationKind, 'estos'>; registeredEndUser: boolean } };

export async function approveAccessRequest(
  ctx: ServiceContext,
  staff: AuthUser,
  id: string,
  d: { role: Extract<UserRole, 'customer' | 'partner'>; organization: OrganizationChoice; orgAdmin: boolean },
): Promise<{ user: ReturnType<typeof publicUser> } & IssuedSetPasswordToken> {
  return ctx.store.transaction(async (tx) => {
    const req = await getAccessRequest(tx, id);
    if (!req) throw new DomainError('NOT_FOUND', 'no such access request');
    if (req.status !== 'pending') throw new DomainError('CONFLICT', `access request was already ${req.status}`);
    if (await findUserByEmail(tx, req.email)) throw new DomainError('CONFLICT', 'an account with this e-mail already exists');
    let organizationId: string;
    if ('organizationId' in d.organization) {
      const org = await getOrganization(tx, d.organization.organizationId);
      if (!org) throw new DomainError('NOT_FOUND', 'no such organization');
      if (org.kind === 'estos') throw new DomainError('VALIDATION_FAILED', 'customer accounts cannot join the estos organisation');
      if ((org.kind === 'partner') !== (d.role === 'partner')) {
        throw new DomainError('VALIDATION_FAILED', `role ${d.role} does not fit a ${org.kind} organisation`);
      }
      organizationId = org.id;
    } else {
      const o = d.organization.newOrganization;
      if ((o.kind === 'partner') !== (d.role === 'partner')) {
        throw new DomainError('VALIDATION_FAILED', `role ${d.role} does not fit a ${o.kind} organisation`);
      }
      if (await findOrganizationByName(tx, o.name)) throw new DomainError('CONFLICT', 'an organisation with this name exists');
      organizationId = (await insertOrganization(tx, { name: o.name, kind: o.kind, registeredEndUser: o.registeredEndUser })).id;
    }
    const user = await insertUser(tx, {
      email: req.email,
      name: req.name,
      role: d.role,
      organizationId,
      orgAdmin: d.orgAdmin,
      language: req.language,
      passwordHash: null,
    });
    await decideAccessRequest(tx, { id, status: 'approved', decidedBy: staff.id, note: null, userId: user.id });
    await appendAudit(tx, {
      actorId: staff.id,
      action: 'access_request.approved',
      targetType: 'access_request',
      targetId: id,
      details: { userId: user.id, role: d.role, organizationId },
    });
    return { user: publicUser(user), ...(await issueSetPasswordToken(ctx, tx, user.id)) };
  });
}

export async function rejectAccessRequest(ctx: ServiceContext, staff: AuthUser, id: string, note: string | null): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const req = await getAccessRequest(tx, id);
    if (!req) throw new DomainError('NOT_FOUND', 'no such access request');
    if (req.status !== 'pending') throw new DomainError('CONFLICT', `access request was already ${req.status}`);
    await decideAccessRequest(tx, { id, status: 'rejected', decidedBy: staff.id, note, userId: null });
    await appendAudit(tx, { actorId: staff.id, action: 'access_request.rejected', targetType: 'access_request', targetId: id, details: { note } });
  });
}

export async function setPasswordWithToken(ctx: ServiceContext, token: string, password: string): Promise<void> {
  // Hash outside the transaction: scrypt is slow and must not hold the store's write lock.
  const passwordHash = await hashPassword(password, ctx.config.scrypt);
  await ctx.store.transaction(async (tx) => {
    const tokenHash = hashToken(token);
    const row = await getPasswordToken(tx, tokenHash);
    if (!row || row.used_at !== null || Date.parse(row.expires_at) <= tx.nowMs) {
      throw new DomainError('UNAUTHENTICATED', 'set-password token is invalid, used or expired');
    }
    await setUserPassword(tx, row.user_id, passwordHash);
    await markPasswordTokenUsed(tx, tokenHash);
    await appendAudit(tx, { actorId: row.user_id, action: 'user.password_set', targetType: 'user', targetId: row.user_id });
  });
}

// A valid hash of a random password, verified when the account does not exist so both paths cost the same.
let dummyHash: Promise<string> | null = null;

export async function login(
  ctx: ServiceContext,
  email: string,
  password: string,
  address: string,
): Promise<{ token: string; expiresAt: string; user: ReturnType<typeof publicUser> }> {
  const accountKey = email.toLowerCase();
  const wait = Math.max(ctx.loginFailures.account.blockedFor(accountKey), ctx.loginFailures.address.blockedFor(address));
  if (wait > 0) throw new DomainError('RATE_LIMITED', 'too many failed logins; try again later', { retryAfterSeconds: wait });

  const user = await ctx.store.read((tx) => findUserByEmail(tx, email));
  const stored = user?.password_hash ?? (await (dummyHash ??= hashPassword(newToken(), ctx.config.scrypt)));
  const ok = (await verifyPassword(password, stored)) && user !== undefined && user.password_hash !== null && user.active === 1;
  if (!ok || !user) {
    ctx.loginFailures.account.fail(accountKey);
    ctx.loginFailures.address.fail(address);
    ctx.log.info({ address }, 'login failed');
    throw new DomainError('UNAUTHENTICATED', 'invalid e-mail or password');
  }
  ctx.loginFailures.account.reset(accountKey);
  const token = newToken();
  const expiresAt = await ctx.store.transaction(async (tx) => {
    const at = toIso(tx.nowMs + ctx.config.tokenTtlMs);
    await insertAuthToken(tx, { tokenHash: hashToken(token), userId: user.id, expiresAt: at });
    return at;
  });
  return { token, expiresAt, user: publicUser(user) };
}

export async function logout(ctx: ServiceContext, user: AuthUser): Promise<void> {
  await ctx.store.transaction((tx) => revokeAuthToken(tx, user.tokenHash));
}

/**
 * Creates an account without an access request: an organisation admin adding a colleague ("Weitere
 * Ansprechpartner anlegen"), or an estos admin creating staff. Returns a one-time set-password token.
 */
export async function createAccount(
  ctx: ServiceContext,
  creator: AuthUser,
  u: { email: string; name: string; role: UserRole; organizationId: string | null; orgAdmin: boolean; language: Language },
): Promise<{ user: ReturnType<typeof publicUser> } & IssuedSetPasswordToken> {
  return ctx.store.transaction(async (tx) => {
    if (await findUserByEmail(tx, u.email)) throw new DomainError('CONFLICT', 'an account with this e-mail already exists');
    if (u.organizationId !== null && !(await getOrganization(tx, u.organizationId))) {
      throw new DomainError('NOT_FOUND', 'no such organization');
    }
    const user: UserRow = await insertUser(tx, { ...u, passwordHash: null });
    await appendAudit(tx, {
      actorId: creator.id,
      action: isStaffRole(u.role) ? 'user.staff_created' : 'user.contact_created',
      targetType: 'user',
      targetId: user.id,
      details: { role: u.role, organizationId: u.organizationId },
    });
    return { user: publicUser(user), ...(await issueSetPasswordToken(ctx, tx, user.id)) };
  });
}
