import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncCache } from '../../src-main/cache/sync-cache';
import { SLA_SUMMARY_STATES, type QueueFilter } from '../../src-main/queue/queue-filter';
import { QueueService } from '../../src-main/queue/queue-service';
import { TICKET_STATUSES } from '../../src-shared/domain/status';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import type { TicketRecord } from '../../src-shared/sync/records';
import type { ChangeInput } from './fake-sync-server';
import { AGENT, org, ticket } from './fixtures';
import { openCache, tempDir } from './sync-helpers';
import { queueFilterArb, referenceQueue } from './queue-reference';

/**
 * The queue picks a different index (and for text a different plan) depending on the filter and on how many
 * tickets match. Whatever it picks, a window must equal the obvious definition: filter every ticket in
 * JavaScript, sort by (priority key, key), slice. Random data and random filters; each text plan (FTS-driven,
 * index walk against the materialised match set) is forced once, then the automatic choice runs.
 */
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
const CATEGORIES = ['product_defect', 'question', 'cloud_outage', 'misconfiguration'] as const;
const ASSIGNEES = [AGENT.userId, 'u-b', 'u-c', null] as const;
const N = 600;

let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;
const tickets: TicketRecord[] = [];
const sla = new Map<string, (typeof SLA_SUMMARY_STATES)[number]>();

beforeAll(() => {
  tmp = tempDir();
  cache = openCache(join(tmp.dir, 'plans.sqlite'));
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const changes: ChangeInput[] = [0, 1, 2].map((i): ChangeInput => ({ entity: 'organization', op: 'upsert', data: org(i, `Firma ${WORDS[i]}`) }));
  for (let i = 1; i <= N; i++) {
    // "alpha" is in most titles (a broad word), "omega" in few (a selective one)
    const words = WORDS.filter((w, wi) => rnd(10) < [9, 5, 3, 2, 1][wi]!);
    const t = ticket(i, {
      title: words.join(' ') || 'leer',
      status: TICKET_STATUSES[rnd(TICKET_STATUSES.length)]!,
      category: CATEGORIES[rnd(CATEGORIES.length)]!,
      severity: (rnd(3) + 1) as 1 | 2 | 3,
      assigneeId: ASSIGNEES[rnd(ASSIGNEES.length)]!,
      organizationId: `o${rnd(3)}`,
      escalationId: rnd(10) === 0 ? `e${i}` : null,
      priorityKey: `p${String(rnd(50)).padStart(3, '0')}`, // ties on purpose: the key decides
    });
    tickets.push(t);
    changes.push({ entity: 'ticket', op: 'upsert', data: t });
  }
  cache.applyPullPage({
    kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1,
    changes: changes.map((c, i) => ({ ...c, syncId: i + 1 }) as Change), cursor: changes.length, hasMore: false, remaining: 0,
  });
  const put = cache.db.prepare('INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES (?, ?, NULL, 0)');
  for (const t of tickets) {
    if (rnd(4) === 0) continue; // not evaluated: counts as 'none'
    const s = SLA_SUMMARY_STATES[rnd(SLA_SUMMARY_STATES.length)]!;
    put.run(t.id, s);
    sla.set(t.id, s);
  }
});
afterAll(() => {
  cache.close();
  tmp.cleanup();
});

function orgName(id: string): string {
  return `Firma ${WORDS[Number(id.slice(1))]}`;
}

function reference(f: QueueFilter): TicketRecord[] {
  return referenceQueue(tickets, f, { currentUserId: AGENT.userId, slaOf: (id) => sla.get(id) ?? 'none', orgNameOf: orgName });
}

const filterArb = queueFilterArb(CATEGORIES, ['alpha', 'omega', 'alp', 'beta gamma', 'firma', 'ps 1000', 'nothing']);

describe('queue plans agree with the plain definition', () => {
  for (const textPlan of ['fts', 'index', 'auto'] as const) {
    it(`windows and totals (text plan ${textPlan})`, () => {
      const queue = new QueueService(cache.db, AGENT.userId, { textPlan });
      fc.assert(
        fc.property(filterArb, fc.nat(80), fc.integer({ min: 1, max: 60 }), (filter, offset, limit) => {
          const want = reference(filter);
          const page = queue.window({ filter, offset, limit });
          expect(page.total).toBe(want.length);
          expect(page.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + limit).map((t) => t.id));
          for (const r of page.rows) expect(r.slaState).toBe(sla.get(r.id) ?? 'none');
        }),
        { numRuns: 150, seed: 4242 },
      );
    });
  }

  it('counts per status agree with the definition', () => {
    const queue = new QueueService(cache.db, AGENT.userId);
    const byStatus = queue.countsByStatus({ text: 'alpha', assignee: { kind: 'unassigned' } });
    for (const s of TICKET_STATUSES) expect(byStatus[s]).toBe(reference({ text: 'alpha', assignee: { kind: 'unassigned' }, statuses: [s] }).length);
  });
});
