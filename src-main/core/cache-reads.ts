import type Database from 'better-sqlite3';
import type { EscalationState, OrganizationRecord, SlaContractRecord } from '../../src-shared/sync/records';
import { ReferenceData, type SlaSettings } from '../timers/reference-data';
import type { ReplyComment } from './ticket-facts';

/**
 * Read-only lookups on the cache file that several handlers share. Every statement binds its values;
 * table names are constants. JSON columns hold records the sync engine validated on arrival.
 */
export class CacheReads {
  private readonly reference: ReferenceData;

  constructor(private readonly db: Database.Database) {
    this.reference = ReferenceData.for(db);
  }

  /** Cached until the table changes; the same array until then (ticket-facts memoizes the parsed config on it). */
  slaContracts(): readonly SlaContractRecord[] {
    return this.reference.slaContracts();
  }

  /** The service's SLA tiers and at-risk thresholds as synced (examples until the first pull); cached likewise. */
  slaSettings(): SlaSettings {
    return this.reference.slaSettings();
  }

  organizations(): Map<string, OrganizationRecord> {
    const rows = this.db.prepare('SELECT data FROM organizations').pluck().all() as string[];
    return new Map(rows.map((d) => JSON.parse(d) as OrganizationRecord).map((o) => [o.id, o]));
  }

  /** Display name of a user the cache holds (cached until the users table changes). */
  userName(id: string): string | null {
    return this.reference.userInfo().get(id)?.name ?? null;
  }

  /** Comments of these tickets with their author's role (for "public agent reply" in the SLA clocks). */
  repliesByTicket(ticketIds: readonly string[]): Map<string, ReplyComment[]> {
    const out = new Map<string, ReplyComment[]>();
    if (ticketIds.length === 0) return out;
    // The author's role comes from the cached user table rather than a users join per comment.
    const users = this.reference.userInfo();
    const stmt = this.db.prepare(
      `SELECT c.ticket_id AS ticketId, c.kind AS kind, c.created_at AS createdAt, json_extract(c.data, '$.authorId') AS authorId
       FROM comments c
       WHERE c.kind = 'public' AND c.ticket_id IN (SELECT value FROM json_each(?))`,
    );
    const rows = stmt.all(JSON.stringify(ticketIds)) as { ticketId: string; kind: ReplyComment['kind']; createdAt: string; authorId: string | null }[];
    for (const r of rows) {
      const list = out.get(r.ticketId) ?? [];
      list.push({ kind: r.kind, createdAt: r.createdAt, authorRole: r.authorId === null ? null : (users.get(r.authorId)?.role ?? null) });
      out.set(r.ticketId, list);
    }
    return out;
  }

  openEscalationStates(ticketIds: readonly string[]): Map<string, EscalationState> {
    if (ticketIds.length === 0) return new Map();
    const rows = this.db
      .prepare(`SELECT ticket_id AS ticketId, state FROM escalations WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY state = 'resolved'`)
      .all(JSON.stringify(ticketIds)) as { ticketId: string; state: EscalationState }[];
    const out = new Map<string, EscalationState>();
    for (const r of rows) if (!out.has(r.ticketId)) out.set(r.ticketId, r.state);
    return out;
  }

  /** Tickets with local edits still in the outbox (pending or sent but not yet confirmed by a pull). */
  ticketsWithPendingEdits(): Set<string> {
    const rows = this.db.prepare("SELECT json_extract(args, '$.ticketId') FROM outbox").pluck().all() as (string | null)[];
    return new Set(rows.filter((r): r is string => typeof r === 'string'));
  }

  pendingEditsFor(ticketId: string): number {
    return this.db.prepare("SELECT count(*) FROM outbox WHERE json_extract(args, '$.ticketId') = ?").pluck().get(ticketId) as number;
  }

  ticketIdByKey(key: string): string | null {
    return (this.db.prepare('SELECT id FROM tickets WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }
}
