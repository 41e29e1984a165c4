import {
  type AutomaticTransitionConfig,
  type AutomaticTransitionInput,
  AUTOMATIC_RULES,
  nextAutomaticTransition,
} from '../../src-shared/domain/automatic-transitions';
import type { TicketStatus } from '../../src-shared/domain/status';
import type { Tx } from '../storage/store';

/**
 * The due index: which tickets have an automatic transition coming, and when. Derived data, maintained from
 * the sync change log, rebuildable from the tickets table at any time.
 */

export interface TicketTimerRow {
  id: string;
  status: TicketStatus;
  status_changed_at: string;
  last_customer_activity_at: string | null;
}

const TIMED_STATUSES: readonly TicketStatus[] = AUTOMATIC_RULES.map((r) => r.from);
const LOG_BATCH = 1000;

/**
 * What the shared rule needs. `status_changed_at` is when the ticket entered its current status (the service
 * sets it with every status change, automatic ones to their due instant), so it stands in for the last history
 * entry into that status without reading the whole history.
 */
export function timerInput(row: TicketTimerRow): AutomaticTransitionInput {
  return {
    status: row.status,
    statusHistory: [{ at: row.status_changed_at, actor: { kind: 'system' }, from: null, to: row.status }],
    lastCustomerActivityAt: row.last_customer_activity_at,
  };
}

export function loadTimerRow(tx: Tx, ticketId: string): Promise<TicketTimerRow | undefined> {
  return tx.get<TicketTimerRow>(
    'SELECT id, status, status_changed_at, last_customer_activity_at FROM tickets WHERE id = ?',
    [ticketId],
  );
}

/** Brings one ticket's due row in line with the ticket as it is now. */
export async function refreshDue(tx: Tx, ticketId: string, config: AutomaticTransitionConfig): Promise<void> {
  const row = await loadTimerRow(tx, ticketId);
  const next = row ? nextAutomaticTransition(timerInput(row), config) : null;
  if (!next) {
    await tx.run('DELETE FROM automation_due WHERE ticket_id = ?', [ticketId]);
    return;
  }
  await tx.run(
    `INSERT INTO automation_due (ticket_id, due_at, from_status, to_status, rule, failures, last_error)
     VALUES (?, ?, ?, ?, ?, 0, NULL)
     ON CONFLICT (ticket_id) DO UPDATE SET due_at = excluded.due_at, from_status = excluded.from_status,
       to_status = excluded.to_status, rule = excluded.rule, failures = 0, last_error = NULL
     WHERE automation_due.due_at <> excluded.due_at OR automation_due.from_status <> excluded.from_status`,
    [ticketId, new Date(next.dueAt).toISOString(), next.from, next.to, next.rule],
  );
}

/** Rebuilds the whole index from the tickets in a timed status (uses the status index); returns the row count. */
export async function rebuildDueIndex(tx: Tx, config: AutomaticTransitionConfig): Promise<number> {
  await tx.run('DELETE FROM automation_due');
  const placeholders = TIMED_STATUSES.map(() => '?').join(', ');
  const rows = await tx.all<TicketTimerRow>(
    `SELECT id, status, status_changed_at, last_customer_activity_at FROM tickets WHERE status IN (${placeholders})`,
    [...TIMED_STATUSES],
  );
  let n = 0;
  for (const row of rows) {
    const next = nextAutomaticTransition(timerInput(row), config);
    if (!next) continue;
    await tx.run(
      'INSERT INTO automation_due (ticket_id, due_at, from_status, to_status, rule) VALUES (?, ?, ?, ?, ?)',
      [row.id, new Date(next.dueAt).toISOString(), next.from, next.to, next.rule],
    );
    n += 1;
  }
  return n;
}

async function logEnd(tx: Tx): Promise<number> {
  return (await tx.get<{ m: number | null }>('SELECT MAX(sync_id) AS m FROM sync_changes'))?.m ?? 0;
}

/**
 * Reads the change log past the cursor and refreshes every ticket written there. Without a cursor (first
 * start) the index is rebuilt from the tickets and the cursor set to the end of the log. Returns whether more
 * log remains (call again).
 */
export async function indexChanges(tx: Tx, config: AutomaticTransitionConfig): Promise<{ refreshed: number; more: boolean }> {
  const cursor = await tx.get<{ last_sync_id: number }>('SELECT last_sync_id FROM automation_cursor WHERE id = 1');
  if (!cursor) {
    const end = await logEnd(tx);
    const refreshed = await rebuildDueIndex(tx, config);
    await tx.run('INSERT INTO automation_cursor (id, last_sync_id, updated_at) VALUES (1, ?, ?)', [end, tx.nowIso]);
    return { refreshed, more: false };
  }
  const changes = await tx.all<{ sync_id: number; entity: string; entity_id: string }>(
    'SELECT sync_id, entity, entity_id FROM sync_changes WHERE sync_id > ? ORDER BY sync_id LIMIT ?',
    [cursor.last_sync_id, LOG_BATCH],
  );
  if (changes.length === 0) return { refreshed: 0, more: false };
  const tickets = new Set(changes.filter((c) => c.entity === 'ticket').map((c) => c.entity_id));
  for (const id of tickets) await refreshDue(tx, id, config);
  await tx.run('UPDATE automation_cursor SET last_sync_id = ?, updated_at = ? WHERE id = 1', [
    changes[changes.length - 1]!.sync_id,
    tx.nowIso,
  ]);
  return { refreshed: tickets.size, more: changes.length === LOG_BATCH };
}

export async function dueTicketIds(tx: Tx, nowIso: string, limit: number): Promise<string[]> {
  const rows = await tx.all<{ ticket_id: string }>(
    'SELECT ticket_id FROM automation_due WHERE due_at <= ? ORDER BY due_at, ticket_id LIMIT ?',
    [nowIso, limit],
  );
  return rows.map((r) => r.ticket_id);
}

export async function nextDueAt(tx: Tx): Promise<number | null> {
  const r = await tx.get<{ t: string | null }>('SELECT MIN(due_at) AS t FROM automation_due');
  return r?.t ? Date.parse(r.t) : null;
}
