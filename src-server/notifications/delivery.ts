import type { Store } from '../storage/store';
import { retryDelayMs, type RetryPolicy } from './backoff';
import type { Mailer } from './mailer';

/**
 * Delivery of outbox rows, at most once per row:
 * 1. claim: in one transaction, pending rows that are due become `sending` (attempts + 1);
 * 2. send over SMTP outside any transaction (the network must not hold the database lock);
 * 3. record: in one transaction, `sent` — or back to `pending` with a later `next_attempt_at`, or `failed`.
 *
 * SMTP cannot join our transaction, so the gap between 2 and 3 is unavoidable: if the process dies there, the
 * mail may or may not have left. Such rows are found in `sending` at the next start and marked failed rather
 * than resent (see recoverInterrupted): a lost notification is preferred to a duplicate one. Every other path
 * is exactly once per row.
 */

export interface OutboxRow {
  id: number;
  recipient_email: string;
  subject: string;
  body_text: string;
  attempts: number;
}

const CLAIM_BATCH = 20;
// Long enough to diagnose (server reply, errno), short enough not to bloat the table.
const MAX_ERROR_CHARS = 500;

export async function claimDue(store: Store, nowIso: string, limit = CLAIM_BATCH): Promise<OutboxRow[]> {
  return store.transaction(async (tx) => {
    const rows = await tx.all<OutboxRow>(
      `SELECT id, recipient_email, subject, body_text, attempts FROM notification_outbox
        WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        ORDER BY next_attempt_at IS NOT NULL, next_attempt_at, id LIMIT ?`,
      [nowIso, limit],
    );
    for (const r of rows) {
      await tx.run(
        `UPDATE notification_outbox SET state = 'sending', attempts = attempts + 1, claimed_at = ? WHERE id = ? AND state = 'pending'`,
        [nowIso, r.id],
      );
      r.attempts += 1;
    }
    return rows;
  });
}

export async function markSent(store: Store, id: number, nowIso: string): Promise<void> {
  await store.transaction((tx) =>
    tx.run(`UPDATE notification_outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ? AND state = 'sending'`, [nowIso, id]),
  );
}

/** A 5xx reply is the server saying "never" (unknown mailbox, policy): retrying cannot help. */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { responseCode?: unknown }).responseCode : undefined;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function describeError(err: unknown): string {
  const e = err as { responseCode?: unknown; code?: unknown; message?: unknown };
  const parts = [e.responseCode, e.code, e.message].filter((p) => typeof p === 'string' || typeof p === 'number');
  return (parts.length ? parts.join(' ') : String(err)).slice(0, MAX_ERROR_CHARS);
}

export async function markAttemptFailed(
  store: Store,
  row: OutboxRow,
  err: unknown,
  nowMs: number,
  policy: RetryPolicy,
  random: () => number,
): Promise<'retry' | 'failed'> {
  const giveUp = isPermanentSmtpError(err) || row.attempts >= policy.maxAttempts;
  const next = giveUp ? null : new Date(nowMs + retryDelayMs(row.attempts, policy, random)).toISOString();
  await store.transaction((tx) =>
    tx.run(
      `UPDATE notification_outbox SET state = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'sending'`,
      [giveUp ? 'failed' : 'pending', next, describeError(err), row.id],
    ),
  );
  return giveUp ? 'failed' : 'retry';
}

export async function releaseClaim(store: Store, id: number): Promise<void> {
  await store.transaction((tx) =>
    tx.run(`UPDATE notification_outbox SET state = 'pending', attempts = attempts - 1, claimed_at = NULL WHERE id = ? AND state = 'sending'`, [id]),
  );
}

/** Rows left in `sending` by a crash: their fate is unknown, so they are not resent (at most once). */
export async function recoverInterrupted(store: Store): Promise<number> {
  return store.transaction(async (tx) => {
    const r = await tx.run(
      `UPDATE notification_outbox SET state = 'failed',
         last_error = 'interrupted during delivery (service stopped); not resent to avoid a duplicate mail'
       WHERE state = 'sending'`,
    );
    return r.changes;
  });
}

/** When the earliest pending retry is due (epoch ms), or null when none waits. */
export async function nextRetryAt(store: Store): Promise<number | null> {
  const r = await store.read((tx) =>
    tx.get<{ t: string | null }>(`SELECT MIN(next_attempt_at) AS t FROM notification_outbox WHERE state = 'pending'`),
  );
  return r?.t ? Date.parse(r.t) : null;
}

export interface DeliveryOutcome {
  sent: number;
  retried: number;
  failed: number;
}

/** Sends every due row once. Mail sending is sequential: one SMTP connection's worth of load is plenty here. */
export async function deliverDue(
  store: Store,
  mailer: Mailer,
  now: () => number,
  policy: RetryPolicy,
  random: () => number,
  shouldStop: () => boolean,
): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { sent: 0, retried: 0, failed: 0 };
  while (!shouldStop()) {
    const rows = await claimDue(store, new Date(now()).toISOString());
    if (rows.length === 0) break;
    for (const row of rows) {
      if (shouldStop()) {
        // Never attempted: hand it back untouched instead of leaving it to look interrupted.
        await releaseClaim(store, row.id);
        continue;
      }
      try {
        await mailer.send({
          to: row.recipient_email,
          subject: row.subject,
          text: row.body_text,
          messageId: `<notification-${row.id}@support-desk.estos>`,
        });
      } catch (err) {
        const r = await markAttemptFailed(store, row, err, now(), policy, random);
        if (r === 'failed') outcome.failed += 1;
        else outcome.retried += 1;
        continue;
      }
      await markSent(store, row.id, new Date(now()).toISOString());
      outcome.sent += 1;
    }
  }
  return outcome;
}
