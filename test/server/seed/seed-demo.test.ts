import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAutomaticTransition } from '../../../src-shared/domain/automatic-transitions';
import { TICKET_STATUSES, type TicketStatus } from '../../../src-shared/domain/status';
import { isStaffRole, type Actor, type StatusChange, type UserRole } from '../../../src-shared/domain/ticket';
import { createBusinessCalendar } from '../../../src-shared/calendar/business-calendar';
import { checkTransition } from '../../../src-shared/domain/workflow';
import { ESCALATION_STATES } from '../../../src-shared/sync/records';
import { EXAMPLE_SLA_TIERS } from '../../../src-shared/domain/sla-config';
import { hashPassword } from '../../../src-server/accounts/passwords';
import type { TicketRow } from '../../../src-server/storage/repositories/tickets';
import { computePriorityKey } from '../../../src-server/tickets/priority';
import { loadTicket } from '../../../src-server/tickets/ticket-view';
import { ManualClock } from '../../../src-server/core/clock';
import { seedDigest } from '../../../src-server/seed/digest';
import { seedDemo, type SeedOptions } from '../../../src-server/seed/seed-demo';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/world';
import { SqliteStore } from '../../../src-server/storage/sqlite-store';
import { startTestServer, TEST_SCRYPT } from '../harness';

const NOW = Date.parse('2026-11-30T10:15:00.000Z');
const ANCHOR = Date.parse('2026-11-30T00:00:00.000Z');
const TICKETS = 2000;
const dirs: string[] = [];
// Seeding 2k tickets takes seconds; on a loaded 2-core machine several times that. Generous, not a benchmark.
const SLOW = 180_000;

function newStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'sd-seed-'));
  dirs.push(dir);
  return new SqliteStore({ file: join(dir, 'tickets.sqlite'), clock: new ManualClock(NOW) });
}

const deps = { hashPassword: (p: string) => hashPassword(p, TEST_SCRYPT) };

async function seeded(options: SeedOptions): Promise<SqliteStore> {
  const store = newStore();
  await seedDemo(store, options, deps);
  return store;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('demo seed at 2k tickets', () => {
  let store: SqliteStore;
  const all = <T>(sql: string, ...params: unknown[]) => store.raw.prepare(sql).all(...params) as T[];

  beforeAll(async () => {
    store = await seeded({ tickets: TICKETS, randomSeed: 42 });
  }, SLOW);
  afterAll(async () => store.close());

  it('writes the requested number of tickets and the world around them', () => {
    const n = (t: string) => (store.raw.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect(n('tickets')).toBe(TICKETS);
    expect(n('comments')).toBeGreaterThan(TICKETS);
    expect(n('ticket_history')).toBeGreaterThan(TICKETS * 2);
    const kinds = all<{ kind: string; n: number }>('SELECT kind, COUNT(*) AS n FROM organizations GROUP BY kind');
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toMatchObject({ estos: 1 });
    expect(kinds.find((k) => k.kind === 'customer')!.n).toBeGreaterThan(10);
    expect(kinds.find((k) => k.kind === 'partner')!.n).toBeGreaterThan(3);
    const roles = new Set(all<{ role: string }>('SELECT DISTINCT role FROM users').map((r) => r.role));
    expect([...roles].sort()).toEqual(['admin', 'agent', 'customer', 'partner', 'team_lead']);
    const langs = new Set(all<{ language: string }>("SELECT DISTINCT language FROM users WHERE role IN ('customer','partner')").map((r) => r.language));
    expect([...langs].sort()).toEqual(['de', 'en']);
    // Registered and unregistered end-user companies, registered customer organisations, expired contracts.
    expect(all('SELECT 1 FROM end_user_companies WHERE registered = 1').length).toBeGreaterThan(0);
    expect(all('SELECT 1 FROM end_user_companies WHERE registered = 0').length).toBeGreaterThan(0);
    expect(all("SELECT 1 FROM organizations WHERE kind = 'customer' AND registered_end_user = 1").length).toBeGreaterThan(0);
    expect(all('SELECT 1 FROM sla_contracts WHERE valid_until IS NOT NULL AND valid_until < ?', new Date(ANCHOR).toISOString()).length).toBeGreaterThan(0);
    expect(all('SELECT 1 FROM comments WHERE internal = 1').length).toBeGreaterThan(0);
    expect(all("SELECT DISTINCT language FROM kb_articles").length).toBe(2);
    expect(all('SELECT 1 FROM tickets WHERE end_user_company_json IS NOT NULL').length).toBeGreaterThan(0);
  });

  it('covers all nine statuses and every escalation state', () => {
    const statuses = all<{ status: TicketStatus }>('SELECT DISTINCT status FROM tickets').map((r) => r.status);
    expect([...statuses].sort()).toEqual([...TICKET_STATUSES].sort());
    const states = all<{ state: string }>('SELECT DISTINCT state FROM escalations').map((r) => r.state);
    expect([...states].sort()).toEqual([...ESCALATION_STATES].sort());
  });

  it('gives every ticket a status history the workflow table allows, in time order, before the anchor', () => {
    const roles = new Map(all<{ id: string; role: UserRole }>('SELECT id, role FROM users').map((u) => [u.id, u.role]));
    const tickets = all<{ id: string; status: TicketStatus; reporter_id: string; created_at: string; status_changed_at: string; last_customer_activity_at: string | null }>(
      'SELECT id, status, reporter_id, created_at, status_changed_at, last_customer_activity_at FROM tickets',
    );
    const history = new Map<string, { actor_kind: string; actor_id: string | null; from_value: string | null; to_value: string; at: string }[]>();
    for (const h of all<{ ticket_id: string; actor_kind: string; actor_id: string | null; from_value: string | null; to_value: string; at: string }>(
      "SELECT ticket_id, actor_kind, actor_id, from_value, to_value, at FROM ticket_history WHERE field = 'status' ORDER BY ticket_id, at, rowid",
    )) {
      const list = history.get(h.ticket_id) ?? [];
      list.push(h);
      history.set(h.ticket_id, list);
    }
    let automatic = 0;
    let staffMoves = 0;
    let staffMovesInHours = 0;
    const serviceHours = createBusinessCalendar();
    for (const t of tickets) {
      const steps = history.get(t.id)!;
      expect(steps[0]).toMatchObject({ from_value: null, to_value: 'NEW', actor_id: t.reporter_id, at: t.created_at });
      const replay: StatusChange[] = [{ at: steps[0]!.at, actor: { kind: 'user', userId: t.reporter_id, role: roles.get(t.reporter_id)! }, from: null, to: 'NEW' }];
      let status: TicketStatus = 'NEW';
      for (const s of steps.slice(1)) {
        expect(s.from_value).toBe(status);
        const actor: Actor = s.actor_kind === 'system' ? { kind: 'system' } : { kind: 'user', userId: s.actor_id!, role: roles.get(s.actor_id!)! };
        const check = checkTransition({ status, reporterId: t.reporter_id }, s.to_value as TicketStatus, actor);
        expect(check.ok, `${t.id}: ${status} → ${s.to_value} by ${JSON.stringify(actor)}`).toBe(true);
        if (actor.kind === 'user') {
          // A manual move out of a timed status comes before the timer ran out (else the system moves first).
          const due = nextAutomaticTransition({ status, statusHistory: replay, lastCustomerActivityAt: null });
          if (due) expect(Date.parse(s.at), `${t.id}: ${status} left after its timer`).toBeLessThan(due.dueAt);
          if (isStaffRole(actor.role)) {
            staffMoves++;
            if (serviceHours.isOpen(Date.parse(s.at))) staffMovesInHours++;
          }
        }
        if (actor.kind === 'system') {
          // An automatic step happens exactly when the rule makes it due, not at some random time.
          const due = nextAutomaticTransition({ status, statusHistory: replay, lastCustomerActivityAt: null });
          expect(new Date(due!.dueAt).toISOString()).toBe(s.at);
          automatic++;
        }
        expect(s.at >= replay[replay.length - 1]!.at).toBe(true);
        replay.push({ at: s.at, actor, from: status, to: s.to_value as TicketStatus });
        status = s.to_value as TicketStatus;
      }
      expect(status).toBe(t.status);
      expect(t.status_changed_at).toBe(steps[steps.length - 1]!.at);
      expect(Date.parse(t.status_changed_at)).toBeLessThanOrEqual(ANCHOR);
      // A ticket in a timed status does not fall due during the whole seeding day (the anchor is its start): the
      // scheduler's catch-up on the first start must not move seeded tickets.
      const next = nextAutomaticTransition({ status: t.status, statusHistory: replay, lastCustomerActivityAt: t.last_customer_activity_at });
      if (next) expect(next.dueAt, t.id).toBeGreaterThan(ANCHOR + 86_400_000);
    }
    expect(automatic).toBeGreaterThan(0);
    // Agents work in service hours; the few exceptions are tickets where a long closure would have run a timer out.
    expect(staffMovesInHours / staffMoves).toBeGreaterThan(0.95);
  });

  it('pairs every customer-side move to OPEN with that user\'s public reply, and keeps internal notes to staff', () => {
    const moves = all<{ ticket_id: string; actor_id: string; at: string }>(
      "SELECT ticket_id, actor_id, at FROM ticket_history WHERE field = 'status' AND to_value = 'OPEN'",
    );
    expect(moves.length).toBeGreaterThan(0);
    const reply = store.raw.prepare('SELECT 1 FROM comments WHERE ticket_id = ? AND author_id = ? AND created_at = ? AND internal = 0');
    for (const m of moves) expect(reply.get(m.ticket_id, m.actor_id, m.at), JSON.stringify(m)).toBeDefined();
    const authors = all<{ role: string }>('SELECT DISTINCT u.role FROM comments c JOIN users u ON u.id = c.author_id WHERE c.internal = 1');
    expect(authors.map((a) => a.role).every((r) => ['agent', 'team_lead', 'admin'].includes(r))).toBe(true);
    // Comments never predate their ticket nor follow the anchor.
    expect(all('SELECT 1 FROM comments c JOIN tickets t ON t.id = c.ticket_id WHERE c.created_at < t.created_at OR c.created_at > ?', new Date(ANCHOR).toISOString())).toEqual([]);
  });

  it('sets each outage/known problem\'s impact to the customers linked to it', () => {
    const masters = all<{ id: string; impact: number; linked: number; orgs: number }>(
      `SELECT m.id, m.impact,
              (SELECT COUNT(*) FROM tickets l WHERE l.linked_to_ticket_id = m.id) AS linked,
              (SELECT COUNT(DISTINCT organization_id) FROM tickets x WHERE x.linked_to_ticket_id = m.id OR x.id = m.id) AS orgs
       FROM tickets m WHERE m.id IN (SELECT linked_to_ticket_id FROM tickets WHERE linked_to_ticket_id IS NOT NULL)`,
    );
    expect(masters.length).toBeGreaterThanOrEqual(1);
    for (const m of masters) {
      expect(m.linked).toBeGreaterThan(0);
      expect(m.impact).toBe(m.orgs);
    }
    expect(masters.some((m) => m.impact > 1)).toBe(true);
    // Linked tickets were linked by staff in their history.
    const unlinked = all("SELECT 1 FROM tickets t WHERE t.linked_to_ticket_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'link' AND h.to_value = t.linked_to_ticket_id)");
    expect(unlinked).toEqual([]);
  });

  it('keeps references intact: foreign keys, participants, contracts, end-user companies, escalations', () => {
    expect(all('PRAGMA foreign_key_check')).toEqual([]);
    // Participants are users of the reporter's own organisation.
    expect(all(`SELECT 1 FROM ticket_participants p JOIN tickets t ON t.id = p.ticket_id
                WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.email = p.email AND u.organization_id = t.organization_id)`)).toEqual([]);
    // An SLA contract number belongs to the ticket's organisation and was valid when the ticket was filed.
    expect(all(`SELECT 1 FROM tickets t WHERE t.sla_contract_number IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM sla_contracts c WHERE c.contract_number = t.sla_contract_number AND c.organization_id = t.organization_id
                AND c.valid_from <= t.created_at AND (c.valid_until IS NULL OR c.valid_until > t.created_at))`)).toEqual([]);
    expect(all('SELECT 1 FROM tickets WHERE sla_contract_number IS NOT NULL').length).toBeGreaterThan(0);
    // A registered end-user company named on a ticket is one of the filing partner's companies.
    for (const r of all<{ organization_id: string; end_user_company_json: string }>('SELECT organization_id, end_user_company_json FROM tickets WHERE end_user_company_json IS NOT NULL')) {
      const euc = JSON.parse(r.end_user_company_json) as { companyId: string | null; registered: boolean };
      if (euc.companyId === null) continue;
      expect(all('SELECT 1 FROM end_user_companies WHERE id = ? AND partner_organization_id = ? AND registered = ?', euc.companyId, r.organization_id, euc.registered ? 1 : 0)).toHaveLength(1);
    }
    expect(all('SELECT 1 FROM tickets t WHERE escalation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.id = t.escalation_id AND e.ticket_id = t.id)')).toEqual([]);
    expect(all("SELECT 1 FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.role NOT IN ('agent','team_lead','admin')")).toEqual([]);
    expect(all("SELECT 1 FROM tickets t JOIN users u ON u.id = t.reporter_id WHERE u.organization_id <> t.organization_id OR u.role NOT IN ('customer','partner')")).toEqual([]);
    // Escalations: held/resolved ones have an outcome and a chosen slot among the proposals; owners are leads.
    for (const e of all<{ ticket_id: string; state: string; proposed_slots_json: string; chosen_slot: string | null; outcome_notes: string | null; owner_id: string | null; meeting_link: string | null; created_at: string; updated_at: string }>('SELECT * FROM escalations')) {
      const stage = ESCALATION_STATES.indexOf(e.state as (typeof ESCALATION_STATES)[number]);
      expect(e.meeting_link !== null).toBe(stage >= 1);
      // The ticket's history walks the lifecycle one state at a time up to the escalation's state.
      const steps = all<{ from_value: string | null; to_value: string }>("SELECT from_value, to_value FROM ticket_history WHERE ticket_id = ? AND field = 'escalation' ORDER BY at, rowid", e.ticket_id);
      expect(steps).toEqual(ESCALATION_STATES.slice(0, stage + 1).map((to, k) => ({ from_value: k === 0 ? null : ESCALATION_STATES[k - 1], to_value: to })));
      expect(e.created_at <= e.updated_at).toBe(true);
      expect(e.owner_id === null).toBe(stage === 0);
      if (stage >= 2) expect(JSON.parse(e.proposed_slots_json)).toContain(e.chosen_slot);
      expect(e.outcome_notes !== null).toBe(stage >= 3);
    }
  });

  it('stores the queue priority key the ticket service itself computes', async () => {
    const rows = all<TicketRow>('SELECT * FROM tickets WHERE seq % 40 = 1 OR impact > 0 ORDER BY seq');
    expect(rows.length).toBeGreaterThan(50);
    await store.read(async (tx) => {
      for (const row of rows) {
        const ticket = await loadTicket(tx, row);
        expect(row.priority_key, row.key).toBe(await computePriorityKey(tx, ticket, EXAMPLE_SLA_TIERS));
      }
    });
  });

  it('logs every seeded entity row in sync_changes, so agent caches bootstrap it', () => {
    const logged = (entity: string) =>
      (store.raw.prepare("SELECT COUNT(DISTINCT entity_id) AS n FROM sync_changes WHERE entity = ? AND op = 'upsert'").get(entity) as { n: number }).n;
    const rows = (table: string) => (store.raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(logged('ticket')).toBe(rows('tickets'));
    expect(logged('comment')).toBe(rows('comments'));
    expect(logged('history')).toBe(rows('ticket_history'));
    expect(logged('participant')).toBe(rows('ticket_participants'));
    expect(logged('escalation')).toBe(rows('escalations'));
    expect(logged('organization')).toBe(rows('organizations'));
    expect(logged('user')).toBe(rows('users'));
    expect(logged('sla_contract')).toBe(rows('sla_contracts'));
    expect(logged('end_user_company')).toBe(rows('end_user_companies'));
    expect(logged('kb_article')).toBe(rows('kb_articles'));
  });

  it('refuses to seed again with other parameters and skips the same parameters, changing nothing', async () => {
    const before = await seedDigest(store);
    const same = await seedDemo(store, { tickets: TICKETS, randomSeed: 42 }, deps);
    expect(same.status).toBe('skipped');
    await expect(seedDemo(store, { tickets: TICKETS, randomSeed: 43 }, deps)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(seedDemo(store, { tickets: 500, randomSeed: 42 }, deps)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await seedDigest(store)).toBe(before);
  });
});

describe('demo seed determinism', () => {
  it('same seed → identical rows; different seed → different rows', async () => {
    const a = await seeded({ tickets: TICKETS, randomSeed: 7, anchorMs: ANCHOR });
    const b = await seeded({ tickets: TICKETS, randomSeed: 7, anchorMs: ANCHOR, batchSize: 333 });
    const c = await seeded({ tickets: TICKETS, randomSeed: 8, anchorMs: ANCHOR });
    const [da, db, dc] = [await seedDigest(a), await seedDigest(b), await seedDigest(c)];
    await Promise.all([a.close(), b.close(), c.close()]);
    expect(db).toBe(da); // batch size is an implementation detail, not part of the data
    expect(dc).not.toBe(da);
  }, SLOW);
});

describe('demo seed against the running service', () => {
  it('refuses a database that already holds data', async () => {
    const server = await startTestServer();
    try {
      const before = server.snapshot();
      await expect(seedDemo(server.store, { tickets: 100, randomSeed: 1 }, deps)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(server.snapshot()).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('lets every demo account log in with its documented password and shows the demo customer its tickets', async () => {
    const store = newStore();
    await seedDemo(store, { tickets: 300, randomSeed: 42 }, deps);
    const dbFile = store.raw.name;
    await store.close();
    const server = await startTestServer({ dbFile, seedFixture: false, startAt: NOW });
    try {
      for (const account of DEMO_ACCOUNTS) {
        const res = await server.call<{ token: string; user: { role: string } }>('POST', '/api/v1/auth/login', { body: { email: account.email, password: account.password } });
        expect(res.status, account.email).toBe(200);
        expect(res.body.user.role).toBe(account.role);
      }
      const wrong = await server.call('POST', '/api/v1/auth/login', { body: { email: DEMO_ACCOUNTS[0].email, password: 'not-the-password' } });
      expect(wrong.status).toBe(401);
      const login = await server.call<{ token: string }>('POST', '/api/v1/auth/login', { body: { email: 'customer@demo.estos.de', password: 'demo-customer-1' } });
      const list = await server.call<{ total?: number; items?: unknown[] }>('GET', '/api/v1/tickets', { token: login.body.token });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).toContain('PS-');
    } finally {
      await server.close();
    }
  });
});
