import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncCache } from '../../src-main/cache/sync-cache';
import { QueueService } from '../../src-main/queue/queue-service';
import { TimerService } from '../../src-main/timers/timer-service';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import type { ChangeInput } from './fake-sync-server';
import { AGENT, T0, org, ticket, user } from './fixtures';
import { openCache, tempDir } from './sync-helpers';

let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;
let queue: QueueService;

function load(changes: ChangeInput[]): void {
  const cursor = cache.state().cursor;
  cache.applyPullPage({
    kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: 1,
    changes: changes.map((c, i) => ({ ...c, syncId: cursor + i + 1 }) as Change),
    cursor: cursor + changes.length, hasMore: false, remaining: 0,
  });
}

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(join(tmp.dir, 'c.sqlite'));
  queue = new QueueService(cache.db, AGENT.userId);
  load([
    { entity: 'organization', op: 'upsert', data: org(0, 'Müller Telekom GmbH') },
    { entity: 'organization', op: 'upsert', data: org(1, 'Acme') },
    { entity: 'ticket', op: 'upsert', data: ticket(1, { organizationId: 'o0', priorityKey: 'b', title: 'Telefonanlage fällt aus', assigneeId: AGENT.userId, status: 'IN_PROGRESS' }) },
    { entity: 'ticket', op: 'upsert', data: ticket(2, { organizationId: 'o1', priorityKey: 'a', category: 'question' }) },
    { entity: 'ticket', op: 'upsert', data: ticket(3, { organizationId: 'o1', priorityKey: 'a', status: 'FEEDBACK_REQUEST', assigneeId: 'u-other' }) },
    { entity: 'ticket', op: 'upsert', data: ticket(4, { organizationId: 'o0', priorityKey: 'c', status: 'DONE' }) },
    { entity: 'ticket', op: 'upsert', data: ticket(5, { organizationId: 'o1', priorityKey: 'd', escalationId: 'e5', severity: 1 }) },
  ]);
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

const keys = (f: Parameters<QueueService['window']>[0]) => queue.window(f).rows.map((r) => r.id);

describe('queue', () => {
  it('orders by priority key, then ticket key, and windows with a total', () => {
    expect(keys({})).toEqual(['t2', 't3', 't1', 't4', 't5']);
    const page = queue.window({ offset: 1, limit: 2 });
    expect(page.rows.map((r) => r.id)).toEqual(['t3', 't1']);
    expect(page.total).toBe(5);
    expect(page.rows[1]).toMatchObject({ organizationName: 'Müller Telekom GmbH', status: 'IN_PROGRESS', slaState: 'none' });
  });

  it('filters by status set, assignee, category, severity, organisation and escalation', () => {
    expect(keys({ filter: { statuses: ['NEW'] } })).toEqual(['t2', 't5']);
    expect(keys({ filter: { statuses: [] } })).toEqual([]);
    expect(keys({ filter: { assignee: { kind: 'me' } } })).toEqual(['t1']);
    expect(keys({ filter: { assignee: { kind: 'unassigned' }, statuses: ['NEW', 'DONE'] } })).toEqual(['t2', 't4', 't5']);
    expect(keys({ filter: { assignee: { kind: 'user', userId: 'u-other' } } })).toEqual(['t3']);
    expect(keys({ filter: { categories: ['question'] } })).toEqual(['t2']);
    expect(keys({ filter: { severities: [1] } })).toEqual(['t3', 't5']); // fixture: severity = i % 3 + 1
    expect(keys({ filter: { organizationId: 'o0' } })).toEqual(['t1', 't4']);
    expect(keys({ filter: { escalated: true } })).toEqual(['t5']);
  });

  it('text search uses FTS over key, title, description and organisation name, and is injection-proof', () => {
    expect(keys({ filter: { text: 'fallt' } })).toEqual(['t1']);
    expect(keys({ filter: { text: 'müller' } })).toEqual(['t1', 't4']);
    expect(keys({ filter: { text: 'PS-10003' } })).toEqual(['t3']);
    expect(keys({ filter: { text: 'acme ticket 5' } })).toEqual(['t5']);
    expect(keys({ filter: { text: '" OR * NEAR(' } })).toEqual([]);
    expect(keys({ filter: { text: '   ' } })).toHaveLength(5);
    // an organisation renamed later is found under its new name
    load([{ entity: 'organization', op: 'upsert', data: org(1, 'Zeta AG') }]);
    expect(keys({ filter: { text: 'zeta' } })).toEqual(['t2', 't3', 't5']);
  });

  it('reflects the optimistic overlay (the queue is the visible state)', () => {
    cache.mutate('assign', { ticketId: 't2', assigneeId: AGENT.userId });
    expect(keys({ filter: { assignee: { kind: 'me' } } })).toEqual(['t2', 't1']);
  });

  it('counts per status and per built-in view', () => {
    expect(queue.countsByStatus()).toMatchObject({ NEW: 2, IN_PROGRESS: 1, FEEDBACK_REQUEST: 1, DONE: 1, CLOSED: 0 });
    expect(queue.countsByView()).toEqual({ my_queue: 1, unassigned: 2, sla_at_risk: 0, waiting_for_customer: 1, escalations: 1, all_open: 4 });
  });

  it('rejects a malformed window request', () => {
    expect(() => queue.window({ limit: 0 })).toThrow();
    expect(() => queue.window({ filter: { statuses: ['NOPE' as 'NEW'] } })).toThrow();
  });
});

describe('timer service', () => {
  it('computes SLA state for visible tickets, feeds the at-risk view and emits at-risk then breached once', () => {
    load([
      { entity: 'user', op: 'upsert', data: user(AGENT.userId) },
      { entity: 'sla_contract', op: 'upsert', data: { contractNumber: 'SLA-1', organizationId: 'o1', tier: 'basic', validFrom: '2026-01-01T00:00:00.000Z', validUntil: null } },
      { entity: 'ticket', op: 'upsert', data: ticket(5, { organizationId: 'o1', priorityKey: 'd', escalationId: 'e5', severity: 1, slaContractNumber: 'SLA-1' }) },
    ]);
    let now = Date.parse(T0) + 1 * 3_600_000;
    const timers = new TimerService({ db: cache.db, clock: { now: () => now }, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const events: string[] = [];
    timers.on('atRisk', (e) => events.push(`atRisk:${e.ticketId}`));
    timers.on('breached', (e) => events.push(`breached:${e.ticketId}`));

    const [first] = timers.setVisible(['t5']);
    expect(first!.slaState).toBe('ok');
    expect(first!.sla.clocks.find((c) => c.kind === 'firstResponse')?.state).toBe('running');
    expect(first!.nextAutomatic).toBeNull();

    now = Date.parse(T0) + 3.5 * 3_600_000; // 30 min of a 4 h first-response target left
    timers.tick();
    expect(events).toEqual(['atRisk:t5']);
    expect(queue.countsByView().sla_at_risk).toBe(1);
    expect(keys({ filter: { slaStates: ['at_risk'] } })).toEqual(['t5']);

    now = Date.parse(T0) + 5 * 3_600_000;
    timers.tick();
    timers.tick();
    expect(events).toEqual(['atRisk:t5', 'breached:t5']);
    expect(keys({ filter: { slaStates: ['breached'] } })).toEqual(['t5']);
    // tickets without a contract have no clock
    expect(keys({ filter: { slaStates: ['none'] } })).toEqual(['t2', 't3', 't1', 't4']);
  });

  it('gives the next automatic transition for a waiting ticket', () => {
    const now = Date.parse(T0);
    const timers = new TimerService({ db: cache.db, clock: { now: () => now }, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    load([{ entity: 'ticket', op: 'upsert', data: ticket(3, { status: 'FEEDBACK_REQUEST', statusHistory: [{ at: T0, actor: { kind: 'system' }, from: 'NEW', to: 'FEEDBACK_REQUEST' }] }) }]);
    const [t3] = timers.setVisible(['t3']);
    expect(t3!.nextAutomatic).toMatchObject({ to: 'FEEDBACK_PENDING', dueAt: Date.parse(T0) + 7 * 86_400_000 });
  });
});
