import { randomUUID } from 'node:crypto';
import type { TicketStatus, } from '../../../src-shared/domain/status';
import type { Actor, TicketCategory, Severity, UserRole, Visibility } from '../../../src-shared/domain/ticket';
import type { Dialect, Tx } from '../store';

export interface TicketRow {
  id: string;
  seq: number;
  key: string;
  title: string;
  description: string;
  checklist_json: string;
  product: string;
  product_version: string;
  category: TicketCategory;
  severity: Severity;
  reporter_id: string;
  organization_id: string;
  reporter_role: UserRole;
  end_user_company_json: string | null;
  reporter_org_registered: 0 | 1;
  visibility: Visibility;
  sla_contract_number: string | null;
  impact: number;
  linked_to_ticket_id: string | null;
  assignee_id: string | null;
  escalation_id: string | null;
  misconfiguration: 0 | 1;
  status: TicketStatus;
  status_changed_at: string;
  created_at: string;
  updated_at: string;
  last_customer_activity_at: string | null;
  priority_key: string | null;
}

/** Ticket keys start at PS-10001 (the estos system's numbering looks like PS-10234). */
export const TICKET_KEY_BASE = 10_000;

export async function nextTicketSeq(tx: Tx): Promise<number> {
  const r = await tx.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM tickets');
  return (r?.seq ?? 0) + 1;
}

export type NewTicket = Omit<TicketRow, 'seq' | 'key' | 'created_at' | 'updated_at' | 'status_changed_at'>;

export async function insertTicket(tx: Tx, t: NewTicket): Promise<TicketRow> {
  const seq = await nextTicketSeq(tx);
  const key = `PS-${TICKET_KEY_BASE + seq}`;
  await tx.write(
    { entity: 'ticket', entityId: t.id, op: 'upsert' },
    `INSERT INTO tickets (id, seq, key, title, description, checklist_json, product, product_version, category, severity,
       reporter_id, organization_id, reporter_role, end_user_company_json, reporter_org_registered, visibility,
       sla_contract_number, impact, linked_to_ticket_id, assignee_id, escalation_id, misconfiguration, status,
       status_changed_at, created_at, updated_at, last_customer_activity_at, priority_key)
     VALUES (@id, @seq, @key, @title, @description, @checklist_json, @product, @product_version, @category, @severity,
       @reporter_id, @organization_id, @reporter_role, @end_user_company_json, @reporter_org_registered, @visibility,
       @sla_contract_number, @impact, @linked_to_ticket_id, @assignee_id, @escalation_id, @misconfiguration, @status,
       @now, @now, @now, @last_customer_activity_at, @priority_key)`,
    { ...t, seq, key, now: tx.nowIso },
  );
  return (await getTicket(tx, t.id))!;
}

export function getTicket(tx: Tx, id: string): Promise<TicketRow | undefined> {
  return tx.get<TicketRow>('SELECT * FROM tickets WHERE id = ?', [id]);
}

export function getTicketByKey(tx: Tx, key: string): Promise<TicketRow | undefined> {
  return tx.get<TicketRow>('SELECT * FROM tickets WHERE key = ?', [key]);
}

/** Columns a service may change after creation (never id/seq/key/reporter/created_at). */
export const UPDATABLE_TICKET_COLUMNS = [
  'title',
  'category',
  'severity',
  'visibility',
  'impact',
  'linked_to_ticket_id',
  'assignee_id',
  'escalation_id',
  'misconfiguration',
  'status',
  'status_changed_at',
  'last_customer_activity_at',
  'priority_key',
] as const;
export type TicketPatch = Partial<Pick<TicketRow, (typeof UPDATABLE_TICKET_COLUMNS)[number]>>;

export async function updateTicket(tx: Tx, id: string, patch: TicketPatch): Promise<void> {
  const cols = UPDATABLE_TICKET_COLUMNS.filter((c) => patch[c] !== undefined);
  const sets = [...cols.map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ');
  const params: Record<string, string | number | null> = { id, updated_at: tx.nowIso };
  for (const c of cols) params[c] = patch[c] as string | number | null;
  await tx.write({ entity: 'ticket', entityId: id, op: 'upsert' }, `UPDATE tickets SET ${sets} WHERE id = @id`, params);
}

/** Who is looking: staff see everything; others see own, organisation-shared and participant tickets. */
export interface Viewer {
  userId: string;
  staff: boolean;
  organizationId: string | null;
  email: string;
}

const CUSTOMER_VISIBLE = `(t.reporter_id = @viewer_id
  OR (t.visibility = 'organization' AND t.organization_id = @viewer_org)
  OR EXISTS (SELECT 1 FROM ticket_participants p WHERE p.ticket_id = t.id AND p.email = @viewer_email))`;

export interface TicketListQuery {
  status?: TicketStatus[];
  /** Full-text search over title and description (every word, as a prefix). */
  q?: string;
  assigneeId?: string;
  organizationId?: string;
  sort: 'created_desc' | 'updated_desc' | 'priority';
  limit: number;
  offset: number;
}

const ORDER: Record<TicketListQuery['sort'], string> = {
  created_desc: 't.created_at DESC, t.seq DESC',
  updated_desc: 't.updated_at DESC, t.seq DESC',
  priority: 't.priority_key ASC, t.seq ASC',
};

/**
 * The search condition for `q`: SQLite matches the tickets_fts table (FTS5), PostgreSQL the generated
 * tsvector with both German and English stemming (migration core-0060). Words are letters/digits only and
 * each becomes a prefix term, so user input can never carry query syntax.
 */
function ticketSearchClause(dialect: Dialect, input: string): { clause: string; param: string } | null {
  const words = (input.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12).map((w) => w.slice(0, 64));
  if (words.length === 0) return null;
  if (dialect === 'postgres') {
    const terms = words.map((w) => `${w}:*`).join(' & ');
    return {
      clause: "t.search_vector @@ (to_tsquery('sd_german', @search) || to_tsquery('sd_english', @search))",
      param: terms,
    };
  }
  return {
    clause: 't.seq IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH @search)',
    param: words.map((w) => `"${w}"*`).join(' AND '),
  };
}

export async function listTickets(tx: Tx, viewer: Viewer, q: TicketListQuery): Promise<{ rows: TicketRow[]; total: number }> {
  const where: string[] = [];
  const params: Record<string, string | number | null> = {};
  if (!viewer.staff) {
    where.push(CUSTOMER_VISIBLE);
    params.viewer_id = viewer.userId;
    params.viewer_org = viewer.organizationId;
    params.viewer_email = viewer.email;
  }
  if (q.status?.length) {
    where.push(`t.status IN (${q.status.map((_, i) => `@status${i}`).join(', ')})`);
    q.status.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (q.assigneeId) {
    where.push('t.assignee_id = @assignee');
    params.assignee = q.assigneeId;
  }
  if (q.organizationId) {
    where.push('t.organization_id = @org');
    params.org = q.organizationId;
  }
  if (q.q !== undefined) {
    const search = ticketSearchClause(tx.dialect, q.q);
    // No searchable word in the input: nothing matches (rather than everything).
    where.push(search ? search.clause : '1 = 0');
    if (search) params.search = search.param;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tickets t ${clause}`, params))?.n ?? 0;
  const rows = await tx.all<TicketRow>(
    `SELECT t.* FROM tickets t ${clause} ORDER BY ${ORDER[q.sort]} LIMIT @limit OFFSET @offset`,
    { ...params, limit: q.limit, offset: q.offset },
  );
  return { rows, total };
}

export async function canView(tx: Tx, viewer: Viewer, ticketId: string): Promise<boolean> {
  if (viewer.staff) return true;
  const r = await tx.get<{ ok: number }>(`SELECT 1 AS ok FROM tickets t WHERE t.id = @id AND ${CUSTOMER_VISIBLE}`, {
    id: ticketId,
    viewer_id: viewer.userId,
    viewer_org: viewer.organizationId,
    viewer_email: viewer.email,
  });
  return r !== undefined;
}

/** Impact of an outage / known problem: distinct customer organisations among the tickets linked to it. */
export async function countLinkedOrganizations(tx: Tx, targetId: string): Promise<number> {
  const r = await tx.get<{ n: number }>(
    `SELECT COUNT(DISTINCT organization_id) AS n FROM tickets WHERE linked_to_ticket_id = ? OR id = ?`,
    [targetId, targetId],
  );
  return r?.n ?? 0;
}

// ---- participants ----

export interface ParticipantRow {
  ticket_id: string;
  email: string;
  added_by: string;
  added_at: string;
}

export function listParticipants(tx: Tx, ticketId: string): Promise<ParticipantRow[]> {
  return tx.all<ParticipantRow>('SELECT * FROM ticket_participants WHERE ticket_id = ? ORDER BY email', [ticketId]);
}

export async function addParticipant(tx: Tx, ticketId: string, email: string, addedBy: string): Promise<boolean> {
  const r = await tx.write(
    { entity: 'participant', entityId: `${ticketId}:${email.toLowerCase()}`, op: 'upsert' },
    'INSERT INTO ticket_participants (ticket_id, email, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [ticketId, email.toLowerCase(), addedBy, tx.nowIso],
  );
  return r.changes > 0;
}

export async function removeParticipant(tx: Tx, ticketId: string, email: string): Promise<boolean> {
  const r = await tx.write(
    { entity: 'participant', entityId: `${ticketId}:${email.toLowerCase()}`, op: 'delete' },
    'DELETE FROM ticket_participants WHERE ticket_id = ? AND email = ?',
    [ticketId, email.toLowerCase()],
  );
  return r.changes > 0;
}

// ---- comments ----

export interface CommentRow {
  id: string;
  ticket_id: string;
  author_id: string;
  body: string;
  internal: 0 | 1;
  created_at: string;
}

export async function insertComment(
  tx: Tx,
  c: { ticketId: string; authorId: string; body: string; internal: boolean },
): Promise<CommentRow> {
  const id = randomUUID();
  await tx.write(
    { entity: 'comment', entityId: id, op: 'upsert' },
    'INSERT INTO comments (id, ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [id, c.ticketId, c.authorId, c.body, c.internal ? 1 : 0, tx.nowIso],
  );
  return { id, ticket_id: c.ticketId, author_id: c.authorId, body: c.body, internal: c.internal ? 1 : 0, created_at: tx.nowIso };
}

/** Internal notes are filtered in SQL, so no code path can hand them to a customer by accident. */
export function listComments(tx: Tx, ticketId: string, includeInternal: boolean): Promise<CommentRow[]> {
  return tx.all<CommentRow>(
    `SELECT * FROM comments WHERE ticket_id = ? ${includeInternal ? '' : 'AND internal = 0'} ORDER BY created_at, rowid`,
    [ticketId],
  );
}

// ---- history ----

export interface HistoryRow {
  id: string;
  ticket_id: string;
  actor_kind: 'user' | 'system';
  actor_id: string | null;
  actor_role: UserRole | null;
  field: string;
  from_value: string | null;
  to_value: string | null;
  internal: 0 | 1;
  at: string;
}

export async function appendHistory(
  tx: Tx,
  h: { ticketId: string; actor: Actor; field: string; from: string | null; to: string | null; internal: boolean; at?: string },
): Promise<void> {
  const id = randomUUID();
  await tx.write(
    { entity: 'history', entityId: id, op: 'upsert' },
    `INSERT INTO ticket_history (id, ticket_id, actor_kind, actor_id, actor_role, field, from_value, to_value, internal, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      h.ticketId,
      h.actor.kind,
      h.actor.kind === 'user' ? h.actor.userId : null,
      h.actor.kind === 'user' ? h.actor.role : null,
      h.field,
      h.from,
      h.to,
      h.internal ? 1 : 0,
      h.at ?? tx.nowIso,
    ],
  );
}

export function listHistory(tx: Tx, ticketId: string, includeInternal: boolean): Promise<HistoryRow[]> {
  return tx.all<HistoryRow>(
    `SELECT * FROM ticket_history WHERE ticket_id = ? ${includeInternal ? '' : 'AND internal = 0'} ORDER BY at, rowid`,
    [ticketId],
  );
}

export function listStatusHistory(tx: Tx, ticketId: string): Promise<HistoryRow[]> {
  return tx.all<HistoryRow>(`SELECT * FROM ticket_history WHERE ticket_id = ? AND field = 'status' ORDER BY at, rowid`, [ticketId]);
}
