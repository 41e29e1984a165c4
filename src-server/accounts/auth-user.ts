import type { Actor, UserRole } from '../../src-shared/domain/ticket';
import { isStaffRole } from '../../src-shared/domain/ticket';
import type { Language, UserRow } from '../storage/repositories/accounts';
import type { Viewer } from '../storage/repositories/tickets';

/** The public view of a user: never credentials. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organizationId: string | null;
  orgAdmin: boolean;
  language: Language;
}

/** The caller of a request, resolved from its bearer token. */
export interface AuthUser extends PublicUser {
  staff: boolean;
  /** sha256 of the bearer token, for logout. */
  tokenHash: string;
}

export function authUserFrom(row: UserRow, tokenHash: string): AuthUser {
  return { ...publicUser(row), staff: isStaffRole(row.role), tokenHash };
}

export function actorOf(user: AuthUser): Actor {
  return { kind: 'user', userId: user.id, role: user.role };
}

export function viewerOf(user: AuthUser): Viewer {
  return { userId: user.id, staff: user.staff, organizationId: user.organizationId, email: user.email.toLowerCase() };
}

/** Lists the fields one by one, so a credential column added to UserRow can never leak through. */
export function publicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organization_id,
    orgAdmin: row.org_admin === 1,
    language: row.language,
  };
}
