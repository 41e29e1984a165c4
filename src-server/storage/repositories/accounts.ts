import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../../src-shared/domain/ticket';
import type { Tx } from '../store';

export type Language = 'de' | 'en';
export type OrganizationKind = 'customer' | 'partner' | 'estos';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organization_id: string | null;
  org_admin: 0 | 1;
  language: Language;
  password_hash: string | null;
  active: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface OrganizationRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  registered_end_user: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface EndUserCompanyRow {
  id: string;
  partner_organization_id: string;
  name: string;
  registered: 0 | 1;
  created_at: string;
  updated_at: string;
}

export async function insertOrganization(
  tx: Tx,
  o: { id?: string; name: string; kind: OrganizationKind; registeredEndUser: boolean },
): Promise<OrganizationRow> {
  const id = o.id ?? randomUUID();
  await tx.write(
    { entity: 'organization', entityId: id, op: 'upsert' },
    `INSERT INTO organizations (id, name, kind, registered_end_user, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    [id, o.name, o.kind, o.registeredEndUser ? 1 : 0, tx.nowIso, tx.nowIso],
  );
  return (await getOrganization(tx, id))!;
}

export function getOrganization(tx: Tx, id: string): Promise<OrganizationRow | undefined> {
  return tx.get<OrganizationRow>('SELECT * FROM organizations WHERE id = ?', [id]);
}

export function findOrganizationByName(tx: Tx, name: string): Promise<OrganizationRow | undefined> {
  return tx.get<OrganizationRow>('SELECT * FROM organizations WHERE lower(name) = lower(?)', [name]);
}

export function listOrganizations(tx: Tx): Promise<OrganizationRow[]> {
  return tx.all<OrganizationRow>('SELECT * FROM organizations ORDER BY name');
}

export async function insertEndUserCompany(
  tx: Tx,
  c: { id?: string; partnerOrganizationId: string; name: string; registered: boolean },
): Promise<EndUserCompanyRow> {
  const id = c.id ?? randomUUID();
  await tx.write(
    { entity: 'end_user_company', entityId: id, op: 'upsert' },
    `INSERT INTO end_user_companies (id, partner_organization_id, name, registered, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    [id, c.partnerOrganizationId, c.name, c.registered ? 1 : 0, tx.nowIso, tx.nowIso],
  );
  return (await getEndUserCompany(tx, id))!;
}

export function getEndUserCompany(tx: Tx, id: string): Promise<EndUserCompanyRow | undefined> {
  return tx.get<EndUserCompanyRow>('SELECT * FROM end_user_companies WHERE id = ?', [id]);
}

export function listEndUserCompanies(tx: Tx, partnerOrganizationId: string): Promise<EndUserCompanyRow[]> {
  return tx.all<EndUserCompanyRow>('SELECT * FROM end_user_companies WHERE partner_organization_id = ? ORDER BY name', [
    partnerOrganizationId,
  ]);
}

export async function insertUser(
  tx: Tx,
  u: {
    id?: string;
    email: string;
    name: string;
    role: UserRole;
    organizationId: string | null;
    orgAdmin: boolean;
    language: Language;
    passwordHash: string | null;
  },
): Promise<UserRow> {
  const id = u.id ?? randomUUID();
  await tx.write(
    { entity: 'user', entityId: id, op: 'upsert' },
    `INSERT INTO users (id, email, name, role, organization_id, org_admin, language, password_hash, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    [id, u.email, u.name, u.role, u.organizationId, u.orgAdmin ? 1 : 0, u.language, u.passwordHash, tx.nowIso, tx.nowIso],
  );
  return (await getUser(tx, id))!;
}

export function getUser(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
}

export function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  return tx.get<UserRow>('SELECT * FROM users WHERE email = ?', [email]);
}

export function listOrganizationMembers(tx: Tx, organizationId: string): Promise<UserRow[]> {
  return tx.all<UserRow>('SELECT * FROM users WHERE organization_id = ? ORDER BY email', [organizationId]);
}

export async function setUserPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.write(
    { entity: 'user', entityId: userId, op: 'upsert' },
    'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?',
    [passwordHash, tx.nowIso, userId],
  );
}

export async function setUserLanguage(tx: Tx, userId: string, language: Language): Promise<void> {
  await tx.write(
    { entity: 'user', entityId: userId, op: 'upsert' },
    'UPDATE users SET language = ?, updated_at = ? WHERE id = ?',
    [language, tx.nowIso, userId],
  );
}

export async function appendAudit(
  tx: Tx,
  a: { actorId: string | null; action: string; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.run(
    `INSERT INTO audit_log (actor_kind, actor_id, action, target_type, target_id, details_json, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [a.actorId ? 'user' : 'system', a.actorId, a.action, a.targetType, a.targetId, JSON.stringify(a.details ?? {}), tx.nowIso],
  );
}

export interface AuditRow {
  id: number;
  actor_kind: 'user' | 'system';
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details_json: string;
  at: string;
}

export function listAudit(tx: Tx, targetType: string, targetId: string): Promise<AuditRow[]> {
  return tx.all<AuditRow>('SELECT * FROM audit_log WHERE target_type = ? AND target_id = ? ORDER BY id', [targetType, targetId]);
}
