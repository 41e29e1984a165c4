import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangesPage, SyncCache } from '../../src-main/cache/sync-cache';
import { QueueMemoryIndex } from '../../src-main/queue/memory-index';
import { ftsQuery, SLA_SUMMARY_STATES, type QueueFilter, type SlaSummaryState } from '../../src-main/queue/queue-filter';
import { QueueService } from '../../src-main/queue/queue-service';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { TICKET_CATEGORIES, type TicketCategory } from '../../src-shared/domain/ticket';
import { allowedTransitions } from '../../src-shared/domain/workflow';
import { DomainError } from '../../src-shared/errors';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import type { OrganizationRecord, TicketRecord } from '../../src-shared/sync/records';
import type { ChangeInput } from './fake-sync-server';
import { AGENT, org, ticket } from './fixtures';
import { openCache } from './sync-helpers';

/**
 * The queue's in-memory index (src-main/queue/memory-index.ts) follows SQLite through the `queue_changes` log
 * (cache migration 12). The SQL plans are the oracle here: they are checked against a brute-force definition
 * in queue-plans.test.ts. A QueueService with plan 'memory' is kept for a whole run (as the sync worker keeps
 * one) while every kind of writer changes the cache; after each step it must answer exactly as a fresh
 * QueueService with plan 'sql' over the same database. The same holds for an index loaded in background
 * slices with writes between them, and for the paths that make it reload (a long log, a gap, a bootstrap).
 */

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega'] as const;
/** organisation names: "Firma <word>"; some words also occur in titles, some only in organisation names */
const ORG_WORDS = ['alpha', 'nord', 'sued', 'ost', 'west'] as const;
const ORG_COUNT = 4;
const ASSIGNEES = [AGENT.userId, 'u-b', 'u-c', null] as const;
const INITIAL_TICKETS = 300;
/** memory-index.ts RELOAD_AFTER_CHANGES: more pending log entries than this reload instead of row by row */
const RELOAD_AFTER_CHANGES = 3000;

type Assignee = (typeof ASSIGNEES)[number];

// ---- a cache and the server truth it was given ---------------------------------------------------------

/** What the service has sent (server truth), so a rebootstrap can send all of it again. */
class World {
  readonly tickets = new Map<string, TicketRecord>();
  readonly orgs = new Map<string, OrganizationRecord>();
  /** SLA summaries the "timer service" wrote (ticket_sla); absent = never evaluated = 'none' */
  readonly sla = new Map<string, SlaSummaryState>();
  next = 1;

  constructor(readonly cache: SyncCache) {}

  /** Applies one pull page (sync ids after the cache's cursor) and records it as server truth. */
  pull(changes: readonly ChangeInput[], hasMore = false, remaining = 0): void {
    for (const c of changes) {
      if (c.op === 'upsert' && c.entity === 'ticket') this.tickets.set(c.data.id, c.data);
      if (c.op === 'upsert' && c.entity === 'organization') this.orgs.set(c.data.id, c.data);
      if (c.op === 'delete' && c.entity === 'ticket') this.tickets.delete(c.id);
      if (c.op === 'delete' && c.entity === 'organization') this.orgs.delete(c.id);
    }
    this.cache.applyPullPage(pageOf(this.cache, changes, hasMore, remaining));
  }

  ids(): string[] {
    return [...this.tickets.keys()].sort();
  }

  /** A ticket of the server truth, chosen by an arbitrary number (null when there are none). */
  pick(n: number): TicketRecord | null {
    const ids = this.ids();
    return ids.length === 0 ? null : this.tickets.get(ids[n % ids.length]!)!;
  }

  setSla(id: string, state: SlaSummaryState | null): void {
    if (state === null) {
      this.cache.db.prepare('DELETE FROM ticket_sla WHERE ticket_id = ?').run(id);
      this.sla.delete(id);
    } else {
      this.cache.db.prepare('INSERT OR REPLACE INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES (?, ?, NULL, 0)').run(id, state);
      this.sla.set(id, state);
    }
  }
}

function pageOf(cache: SyncCache, changes: readonly ChangeInput[], hasMore: boolean, remaining: number): ChangesPage {
  const start = cache.state().cursor;
  return {
    kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1,
    changes: changes.map((c, i) => ({ ...c, syncId: start + i + 1 }) as Change),
    cursor: start + changes.length, hasMore, remaining,
  };
}

const upsertTicket = (t: TicketRecord): ChangeInput => ({ entity: 'ticket', op: 'upsert', data: t });
const upsertOrg = (o: OrganizationRecord): ChangeInput => ({ entity: 'organization', op: 'upsert', data: o });
const deleteTicket = (id: string): ChangeInput => ({ entity: 'ticket', op: 'delete', id });

interface TicketAttrs {
  readonly words: readonly string[];
  readonly status: TicketStatus;
  readonly category: TicketCategory;
  readonly severity: 1 | 2 | 3;
  readonly assignee: Assignee;
  readonly org: number;
  readonly escalated: boolean;
  readonly prio: number;
}

const prioKey = (n: number) => `p${String(n).padStart(3, '0')}`;

function makeTicket(i: number, a: TicketAttrs): TicketRecord {
  return ticket(i, {
    title: a.words.join(' ') || 'leer',
    status: a.status,
    category: a.category,
    severity: a.severity,
    assigneeId: a.assignee,
    organizationId: `o${a.org}`,
    escalationId: a.escalated ? `e${i}` : null,
    priorityKey: prioKey(a.prio), // few distinct keys on purpose: ties are broken by the ticket key
  });
}

/** Deterministic attributes (so a fast-check run needs one seed for its initial tickets, not 300 records). */
function seededAttrs(seed: number): () => TicketAttrs {
  let s = seed >>> 0;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s >>> 12) % k; // the low bits of this generator repeat with a short period
  };
  return () => ({
    words: WORDS.filter((_, wi) => rnd(10) < [8, 4, 3, 2, 1][wi]!),
    status: TICKET_STATUSES[rnd(TICKET_STATUSES.length)]!,
    category: TICKET_CATEGORIES[rnd(4)]!,
    severity: (rnd(3) + 1) as 1 | 2 | 3,
    assignee: ASSIGNEES[rnd(ASSIGNEES.length)]!,
    org: rnd(ORG_COUNT),
    escalated: rnd(8) === 0,
    prio: rnd(40),
  });
}

/** One page: organisations o0…o3, `n` tickets, SLA summaries for about two thirds of them. */
function bootstrap(world: World, n: number, seed: number): void {
  const attrs = seededAttrs(seed);
  const changes: ChangeInput[] = [];
  for (let o = 0; o < ORG_COUNT; o++) changes.push(upsertOrg(org(o, `Firma ${ORG_WORDS[o]}`)));
  for (let k = 0; k < n; k++) changes.push(upsertTicket(makeTicket(world.next++, attrs())));
  world.pull(changes);
  let i = seed;
  for (const id of world.ids()) {
    i++;
    if (i % 3 === 0) continue;
    world.setSla(id, SLA_SUMMARY_STATES[i % SLA_SUMMARY_STATES.length]!);
  }
}

// ---- comparing the memory plan with the SQL plans ------------------------------------------------------

interface Check {
  readonly filter: QueueFilter;
  readonly offset: number;
  readonly limit: number;
}

/** Every answer of the queue for these windows: rows (ids, order, content), totals, counts, per status, per view. */
function expectSameAsSql(cache: SyncCache, memory: QueueService, checks: readonly Check[], label: string): void {
  const sql = new QueueService(cache.db, AGENT.userId, { plan: 'sql' });
  // the oracle itself sees every ticket (a broken oracle that sees nothing would agree with a broken index)
  expect(sql.count({}), `${label}: oracle total`).toBe(cache.counts().tickets);
  for (const { filter, offset, limit } of checks) {
    const what = `${label}: ${JSON.stringify({ filter, offset, limit })}`;
    const want = sql.window({ filter, offset, limit });
    const got = memory.window({ filter, offset, limit });
    expect(got.total, what).toBe(want.total);
    expect(got.rows.map((r) => r.id), what).toEqual(want.rows.map((r) => r.id));
    expect(got.rows, what).toEqual(want.rows);
    expect(memory.count(filter), what).toBe(want.total);
    expect(memory.countsByStatus(filter), what).toEqual(sql.countsByStatus(filter));
  }
  expect(memory.countsByView(), label).toEqual(sql.countsByView());
}

const FIXED_CHECKS: readonly Check[] = [
  { filter: {}, offset: 0, limit: 1000 },
  { filter: { text: 'alpha' }, offset: 0, limit: 1000 },
  { filter: { text: 'nord' }, offset: 0, limit: 1000 },
  { filter: { statuses: ['NEW', 'OPEN'], assignee: { kind: 'me' } }, offset: 0, limit: 50 },
];

/** Each condition the queue UI can set; a filter uses up to three of them (more match almost nothing). */
const conditionArbs = {
  statuses: fc.subarray([...TICKET_STATUSES]),
  categories: fc.subarray(TICKET_CATEGORIES.slice(0, 4)),
  severities: fc.subarray([1, 2, 3] as const),
  slaStates: fc.subarray([...SLA_SUMMARY_STATES], { minLength: 1 }),
  assignee: fc.constantFrom(
    { kind: 'me' as const },
    { kind: 'unassigned' as const },
    { kind: 'user' as const, userId: 'u-b' },
    { kind: 'user' as const, userId: 'u-nobody' }, // never assigned: matches nothing
  ),
  organizationId: fc.constantFrom('o0', 'o1', 'o2', 'o3', 'o-unknown'),
  escalated: fc.boolean(),
  // words in titles, prefixes, organisation-only words, keys/descriptions, nothing, and text that is no query
  text: fc.constantFrom('alpha', 'omega', 'alp', 'beta gamma', 'firma', 'nord', 'sued', 'firma ost', 'west', 'ps 100', 'ticket 12', 'nothing', '  ', '"gam'),
};
const CONDITIONS = Object.keys(conditionArbs) as (keyof typeof conditionArbs)[];

const filterArb: fc.Arbitrary<QueueFilter> = fc
  .tuple(fc.record(conditionArbs), fc.subarray(CONDITIONS, { maxLength: 3 }))
  .map(([all, keys]) => Object.fromEntries(keys.map((k) => [k, all[k]])) as QueueFilter);

const checkArb: fc.Arbitrary<Check> = fc.record({
  filter: filterArb,
  offset: fc.oneof(fc.nat(20), fc.nat(400)),
  limit: fc.integer({ min: 1, max: 60 }),
});

// ---- random steps ------------------------------------------------------------------------------------

type LocalEdit =
  | { readonly name: 'assign'; readonly assigneeId: Assignee }
  | { readonly name: 'set_fields'; readonly category: TicketCategory | undefined; readonly severity: 1 | 2 | 3 | undefined }
  /** to: index into the allowed targets (or any status when stale/not allowed, refused by the cache) */
  | { readonly name: 'transition'; readonly to: number; readonly allowed: boolean };

type TicketPatch =
  | { readonly status: TicketStatus }
  | { readonly assigneeId: Assignee }
  | { readonly priorityKey: string }
  | { readonly title: string }
  | { readonly escalated: boolean }
  | { readonly organizationId: string }
  | { readonly category: TicketCategory; readonly severity: 1 | 2 | 3 };

type Step =
  | { readonly kind: 'insert'; readonly tickets: readonly TicketAttrs[] }
  | { readonly kind: 'update'; readonly changes: readonly { readonly pick: number; readonly patch: TicketPatch }[] }
  | { readonly kind: 'delete'; readonly picks: readonly number[] }
  | { readonly kind: 'local'; readonly edits: readonly { readonly pick: number; readonly edit: LocalEdit }[] }
  | { readonly kind: 'reject' }
  | { readonly kind: 'sla'; readonly entries: readonly { readonly pick: number; readonly state: SlaSummaryState | null }[] }
  /** name null: the organisation is deleted (tombstone); a later rename brings it back */
  | { readonly kind: 'org'; readonly org: number; readonly name: string | null }
  | { readonly kind: 'rebootstrap'; readonly pages: number; readonly orgsLast: boolean; readonly checkBetween: boolean };

const statusArb = fc.constantFrom(...TICKET_STATUSES);
const categoryArb = fc.constantFrom(...TICKET_CATEGORIES.slice(0, 4));
const severityArb = fc.constantFrom(1 as const, 2 as const, 3 as const);
const assigneeArb = fc.constantFrom(...ASSIGNEES);
const titleArb = fc.subarray([...WORDS, 'nord'], { maxLength: 3 }).map((ws) => ws.join(' ') || 'leer');

const attrsArb: fc.Arbitrary<TicketAttrs> = fc.record({
  words: fc.subarray([...WORDS], { maxLength: 3 }),
  status: statusArb,
  category: categoryArb,
  severity: severityArb,
  assignee: assigneeArb,
  org: fc.nat(ORG_COUNT - 1),
  escalated: fc.boolean(),
  prio: fc.nat(39),
});

const patchArb: fc.Arbitrary<TicketPatch> = fc.oneof(
  fc.record({ status: statusArb }),
  fc.record({ assigneeId: assigneeArb }),
  fc.record({ priorityKey: fc.nat(39).map(prioKey) }),
  fc.record({ title: titleArb }),
  fc.record({ escalated: fc.boolean() }),
  fc.record({ organizationId: fc.nat(ORG_COUNT - 1).map((o) => `o${o}`) }),
  fc.record({ category: categoryArb, severity: severityArb }),
);

const localEditArb: fc.Arbitrary<LocalEdit> = fc.oneof(
  fc.record({ name: fc.constant('assign' as const), assigneeId: assigneeArb }),
  fc.record({ name: fc.constant('set_fields' as const), category: fc.option(categoryArb, { nil: undefined }), severity: fc.option(severityArb, { nil: undefined }) }),
  fc.record({ name: fc.constant('transition' as const), to: fc.nat(8), allowed: fc.boolean() }),
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), tickets: fc.array(attrsArb, { minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('update' as const), changes: fc.array(fc.record({ pick: fc.nat(), patch: patchArb }), { minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('local' as const), edits: fc.array(fc.record({ pick: fc.nat(), edit: localEditArb }), { minLength: 1, maxLength: 4 }) }),
  fc.constant({ kind: 'reject' as const }),
  fc.record({
    kind: fc.constant('sla' as const),
    entries: fc.array(fc.record({ pick: fc.nat(), state: fc.option(fc.constantFrom(...SLA_SUMMARY_STATES), { nil: null }) }), { minLength: 1, maxLength: 10 }),
  }),
  fc.record({ kind: fc.constant('org' as const), org: fc.nat(ORG_COUNT - 1), name: fc.option(fc.constantFrom(...ORG_WORDS).map((w) => `Firma ${w}`), { nil: null, freq: 4 }) }),
  fc.record({ kind: fc.constant('rebootstrap' as const), pages: fc.integer({ min: 1, max: 3 }), orgsLast: fc.boolean(), checkBetween: fc.boolean() }),
);

/** Refusals of an edit the cache can already tell is wrong change nothing; anything else is a test failure. */
function tryEdit(edit: () => void): void {
  try {
    edit();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
}

function localEdit(world: World, pick: number, edit: LocalEdit): void {
  const server = world.pick(pick);
  if (server === null) return;
  const id = server.id;
  const { cache } = world;
  switch (edit.name) {
    case 'assign':
      tryEdit(() => cache.mutate('assign', { ticketId: id, assigneeId: edit.assigneeId }));
      return;
    case 'set_fields':
      tryEdit(() => cache.mutate('set_fields', { ticketId: id, ...(edit.category ? { category: edit.category } : {}), ...(edit.severity ? { severity: edit.severity } : {}) }));
      return;
    case 'transition': {
      // what the agent sees (overlay included); a deleted ticket is refused with NOT_FOUND
      const shown = cache.get('ticket', id);
      const from = shown?.status ?? 'NEW';
      const targets = shown ? allowedTransitions(shown, { kind: 'user', userId: AGENT.userId, role: AGENT.role }) : [];
      const to = edit.allowed && targets.length > 0 ? targets[edit.to % targets.length]! : TICKET_STATUSES[edit.to % TICKET_STATUSES.length]!;
      tryEdit(() => cache.mutate('transition', { ticketId: id, to, expectedStatus: from }));
      return;
    }
  }
}

function patched(t: TicketRecord, patch: TicketPatch): TicketRecord {
  if ('escalated' in patch) return { ...t, escalationId: patch.escalated ? `e${t.id}` : null };
  return { ...t, ...patch };
}

/**
 * Applies one step. `between` is called between the pages of a multi-page rebootstrap (the queue indexes are
 * deferred then and nothing is logged).
 */
function applyStep(world: World, step: Step, between: () => void): void {
  const { cache } = world;
  switch (step.kind) {
    case 'insert':
      world.pull(step.tickets.map((a) => upsertTicket(makeTicket(world.next++, a))));
      return;
    case 'update': {
      const changes: ChangeInput[] = [];
      for (const { pick, patch } of step.changes) {
        const t = world.pick(pick);
        if (t !== null) changes.push(upsertTicket(patched(t, patch)));
      }
      world.pull(changes);
      return;
    }
    case 'delete':
      world.pull([...new Set(step.picks.flatMap((p) => world.pick(p)?.id ?? []))].map(deleteTicket));
      return;
    case 'local':
      for (const { pick, edit } of step.edits) localEdit(world, pick, edit);
      return;
    case 'reject': {
      // the service refuses the oldest unsent edit: the cache rebases its overlay without it
      const [m] = cache.pendingBatch(1);
      if (m !== undefined) cache.recordPushResults([m], { results: [{ id: m.id, status: 'rejected', code: 'CONFLICT', message: 'refused in test' }], lastMutationId: m.id });
      return;
    }
    case 'sla':
      for (const { pick, state } of step.entries) {
        const t = world.pick(pick);
        if (t !== null) world.setSla(t.id, state);
      }
      return;
    case 'org':
      if (step.name === null) world.pull([{ entity: 'organization', op: 'delete', id: `o${step.org}` }]);
      else world.pull([upsertOrg(org(step.org, step.name))]);
      return;
    case 'rebootstrap': {
      cache.resetForRebootstrap();
      const orgs = [...world.orgs.values()].map(upsertOrg);
      const tickets = world.ids().map((id) => upsertTicket(world.tickets.get(id)!));
      // organisations on the last page: tickets arrive before their organisation's name is searchable
      const all = step.orgsLast ? [...tickets, ...orgs] : [...orgs, ...tickets];
      const size = Math.ceil(all.length / step.pages);
      for (let p = 0; p < step.pages; p++) {
        const part = all.slice(p * size, (p + 1) * size);
        const last = p === step.pages - 1;
        world.pull(part, !last, Math.max(0, all.length - (p + 1) * size));
        if (!last) between();
      }
      // the timer service evaluates the tickets again (resetForRebootstrap emptied ticket_sla)
      for (const [id, state] of world.sla) world.setSla(id, state);
      return;
    }
  }
}

// ---- tests -------------------------------------------------------------------------------------------

describe('queue memory index: a long-lived memory plan answers as the SQL plans after every kind of write', () => {
  it('random pulls, tombstones, local edits, rejections, SLA passes, organisation renames and rebootstraps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ step: stepArb, checks: fc.array(checkArb, { minLength: 2, maxLength: 4 }) }), { minLength: 4, maxLength: 16 }),
        (seed, steps) => {
          const cache = openCache(':memory:');
          try {
            const world = new World(cache);
            // made before anything was synced, like the sync worker's; queried after every step
            const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
            // queried only every third step: it catches up on several steps' log entries at once
            const lagging = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
            expectSameAsSql(cache, memory, FIXED_CHECKS, 'empty cache');
            bootstrap(world, INITIAL_TICKETS, seed);
            expectSameAsSql(cache, memory, FIXED_CHECKS, 'after bootstrap');
            for (const [i, { step, checks }] of steps.entries()) {
              const label = `step ${i} ${step.kind}`;
              applyStep(world, step, () => expectSameAsSql(cache, memory, checks, `${label} (between pages)`));
              expectSameAsSql(cache, memory, [...FIXED_CHECKS, ...checks], label);
              if (i % 3 === 2) expectSameAsSql(cache, lagging, checks, `${label} (lagging)`);
            }
            expectSameAsSql(cache, lagging, FIXED_CHECKS, 'end (lagging)');
          } finally {
            cache.close();
          }
        },
      ),
      { numRuns: 25, seed: 20260302 },
    );
  });
});

/** The index used directly (as QueueService does: refresh, then ask) against the SQL plans, by ticket id. */
function expectIndexSameAsSql(cache: SyncCache, index: QueueMemoryIndex, checks: readonly Check[], label: string): void {
  index.refresh();
  const sql = new QueueService(cache.db, AGENT.userId, { plan: 'sql' });
  const idOf = new Map((cache.db.prepare('SELECT rowid AS r, id FROM tickets').all() as { r: number; id: string }[]).map((x) => [x.r, x.id]));
  for (const { filter, offset, limit } of checks) {
    const what = `${label}: ${JSON.stringify({ filter, offset, limit })}`;
    const text = filter.text === undefined ? null : ftsQuery(filter.text);
    const want = sql.window({ filter, offset, limit });
    const got = index.window(filter, text, AGENT.userId, offset, limit);
    expect(got.rowids.map((r) => idOf.get(r) ?? `rowid ${r}`), what).toEqual(want.rows.map((r) => r.id));
    expect(got.total, what).toBe(want.total);
    expect(index.count(filter, text, AGENT.userId), what).toBe(want.total);
    expect(index.countsByStatus(filter, text, AGENT.userId), what).toEqual(sql.countsByStatus(filter));
  }
}

describe('queue memory index: background load in slices', () => {
  it('writes of every kind between slices (and a rebootstrap while loading) leave the loaded index exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 7, max: 120 }),
        fc.array(stepArb, { minLength: 1, maxLength: 8 }),
        fc.array(checkArb, { minLength: 3, maxLength: 6 }),
        (seed, sliceRows, steps, checks) => {
          const cache = openCache(':memory:');
          try {
            const world = new World(cache);
            bootstrap(world, INITIAL_TICKETS, seed);
            const index = new QueueMemoryIndex(cache.db);
            let next = 0;
            // one step between slices; a slice during a multi-page rebootstrap must wait (false), not load
            const between = () => expect(index.loadSlice(sliceRows)).toBe(false);
            while (!index.loadSlice(sliceRows)) {
              if (next < steps.length) applyStep(world, steps[next++]!, between);
            }
            expect(index.ready).toBe(true);
            expectIndexSameAsSql(cache, index, [...FIXED_CHECKS, ...checks], `loaded after ${next} of ${steps.length} steps`);
            // and it follows the log from where the load left off
            for (const step of steps.slice(next)) applyStep(world, step, () => undefined);
            world.pull([upsertTicket({ ...world.pick(seed)!, status: 'CLOSED', title: 'nord omega' })]);
            expectIndexSameAsSql(cache, index, [...FIXED_CHECKS, ...checks], 'after more writes');
          } finally {
            cache.close();
          }
        },
      ),
      { numRuns: 30, seed: 4711 },
    );
  });

  it('QueueService.warmUp loads a large cache in slices while writes arrive; the SQL plans answer until it is ready', async () => {
    const cache = openCache(':memory:');
    try {
      const world = new World(cache);
      bootstrap(world, 4500, 13); // three slices of 2000 rows
      const service = new QueueService(cache.db, AGENT.userId);
      const attrs = seededAttrs(14);
      const checks: Check[] = [
        ...FIXED_CHECKS,
        { filter: { statuses: ['CLOSED'] }, offset: 0, limit: 500 },
        { filter: { text: 'omega' }, offset: 100, limit: 300 },
        { filter: { organizationId: 'o2', escalated: false }, offset: 1000, limit: 200 },
      ];
      let slices = 0;
      await service.warmUp(() => {
        // before each slice: tickets move to the front and to the end of the queue, are deleted, arrive, change text
        const ids = world.ids();
        const k = slices++;
        world.pull([
          upsertTicket({ ...world.tickets.get(ids[(k * 37) % ids.length]!)!, priorityKey: 'p000', status: 'CLOSED' }),
          upsertTicket({ ...world.tickets.get(ids[(k * 53 + 11) % ids.length]!)!, priorityKey: 'p999', title: 'omega' }),
          deleteTicket(ids[(k * 71 + 5) % ids.length]!),
          upsertTicket(makeTicket(world.next++, { ...attrs(), prio: k % 40 })),
        ]);
        world.setSla(ids[(k * 13) % ids.length]!, 'breached');
        // a query meanwhile is answered (by the SQL plans while the index is incomplete) and is right
        expectSameAsSql(cache, service, checks.slice(0, 2), `during warm-up, before slice ${k}`);
        return false;
      });
      expect(slices).toBeGreaterThanOrEqual(3);
      expectSameAsSql(cache, service, checks, 'after warm-up');
      world.pull([upsertTicket({ ...world.tickets.get(world.ids()[0]!)!, status: 'DONE', priorityKey: 'p500' })]);
      expectSameAsSql(cache, service, checks, 'after warm-up and one more change');
    } finally {
      cache.close();
    }
  });

  it('after a warm-up, a full reload (more than 3000 changes) also runs in background slices, SQL answering meanwhile', async () => {
    const cache = openCache(':memory:');
    const reload = vi.spyOn(QueueMemoryIndex.prototype as unknown as { reload: () => void }, 'reload');
    const slice = vi.spyOn(QueueMemoryIndex.prototype, 'loadSlice');
    try {
      const world = new World(cache);
      bootstrap(world, 4500, 16);
      const service = new QueueService(cache.db, AGENT.userId);
      await service.warmUp();
      expect(slice.mock.results.at(-1)?.value).toBe(true);
      slice.mockClear();
      const checks: Check[] = [...FIXED_CHECKS, { filter: { statuses: ['CLOSED'] }, offset: 0, limit: 500 }];
      // 4500 logged changes at once (every title touched), and one that moves a ticket
      cache.db.prepare('UPDATE tickets SET title = title').run();
      const x = world.ids()[0]!;
      world.pull([upsertTicket({ ...world.tickets.get(x)!, status: 'CLOSED', priorityKey: 'p999' })]);

      expectSameAsSql(cache, service, checks, 'right after the changes (answered by SQL)');
      expect(slice).toHaveBeenCalled(); // the background load has started...
      expect(slice.mock.results.at(-1)?.value).toBe(false); // ...and is not done: three slices of 2000
      for (let i = 0; i < 100 && slice.mock.results.at(-1)?.value !== true; i++) await new Promise((r) => setImmediate(r));
      expect(slice.mock.results.at(-1)?.value).toBe(true);
      expectSameAsSql(cache, service, checks, 'after the background load');
      expect(reload).not.toHaveBeenCalled(); // never the blocking full reload
    } finally {
      reload.mockRestore();
      slice.mockRestore();
      cache.close();
    }
  });

  it('a warm-up stopped half-way leaves nothing wrong: queries are answered (by SQL) and right', async () => {
    const cache = openCache(':memory:');
    try {
      const world = new World(cache);
      bootstrap(world, 4500, 15);
      const service = new QueueService(cache.db, AGENT.userId);
      let calls = 0;
      await service.warmUp(() => ++calls > 2); // one slice, then stopped
      world.pull([upsertTicket({ ...world.tickets.get(world.ids()[3]!)!, status: 'CLOSED', priorityKey: 'p999' })]);
      expectSameAsSql(cache, service, [...FIXED_CHECKS, { filter: { statuses: ['CLOSED'] }, offset: 0, limit: 1000 }], 'after a stopped warm-up');
    } finally {
      cache.close();
    }
  });
});

describe('queue memory index: focused cases', () => {
  let cache: SyncCache;
  let world: World;

  beforeEach(() => {
    cache = openCache(':memory:');
    world = new World(cache);
  });
  afterEach(() => {
    if (cache.db.open) cache.close();
  });

  /** Every matching ticket id in queue order (windows of at most 1000 rows). */
  const idsOf = (q: QueueService, filter: QueueFilter) => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = q.window({ filter, offset, limit: 1000 });
      ids.push(...page.rows.map((r) => r.id));
      if (offset + 1000 >= page.total) return ids;
    }
  };
  const sqlIds = (filter: QueueFilter) => idsOf(new QueueService(cache.db, AGENT.userId, { plan: 'sql' }), filter);
  const retitle = (id: string, title: string) => world.pull([upsertTicket({ ...world.tickets.get(id)!, title })]);

  it('a kept text match set follows title changes that add or remove the searched word', () => {
    bootstrap(world, 200, 5);
    const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    const queries = ['omega', 'ome', 'delta omega', 'beta'];
    const before = Object.fromEntries(queries.map((q) => [q, idsOf(memory, { text: q })]));
    for (const q of queries) expect(before[q], q).toEqual(sqlIds({ text: q }));

    // a ticket without the word gets it, one with it loses it
    const without = world.ids().find((id) => !/omega/.test(world.tickets.get(id)!.title) && !before.omega!.includes(id))!;
    const withIt = before.omega![0]!;
    retitle(without, 'omega alpha');
    retitle(withIt, 'alpha');
    const after = idsOf(memory, { text: 'omega' });
    expect(after).toContain(without);
    expect(after).not.toContain(withIt);
    expect(after).toHaveLength(before.omega!.length);
    for (const q of queries) expect(idsOf(memory, { text: q }), q).toEqual(sqlIds({ text: q }));
    // combined with another filter the kept set is reused, too
    expect(idsOf(memory, { text: 'omega', statuses: [world.tickets.get(without)!.status] })).toContain(without);

    // many queries (more than the index keeps), then title changes, then every query again
    const many = Array.from({ length: 40 }, (_, i) => `ticket ${i + 1}`);
    for (const q of many) expect(idsOf(memory, { text: q }), q).toEqual(sqlIds({ text: q }));
    for (const id of world.ids().slice(0, 30)) retitle(id, 'gamma');
    for (const q of [...many, ...queries]) expect(idsOf(memory, { text: q }), q).toEqual(sqlIds({ text: q }));
  });

  it('a kept text match set includes tickets that arrive after the index grew its arrays', () => {
    bootstrap(world, 100, 6);
    const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    const before = idsOf(memory, { text: 'alpha' });
    expect(before).toEqual(sqlIds({ text: 'alpha' }));
    // more new tickets than the room a reload leaves (1024), fewer than a reload needs (3000 log entries)
    const attrs = seededAttrs(77);
    world.pull(Array.from({ length: 1500 }, () => upsertTicket(makeTicket(world.next++, { ...attrs(), words: ['alpha'] }))));
    const after = idsOf(memory, { text: 'alpha' });
    expect(after).toHaveLength(before.length + 1500);
    expect(after).toEqual(sqlIds({ text: 'alpha' }));
  });

  it('renaming an organisation changes which tickets a search for its name finds', () => {
    bootstrap(world, 200, 7);
    const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    const ofOrg = (o: string) => new Set(world.ids().filter((id) => world.tickets.get(id)!.organizationId === o));
    const found = (text: string) => {
      const ids = idsOf(memory, { text });
      expect(ids, text).toEqual(sqlIds({ text }));
      return new Set(ids);
    };
    const o1 = ofOrg('o1');
    const o2 = ofOrg('o2');
    expect(o1.size).toBeGreaterThan(0);
    expect(o2.size).toBeGreaterThan(0);
    // "nord", "sued" and "west" occur only in organisation names (o1, o2, none), never in titles
    expect(found('nord')).toEqual(o1);
    expect(found('sued')).toEqual(o2);
    expect(found('west')).toEqual(new Set());

    world.pull([upsertOrg(org(1, 'Firma sued'))]);
    expect(found('nord')).toEqual(new Set());
    expect(found('sued')).toEqual(new Set([...o1, ...o2]));
    expect(idsOf(memory, { text: 'firma sued', organizationId: 'o1' })).toEqual(sqlIds({ text: 'firma sued', organizationId: 'o1' }));

    // deleted: its name is no longer searchable; back under another name: that one is
    world.pull([{ entity: 'organization', op: 'delete', id: 'o1' }]);
    expect(found('sued')).toEqual(o2);
    world.pull([upsertOrg(org(1, 'Firma west'))]);
    expect(found('west')).toEqual(o1);
    expect(found('sued')).toEqual(o2);
  });

  // at the limit (read row by row), one past it and far past it (one read of the log cannot see every entry)
  for (const extra of [0, 1, 1000]) {
    const pending = RELOAD_AFTER_CHANGES + extra;
    it(`${pending} pending log entries (${extra === 0 ? 'row by row' : 'reload'}) leave the index exact`, () => {
      bootstrap(world, 300, 8);
      const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
      const lagging = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
      expectSameAsSql(cache, memory, FIXED_CHECKS, 'before');
      expectSameAsSql(cache, lagging, FIXED_CHECKS, 'before (lagging)');
      const seqBefore = cache.db.prepare('SELECT max(seq) FROM queue_changes').pluck().get() as number;

      // one page: 200 existing tickets change (status, queue position, title), 50 are deleted, the rest are new
      const ids = world.ids();
      const changes: ChangeInput[] = [];
      for (const [i, id] of ids.slice(0, 200).entries()) {
        const t = world.tickets.get(id)!;
        changes.push(upsertTicket({ ...t, status: TICKET_STATUSES[i % TICKET_STATUSES.length]!, priorityKey: prioKey((i * 7) % 40), title: i % 2 ? 'omega' : 'leer' }));
      }
      for (const id of ids.slice(200, 250)) changes.push(deleteTicket(id));
      const attrs = seededAttrs(9);
      while (changes.length < pending) changes.push(upsertTicket(makeTicket(world.next++, attrs())));
      world.pull(changes);
      // each change above wrote exactly one log entry (no organisation, no SLA row of a new ticket)
      expect(cache.db.prepare('SELECT count(*) FROM queue_changes WHERE seq > ?').pluck().get(seqBefore)).toBe(pending);

      const checks: Check[] = [
        ...FIXED_CHECKS,
        { filter: { text: 'omega' }, offset: 0, limit: 1000 },
        { filter: { statuses: ['DONE'] }, offset: 100, limit: 200 },
        { filter: { escalated: false, severities: [2] }, offset: 1000, limit: 50 },
      ];
      expectSameAsSql(cache, lagging, checks, 'after (lagging: first query after the page)');
      expectSameAsSql(cache, memory, checks, 'after');
      expect(memory.count({})).toBe(300 - 50 + pending - 250);
    });
  }

  it('a gap in the log (entries pruned before the index read them) makes it reload', () => {
    bootstrap(world, 200, 10);
    const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    expectSameAsSql(cache, memory, FIXED_CHECKS, 'before');
    const seen = cache.db.prepare('SELECT max(seq) FROM queue_changes').pluck().get() as number;

    const [x, y] = world.ids();
    const closed = { ...world.tickets.get(x!)!, status: 'CLOSED' as const, title: 'nord' };
    world.pull([upsertTicket(closed)]);
    // the entries the index has not read are gone; a later change is logged after the gap
    expect(cache.db.prepare('DELETE FROM queue_changes WHERE seq > ?').run(seen).changes).toBeGreaterThan(0);
    world.pull([upsertTicket({ ...world.tickets.get(y!)!, title: 'gamma' })]);

    expect(idsOf(memory, { statuses: ['CLOSED'] })).toContain(x);
    expect(idsOf(memory, { text: 'nord' })).toContain(x);
    expectSameAsSql(cache, memory, [...FIXED_CHECKS, { filter: { statuses: ['CLOSED'] }, offset: 0, limit: 1000 }], 'after the gap');
  });

  it('an emptied log (nothing logged after it) still makes it reload: the highest seq ever assigned has moved on', () => {
    bootstrap(world, 200, 12);
    const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    expectSameAsSql(cache, memory, FIXED_CHECKS, 'before');
    const x = world.ids()[0]!;
    world.pull([upsertTicket({ ...world.tickets.get(x)!, status: 'CLOSED', title: 'nord' })]);
    cache.db.prepare('DELETE FROM queue_changes').run();

    expect(idsOf(memory, { statuses: ['CLOSED'] })).toContain(x);
    expectSameAsSql(cache, memory, [...FIXED_CHECKS, { filter: { statuses: ['CLOSED'] }, offset: 0, limit: 1000 }], 'after emptying the log');
    // later changes are followed again from the new position
    world.pull([upsertTicket({ ...world.tickets.get(x)!, status: 'NEW', title: 'sued' })]);
    expect(idsOf(memory, { statuses: ['CLOSED'] })).not.toContain(x);
    expectSameAsSql(cache, memory, FIXED_CHECKS, 'after the next change');
  });

  it('the cache keeps the newest 20000 log entries; an index behind them reloads', () => {
    bootstrap(world, 300, 11);
    const memory = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    expectSameAsSql(cache, memory, FIXED_CHECKS, 'before');
    const x = world.ids()[0]!;
    world.pull([upsertTicket({ ...world.tickets.get(x)!, status: 'CLOSED', assigneeId: 'u-c' })]);
    // ~21000 entries by another writer (each touch of a title is logged), then one more pull page prunes
    const touch = cache.db.prepare('UPDATE tickets SET title = title');
    for (let i = 0; i < 70; i++) touch.run();
    world.pull([upsertTicket({ ...world.tickets.get(world.ids()[1]!)!, status: 'DONE' })]);
    const { n, lo, hi } = cache.db.prepare('SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM queue_changes').get() as { n: number; lo: number; hi: number };
    expect(n).toBe(20_000);
    expect(hi - lo + 1).toBe(20_000);
    // the newest entry is always kept: an index that has not read it sees a gap (an empty log would look like "nothing new")
    expect(cache.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'queue_changes'").pluck().get()).toBe(hi);
    expect(idsOf(memory, { assignee: { kind: 'user', userId: 'u-c' }, statuses: ['CLOSED'] })).toContain(x);
    expectSameAsSql(cache, memory, FIXED_CHECKS, 'after pruning');
  });

  it('while a first bootstrap defers the queue indexes, the memory plan answers correctly, and catches up when they are restored', () => {
    const attrs = seededAttrs(12);
    const orgs = Array.from({ length: ORG_COUNT }, (_, o) => upsertOrg(org(o, `Firma ${ORG_WORDS[o]}`)));
    const pages = [0, 1, 2].map((p) => [...(p === 1 ? orgs : []), ...Array.from({ length: 80 }, () => upsertTicket(makeTicket(world.next++, attrs())))]);
    // made and queried on the empty cache, then not queried until the bootstrap has ended
    const early = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    expectSameAsSql(cache, early, FIXED_CHECKS, 'empty');
    // queried on every page
    const kept = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    expectSameAsSql(cache, kept, FIXED_CHECKS, 'empty (kept)');

    world.pull(pages[0]!, true, 160);
    expect(cache.db.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBeGreaterThan(0);
    // constructing either while the indexes are gone does not throw (nothing names them yet)
    const fresh = new QueueService(cache.db, AGENT.userId, { plan: 'memory' });
    const index = new QueueMemoryIndex(cache.db);
    index.refresh();
    const rowidToId = new Map((cache.db.prepare('SELECT rowid AS r, id FROM tickets').all() as { r: number; id: string }[]).map((x) => [x.r, x.id]));
    const sql = new QueueService(cache.db, AGENT.userId, { plan: 'sql' });
    const w = index.window({ statuses: ['NEW', 'OPEN'] }, ftsQuery('alpha'), AGENT.userId, 0, 1000);
    expect(w.rowids.map((r) => rowidToId.get(r))).toEqual(idsOf(sql, { statuses: ['NEW', 'OPEN'], text: 'alpha' }));
    expect(w.total).toBe(sql.count({ statuses: ['NEW', 'OPEN'], text: 'alpha' }));
    expectSameAsSql(cache, fresh, FIXED_CHECKS, 'page 1 (fresh)');
    expectSameAsSql(cache, kept, FIXED_CHECKS, 'page 1 (kept)');

    world.pull(pages[1]!, true, 80);
    world.setSla(world.ids()[0]!, 'breached'); // the timer service between pages (not logged while deferred)
    expectSameAsSql(cache, kept, [...FIXED_CHECKS, { filter: { slaStates: ['breached'] }, offset: 0, limit: 10 }], 'page 2 (kept)');
    world.pull(pages[2]!, false, 0);
    expect(cache.db.prepare('SELECT count(*) FROM deferred_indexes').pluck().get()).toBe(0);

    // after the last page: changes made while deferred were never logged; ending the deferral must make both reload
    const checks = [...FIXED_CHECKS, { filter: { slaStates: ['breached' as const] }, offset: 0, limit: 10 }];
    expectSameAsSql(cache, early, checks, 'restored (early)');
    expectSameAsSql(cache, kept, checks, 'restored (kept)');
    expect(early.count({})).toBe(240);
    // and they keep following the log afterwards
    world.pull([upsertTicket({ ...world.tickets.get(world.ids()[5]!)!, status: 'CLOSED', title: 'nord' })]);
    expectSameAsSql(cache, early, [...checks, { filter: { statuses: ['CLOSED'], text: 'nord' }, offset: 0, limit: 100 }], 'after (early)');
  });
});
