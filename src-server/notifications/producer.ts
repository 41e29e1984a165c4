import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { isStaffRole } from '../../src-shared/domain/ticket';
import type { UserRow } from '../storage/repositories/accounts';
import type { CommentRow, HistoryRow, TicketRow } from '../storage/repositories/tickets';
import type { Tx } from '../storage/store';
import { selectRecipients, type RecipientCandidate } from './recipients';
import { renderNotification, type NotificationActor, type NotificationEvent, type NotificationLanguage } from './render';

/**
 * Turns committed ticket changes into outbox rows.
 *
 * It reads the sync change log (`sync_changes`), which every write to `ticket_history` and `comments` appends
 * to in the same transaction (Tx.write guarantees it). So a status change or public comment cannot be
 * committed without this producer eventually seeing it: a crash between the change and the outbox insert
 * only delays the mail, and the cursor advances in the same transaction as the inserted rows, so nothing is
 * queued twice (the UNIQUE key on the outbox guards the rest). No route has to remember to notify.
 */

const BATCH = 500;

// The columns each statement below selects, typed by the repositories' row types (one description per table).
type UserLite = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'language' | 'active'>;
type TicketLite = Pick<TicketRow, 'id' | 'key' | 'title' | 'status' | 'reporter_id'>;
type HistoryLite = Pick<
  HistoryRow,
  'id' | 'ticket_id' | 'actor_kind' | 'actor_id' | 'actor_role' | 'field' | 'from_value' | 'to_value' | 'internal'
>;
type CommentLite = Pick<CommentRow, 'id' | 'ticket_id' | 'author_id' | 'body' | 'internal'>;

function isStatus(v: string | null): v is TicketStatus {
  return v !== null && (TICKET_STATUSES as readonly string[]).includes(v);
}

/** Creates the cursor at the current end of the log if it does not exist yet. */
export async function ensureCursor(tx: Tx): Promise<number> {
  const row = await tx.get<{ last_sync_id: number }>('SELECT last_sync_id FROM notification_cursor WHERE id = 1');
  if (row) return row.last_sync_id;
  const end = (await tx.get<{ m: number | null }>('SELECT MAX(sync_id) AS m FROM sync_changes'))?.m ?? 0;
  await tx.run('INSERT INTO notification_cursor (id, last_sync_id, updated_at) VALUES (1, ?, ?)', [end, tx.nowIso]);
  return end;
}

export interface ProduceResult {
  /** Outbox rows inserted. */
  queued: number;
  /** True when the log may hold more unread changes (call again). */
  more: boolean;
}

/** Reads one batch of the change log past the cursor and queues the notifications it implies. */
export async function produceBatch(tx: Tx): Promise<ProduceResult> {
  const cursor = await ensureCursor(tx);
  const changes = await tx.all<{ sync_id: number; entity: string; entity_id: string }>(
    `SELECT sync_id, entity, entity_id FROM sync_changes WHERE sync_id > ? ORDER BY sync_id LIMIT ?`,
    [cursor, BATCH],
  );
  if (changes.length === 0) return { queued: 0, more: false };
  let queued = 0;
  for (const c of changes) {
    if (c.entity === 'history') queued += await fromHistory(tx, c.entity_id);
    else if (c.entity === 'comment') queued += await fromComment(tx, c.entity_id);
  }
  const last = changes[changes.length - 1]!.sync_id;
  await tx.run('UPDATE notification_cursor SET last_sync_id = ?, updated_at = ? WHERE id = 1', [last, tx.nowIso]);
  return { queued, more: changes.length === BATCH };
}

async function fromHistory(tx: Tx, historyId: string): Promise<number> {
  const h = await tx.get<HistoryLite>(
    'SELECT id, ticket_id, actor_kind, actor_id, actor_role, field, from_value, to_value, internal FROM ticket_history WHERE id = ?',
    [historyId],
  );
  // Only customer-visible status changes notify; other fields (assignee, priority, …) are estos-internal work.
  if (!h || h.field !== 'status' || h.internal === 1 || !isStatus(h.to_value)) return 0;
  const ticket = await loadTicket(tx, h.ticket_id);
  if (!ticket) return 0;
  const actorUser = h.actor_kind === 'user' && h.actor_id ? await loadUser(tx, h.actor_id) : undefined;
  const event: NotificationEvent = {
    kind: 'status',
    ticketKey: ticket.key,
    title: ticket.title,
    from: isStatus(h.from_value) ? h.from_value : null,
    to: h.to_value,
    actor: displayActor(h.actor_kind, actorUser),
  };
  return queue(tx, ticket, 'status', h.id, event, { userId: h.actor_id, email: actorUser?.email ?? null });
}

async function fromComment(tx: Tx, commentId: string): Promise<number> {
  const c = await tx.get<CommentLite>('SELECT id, ticket_id, author_id, body, internal FROM comments WHERE id = ?', [commentId]);
  // Internal notes notify nobody outside estos: the outbox only ever mails customer-side recipients.
  if (!c || c.internal === 1) return 0;
  const ticket = await loadTicket(tx, c.ticket_id);
  if (!ticket) return 0;
  const author = await loadUser(tx, c.author_id);
  const event: NotificationEvent = {
    kind: 'comment',
    ticketKey: ticket.key,
    title: ticket.title,
    status: ticket.status,
    body: c.body,
    actor: displayActor('user', author),
  };
  return queue(tx, ticket, 'comment', c.id, event, { userId: c.author_id, email: author?.email ?? null });
}

function displayActor(kind: 'user' | 'system', user: UserLite | undefined): NotificationActor {
  if (kind === 'system') return { kind: 'system' };
  if (!user || isStaffRole(user.role)) return { kind: 'staff' };
  return { kind: 'customer', name: user.name };
}

function loadTicket(tx: Tx, id: string): Promise<TicketLite | undefined> {
  return tx.get<TicketLite>('SELECT id, key, title, status, reporter_id FROM tickets WHERE id = ?', [id]);
}

function loadUser(tx: Tx, id: string): Promise<UserLite | undefined> {
  return tx.get<UserLite>('SELECT id, email, name, role, language, active FROM users WHERE id = ?', [id]);
}

function candidate(user: UserLite): RecipientCandidate {
  return { email: user.email, userId: user.id, language: user.language, active: user.active === 1 };
}

async function queue(
  tx: Tx,
  ticket: TicketLite,
  sourceKind: 'status' | 'comment',
  sourceId: string,
  event: NotificationEvent,
  actor: { userId: string | null; email: string | null },
): Promise<number> {
  const reporter = await loadUser(tx, ticket.reporter_id);
  const participantRows = await tx.all<{ email: string; id: string | null; language: NotificationLanguage | null; active: 0 | 1 | null }>(
    `SELECT p.email AS email, u.id AS id, u.language AS language, u.active AS active
       FROM ticket_participants p LEFT JOIN users u ON u.email = p.email
      WHERE p.ticket_id = ? ORDER BY p.email`,
    [ticket.id],
  );
  const recipients = selectRecipients({
    reporter: reporter ? candidate(reporter) : null,
    participants: participantRows.map((p) => ({
      email: p.email,
      userId: p.id,
      language: p.language,
      active: p.active === null || p.active === 1,
    })),
    actor,
  });
  const rendered = new Map<NotificationLanguage, ReturnType<typeof renderNotification>>();
  let inserted = 0;
  for (const r of recipients) {
    let mail = rendered.get(r.language);
    if (!mail) {
      mail = renderNotification(event, r.language);
      rendered.set(r.language, mail);
    }
    const res = await tx.run(
      `INSERT INTO notification_outbox
         (ticket_id, source_kind, source_id, recipient_email, recipient_user_id, language, subject, body_text,
          state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, NULL, ?)
       ON CONFLICT DO NOTHING`,
      [ticket.id, sourceKind, sourceId, r.email, r.userId, r.language, mail.subject, mail.text, tx.nowIso],
    );
    inserted += res.changes;
  }
  return inserted;
}
