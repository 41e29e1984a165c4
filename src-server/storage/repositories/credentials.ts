import type { Tx } from '../store';

export interface AuthTokenRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export async function insertAuthToken(tx: Tx, t: { tokenHash: string; userId: string; expiresAt: string }): Promise<void> {
  await tx.run('INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
    t.tokenHash,
    t.userId,
    tx.nowIso,
    t.expiresAt,
  ]);
}

export function getAuthToken(tx: Tx, tokenHash: string): Promise<AuthTokenRow | undefined> {
  return tx.get<AuthTokenRow>('SELECT * FROM auth_tokens WHERE token_hash = ?', [tokenHash]);
}

export async function revokeAuthToken(tx: Tx, tokenHash: string): Promise<void> {
  await tx.run('UPDATE auth_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [tx.nowIso, tokenHash]);
}

export interface PasswordTokenRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export async function insertPasswordToken(tx: Tx, t: { tokenHash: string; userId: string; expiresAt: string }): Promise<void> {
  await tx.run('INSERT INTO password_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
    t.tokenHash,
    t.userId,
    tx.nowIso,
    t.expiresAt,
  ]);
}

export function getPasswordToken(tx: Tx, tokenHash: string): Promise<PasswordTokenRow | undefined> {
  return tx.get<PasswordTokenRow>('SELECT * FROM password_tokens WHERE token_hash = ?', [tokenHash]);
}

export async function markPasswordTokenUsed(tx: Tx, tokenHash: string): Promise<void> {
  await tx.run('UPDATE password_tokens SET used_at = ? WHERE token_hash = ?', [tx.nowIso, tokenHash]);
}

export interface AccessRequestRow {
  id: string;
  name: string;
  email: string;
  company: string;
  reason: string;
  language: 'de' | 'en';
  status: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  user_id: string | null;
  created_at: string;
}

export async function insertAccessRequest(
  tx: Tx,
  r: { id: string; name: string; email: string; company: string; reason: string; language: 'de' | 'en' },
): Promise<void> {
  await tx.run(
    `INSERT INTO access_requests (id, name, email, company, reason, language, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
    [r.id, r.name, r.email, r.company, r.reason, r.language, tx.nowIso],
  );
}

export function getAccessRequest(tx: Tx, id: string): Promise<AccessRequestRow | undefined> {
  return tx.get<AccessRequestRow>('SELECT * FROM access_requests WHERE id = ?', [id]);
}

export function findPendingAccessRequestByEmail(tx: Tx, email: string): Promise<AccessRequestRow | undefined> {
  return tx.get<AccessRequestRow>("SELECT * FROM access_requests WHERE email = ? AND status = 'pending'", [email]);
}

export function listAccessRequests(tx: Tx, status: string | null): Promise<AccessRequestRow[]> {
  return status
    ? tx.all<AccessRequestRow>('SELECT * FROM access_requests WHERE status = ? ORDER BY created_at, id', [status])
    : tx.all<AccessRequestRow>('SELECT * FROM access_requests ORDER BY created_at, id');
}

export async function decideAccessRequest(
  tx: Tx,
  d: { id: string; status: 'approved' | 'rejected'; decidedBy: string; note: string | null; userId: string | null },
): Promise<void> {
  await tx.run(
    `UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, user_id = ? WHERE id = ? AND status = 'pending'`,
    [d.status, d.decidedBy, tx.nowIso, d.note, d.userId, d.id],
  );
}
