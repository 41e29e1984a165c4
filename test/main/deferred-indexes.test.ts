import type Database from 'better-sqlite3';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangesPage, SyncCache } from '../../src-main/cache/sync-cache';
import { SLA_SUMMARY_STATES, type QueueFilter, type SlaSummaryState } from '../../src-main/queue/queue-filter';
import { QueueService, type TextPlan } from '../../src-main/queue/queue-service';
import { TICKET_STATUSES } from '../../src-shared/domain/status';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import type { OrganizationRecord, TicketRecord } from '../../src-shared/sync/records';
import type { ChangeInput } from './fake-sync-server';
import { AGENT, org, ticket } from './fixtures';
import { openCache, tempDir } from './sync-helpers';
import { queueFilterArb, referenceQueue } from './queue-reference';

/**
 * Cache v11 (src-main/cache/deferred-indexes.ts): a first bootstrap of several pages into an empty cache drops
 * the queue's covering indexes in the transaction of its first page, keeps their definitions in
 * `deferred_indexes`, and builds them again in the transaction of its last page. Meanwhile the queue must
 * answer exactly as with the indexes (it stops naming them in INDEXED BY). Pages are applied directly with
 * `applyPullPage`, so the schema can be inspected between them.
 */
const QUEUE_INDEXES = ['tickets_queue_assignee', 'tickets_queue_escalated', 'tickets_queue_order', 'tickets_queue_organization', 'tickets_queue_status'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
const CATEGORIES = ['product_defect', 'question', 'cloud_outage', 'misconfiguration'] as const;
const ASSIGNEES = [AGENT.userId, 'u-b', 'u-c', null] as const;

let tmp: ReturnType<typeof tempDir>;
let file: string;
let cache: SyncCache;
/** every index definition of a freshly migrated cache, by name */
let pristine: Record<string, string>;

beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'cache.sqlite');
  cache = openCache(file);
  pristine = indexSql(cache.db);
});
afterEach(() => {
  if (cache.db.open) cache.close();
  tmp.cleanup();
});

/** Every named index in the file (all tables), name → CREATE statement as sqlite_master keeps it. */
function indexSql(db: Database.Database): Record<string, string> {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
}

function deferred(db: Database.Database): Record<string, string> {
  const rows = db.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name').all() as { name: string; sql: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
}

/** Bumped by SQLite on every schema change: an index dropped and built again within one call still shows. */
function schemaVersion(db: Database.Database): number {
  return db.pragma('schema_version', { simple: true }) as number;
}

function without(sql: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(sql).filter(([name]) => !names.includes(name)));
}

function pick(sql: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(sql).filter(([name]) => names.includes(name)));
}

function expectAllIndexes(db: Database.Database): void {
  expect(indexSql(db)).toEqual(pristine);
  expect(deferred(db)).toEqual({});
}

function expectDeferred(db: Database.Database): void {
  // exactly the queue indexes are gone, every other index (linked tickets, child rows, FTS) is untouched
  expect(indexSql(db)).toEqual(without(pristine, QUEUE_INDEXES));
  // and each one's definition is kept verbatim
  expect(deferred(db)).toEqual(pick(pristine, QUEUE_INDEXES));
}

// ---- data ----------------------------------------------------------------------------------------------

interface Model {
  readonly tickets: Map<string, TicketRecord>;
  readonly orgs: Map<string, OrganizationRecord>;
  readonly sla: Map<string, SlaSummaryState>;
}

function emptyModel(): Model {
  return { tickets: new Map(), orgs: new Map(), sla: new Map() };
}

/** Deterministic tickets with every queue column varied (same scheme as queue-plans.test.ts). */
function randomTickets(first: number, n: number, seed: number): TicketRecord[] {
  let s = seed;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  const out: TicketRecord[] = [];
  for (let i = first; i < first + n; i++) {
    const words = WORDS.filter((_, wi) => rnd(10) < [9, 5, 3, 2, 1][wi]!);
    out.push(
      ticket(i, {
        title: words.join(' ') || 'leer',
        status: TICKET_STATUSES[rnd(TICKET_STATUSES.length)]!,
        category: CATEGORIES[rnd(CATEGORIES.length)]!,
        severity: (rnd(3) + 1) as 1 | 2 | 3,
        assigneeId: ASSIGNEES[rnd(ASSIGNEES.length)]!,
        organizationId: `o${rnd(3)}`,
        escalationId: rnd(8) === 0 ? `e${i}` : null,
        priorityKey: `p${String(rnd(40)).padStart(3, '0')}`, // ties on purpose: the key decides
      }),
    );
  }
  return out;
}

/**
 * A bootstrap of `pageCount` pages: organisations o0 and o1 on the first page, o2 on the second (its tickets
 * arrive earlier, so text search by organisation name changes mid-bootstrap), tickets spread evenly.
 */
function bootstrapPages(pageCount: number, ticketsPerPage: number, seed = 11, firstTicket = 1): ChangesPage[] {
  const tickets = randomTickets(firstTicket, pageCount * ticketsPerPage, seed);
  const inputs: ChangeInput[][] = [];
  for (let p = 0; p < pageCount; p++) {
    const part: ChangeInput[] = tickets.slice(p * ticketsPerPage, (p + 1) * ticketsPerPage).map((t) => ({ entity: 'ticket', op: 'upsert', data: t }));
    if (p === 0) part.unshift({ entity: 'organization', op: 'upsert', data: org(0, 'Firma alpha') }, { entity: 'organization', op: 'upsert', data: org(1, 'Firma beta') });
    if (p === Math.min(1, pageCount - 1)) part.push({ entity: 'organization', op: 'upsert', data: org(2, 'Firma gamma') });
    inputs.push(part);
  }
  return numberPages(inputs);
}

function numberPages(inputs: readonly ChangeInput[][], firstSyncId = 1): ChangesPage[] {
  const total = inputs.reduce((n, p) => n + p.length, 0);
  let next = firstSyncId;
  let done = 0;
  return inputs.map((part, i) => {
    const changes = part.map((c) => ({ ...c, syncId: next++ }) as Change);
    done += changes.length;
    return {
      kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1, changes,
      cursor: next - 1, hasMore: i < inputs.length - 1, remaining: total - done,
    };
  });
}

function applyToModel(model: Model, page: ChangesPage): void {
  for (const c of page.changes) {
    if (c.op !== 'upsert') throw new Error('these pages carry upserts only');
    if (c.entity === 'ticket') model.tickets.set(c.data.id, c.data);
    if (c.entity === 'organization') model.orgs.set(c.data.id, c.data);
  }
}

/** What the timer service would do between pages: write SLA summaries for some tickets. */
function evaluateSome(db: Database.Database, model: Model, seed: number): void {
  const put = db.prepare('INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES (?, ?, NULL, 0) ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state');
  let i = seed;
  for (const id of model.tickets.keys()) {
    i += 1;
    if (i % 3 === 0) continue;
    const state = SLA_SUMMARY_STATES[i % SLA_SUMMARY_STATES.length]!;
    put.run(id, state);
    model.sla.set(id, state);
  }
}

// ---- the queue against its plain definition --------------------------------------------------------------

function reference(model: Model, f: QueueFilter): TicketRecord[] {
  // the organisation's name is searchable once the organisation itself has arrived
  return referenceQueue(model.tickets.values(), f, {
    currentUserId: AGENT.userId,
    slaOf: (id) => model.sla.get(id) ?? 'none',
    orgNameOf: (id) => model.orgs.get(id)?.name ?? '',
  });
}

const filterArb = queueFilterArb(CATEGORIES, ['alpha', 'omega', 'alp', 'beta gamma', 'firma', 'gamma', 'ps 1000', 'nothing']);

/** One filter per index the queue may choose, and per path through count (grouped, FTS only, index range). */
const FIXED_FILTERS: QueueFilter[] = [
  {},
  { statuses: ['NEW', 'OPEN'] },
  { statuses: [...TICKET_STATUSES] },
  { assignee: { kind: 'me' } },
  { assignee: { kind: 'unassigned' }, statuses: ['NEW'] },
  { organizationId: 'o2' },
  { escalated: true },
  { escalated: true, statuses: ['NEW', 'OPEN', 'IN_PROGRESS'] },
  { text: 'alpha' },
  { text: 'gamma', assignee: { kind: 'user', userId: 'u-c' } },
  { text: 'firma', statuses: ['OPEN'] },
];

function expectQueueAgrees(queues: readonly QueueService[], model: Model, runs: number, seed: number): void {
  const check = (queue: QueueService, filter: QueueFilter, offset: number, limit: number) => {
    const want = reference(model, filter);
    const page = queue.window({ filter, offset, limit });
    expect(page.total).toBe(want.length);
    expect(page.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + limit).map((t) => t.id));
    for (const r of page.rows) {
      expect(r.slaState).toBe(model.sla.get(r.id) ?? 'none');
      expect(r.organizationName).toBe(model.orgs.get(r.organizationId)?.name ?? null);
    }
    const byStatus = queue.countsByStatus(filter);
    for (const s of TICKET_STATUSES) expect(byStatus[s], s).toBe(reference(model, { ...filter, statuses: [s] }).length);
  };
  for (const queue of queues) {
    for (const filter of FIXED_FILTERS) check(queue, filter, 0, 30);
    fc.assert(
      fc.property(filterArb, fc.nat(60), fc.integer({ min: 1, max: 40 }), (filter, offset, limit) => check(queue, filter, offset, limit)),
      { numRuns: runs, seed },
    );
  }
}

/** One queue per text plan and one as the app creates it, made before the bootstrap (as the worker does) and kept across it. */
function queues(db: Database.Database): QueueService[] {
  const forced = (['fts', 'index', 'auto'] as const satisfies readonly TextPlan[]).map((textPlan) => new QueueService(db, AGENT.userId, { textPlan }));
  return [...forced, new QueueService(db, AGENT.userId)];
}

// ---- tests ---------------------------------------------------------------------------------------------

describe('deferred queue indexes', () => {
  it('a fresh cache has every queue index (the names this test watches exist)', () => {
    expect(Object.keys(pick(pristine, QUEUE_INDEXES)).sort()).toEqual(QUEUE_INDEXES);
    expect(deferred(cache.db)).toEqual({});
  });

  it('a multi-page first bootstrap drops them after its first page and restores each one verbatim with its last page', () => {
    const pages = bootstrapPages(3, 40);
    cache.applyPullPage(pages[0]!);
    expectDeferred(cache.db);
    cache.applyPullPage(pages[1]!);
    expectDeferred(cache.db);
    expect(cache.state().bootstrapComplete).toBe(false);
    cache.applyPullPage(pages[2]!);
    expectAllIndexes(cache.db);
    expect(cache.state()).toMatchObject({ bootstrapComplete: true, cursor: pages[2]!.cursor });
    // the rebuilt indexes hold every ticket (an index built from a partial table would miss rows)
    for (const name of QUEUE_INDEXES.filter((n) => n !== 'tickets_queue_escalated')) {
      expect(cache.db.prepare(`SELECT count(*) FROM tickets INDEXED BY ${name}`).pluck().get(), name).toBe(120);
    }
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('the queue answers every filter exactly as its plain definition while the indexes are deferred, and after', () => {
    const pages = bootstrapPages(3, 80);
    const model = emptyModel();
    const qs = queues(cache.db);
    // an empty cache first: statements prepared with INDEXED BY before the indexes are dropped
    expectQueueAgrees(qs, model, 5, 1);
    for (const [i, p] of pages.entries()) {
      cache.applyPullPage(p);
      applyToModel(model, p);
      if (p.hasMore) expectDeferred(cache.db);
      else expectAllIndexes(cache.db);
      expectQueueAgrees(qs, model, 40, 100 + i);
      evaluateSome(cache.db, model, i);
      expectQueueAgrees(qs, model, 20, 200 + i);
    }
  });

  it('a single-page bootstrap never touches the schema', () => {
    const [only] = bootstrapPages(1, 30);
    const before = schemaVersion(cache.db);
    cache.applyPullPage(only!);
    expect(cache.state().bootstrapComplete).toBe(true);
    expect(schemaVersion(cache.db)).toBe(before);
    expectAllIndexes(cache.db);
  });

  it('incremental pulls of several pages on a complete cache never touch the schema', () => {
    const boot = bootstrapPages(2, 20);
    for (const p of boot) cache.applyPullPage(p);
    expectAllIndexes(cache.db);
    const before = schemaVersion(cache.db);
    const more = numberPages(
      [randomTickets(1, 15, 5), randomTickets(41, 15, 6), randomTickets(60, 5, 7)].map((ts) => ts.map((t): ChangeInput => ({ entity: 'ticket', op: 'upsert', data: t }))),
      boot.at(-1)!.cursor + 1,
    );
    for (const p of more) {
      cache.applyPullPage(p);
      expect(schemaVersion(cache.db)).toBe(before);
      expect(deferred(cache.db)).toEqual({});
    }
    expectAllIndexes(cache.db);
  });

  it('a first page that fails to apply leaves every index in place (the drop is part of its transaction)', () => {
    const [first, second] = bootstrapPages(2, 10);
    // a record the table refuses (priority_key is NOT NULL) after a few good rows
    const broken = { ...ticket(99), priorityKey: null } as unknown as TicketRecord;
    const bad: ChangesPage = { ...first!, changes: [...first!.changes, { syncId: first!.cursor, entity: 'ticket', op: 'upsert', data: broken }] };
    expect(() => cache.applyPullPage(bad)).toThrow(/NOT NULL/);
    expectAllIndexes(cache.db);
    expect(cache.state()).toMatchObject({ cursor: 0, bootstrapDone: 0 });
    cache.applyPullPage(first!);
    expectDeferred(cache.db);
    cache.applyPullPage(second!);
    expectAllIndexes(cache.db);
  });

  for (const pagesAfter of [3, 1]) {
    it(`a rebootstrap in the middle of a first bootstrap, then a bootstrap of ${pagesAfter} page(s), ends with every index`, () => {
      const first = bootstrapPages(3, 20);
      cache.applyPullPage(first[0]!);
      cache.applyPullPage(first[1]!);
      expectDeferred(cache.db);
      cache.resetForRebootstrap();
      expect(cache.counts().tickets).toBe(0);
      // the queue over the emptied cache works whichever indexes exist now
      const model = emptyModel();
      expectQueueAgrees(queues(cache.db), model, 5, 7);

      const again = bootstrapPages(pagesAfter, 20, 23);
      for (const p of again) {
        cache.applyPullPage(p);
        applyToModel(model, p);
        if (p.hasMore) expectDeferred(cache.db);
      }
      expectAllIndexes(cache.db);
      expect(cache.state()).toMatchObject({ bootstrapComplete: true, cursor: again.at(-1)!.cursor });
      expectQueueAgrees(queues(cache.db), model, 20, 8);
      expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  }

  it('a rebootstrap of a complete cache ends with every index', () => {
    for (const p of bootstrapPages(2, 20)) cache.applyPullPage(p);
    cache.resetForRebootstrap();
    const again = bootstrapPages(3, 20, 31);
    const model = emptyModel();
    for (const p of again) {
      cache.applyPullPage(p);
      applyToModel(model, p);
      expectQueueAgrees(queues(cache.db), model, 5, 9);
    }
    expectAllIndexes(cache.db);
  });

  it('closing the file in the middle of a first bootstrap (crash) and finishing after reopening ends with every index', () => {
    const pages = bootstrapPages(4, 30);
    const model = emptyModel();
    cache.applyPullPage(pages[0]!);
    applyToModel(model, pages[0]!);
    cache.applyPullPage(pages[1]!);
    applyToModel(model, pages[1]!);
    cache.close();

    cache = openCache(file);
    // the deferral survived the restart: still deferred, and the queue still does not force those indexes
    expectDeferred(cache.db);
    expect(cache.state()).toMatchObject({ bootstrapComplete: false, cursor: pages[1]!.cursor });
    expectQueueAgrees(queues(cache.db), model, 20, 10);
    for (const p of pages.slice(2)) {
      cache.applyPullPage(p);
      applyToModel(model, p);
    }
    expectAllIndexes(cache.db);
    expectQueueAgrees(queues(cache.db), model, 20, 11);
    cache.close();
    // and nothing is left to do on the next start
    cache = openCache(file);
    expectAllIndexes(cache.db);
  });
});
