import { afterEach, describe, expect, it } from 'vitest';
import { PullResponseSchema, PushResponseSchema, type PushResponse } from '../../../src-shared/sync/protocol';
import { insertEscalation } from '../../../src-server/storage/repositories/escalations';
import { syncService } from './service-fixture';

type Service = Awaited<ReturnType<typeof syncService>>;
let svc: Service | null = null;
afterEach(async () => {
  await svc?.close();
  svc = null;
});

const CLIENT_A = 'client-aaaa-0001';
const CLIENT_B = 'client-bbbb-0002';

async function push(s: Service, token: string, clientId: string, mutations: unknown[]): Promise<PushResponse> {
  const r = await s.call('POST', '/api/v1/sync/push', token, { clientId, mutations });
  expect(r.status).toBe(200);
  return PushResponseSchema.parse(r.json);
}

async function ticketStatus(s: Service, id: string): Promise<string> {
  return (await s.store.read((tx) => tx.get<{ status: string }>('SELECT status FROM tickets WHERE id = ?', [id])))!.status;
}

describe('sync push over HTTP', () => {
  it('applies a transition, reports the sync id it committed at, and a pull reflects it', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const res = await push(svc, svc.anna.token, CLIENT_A, [{ id: 1, name: 'transition', args: { ticketId: t, to: 'IN_PROGRESS', expectedStatus: 'NEW' } }]);
    expect(res.lastMutationId).toBe(1);
    expect(res.results).toEqual([{ id: 1, status: 'applied', syncId: expect.any(Number) }]);
    expect(await ticketStatus(svc, t)).toBe('IN_PROGRESS');
    const pulled = PullResponseSchema.parse((await svc.call('GET', '/api/v1/sync/pull?cursor=0&limit=5000', svc.anna.token)).json);
    if (pulled.kind !== 'changes') throw new Error('unexpected rebootstrap');
    const ticket = pulled.changes.find((c) => c.entity === 'ticket' && c.op === 'upsert');
    expect(ticket).toMatchObject({ data: { status: 'IN_PROGRESS', statusHistory: [{ to: 'NEW' }, { from: 'NEW', to: 'IN_PROGRESS' }] } });
    const applied = res.results[0]!;
    expect(applied.status === 'applied' && applied.syncId !== undefined && pulled.cursor >= applied.syncId).toBe(true);
  });

  it('rejects with stable codes, each alone: later mutations still apply', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const res = await push(svc, svc.anna.token, CLIENT_A, [
      { id: 1, name: 'transition', args: { ticketId: t, to: 'IN_PROGRESS' } }, // missing expectedStatus
      { id: 2, name: 'transition', args: { ticketId: 'no-such-ticket', to: 'IN_PROGRESS', expectedStatus: 'NEW' } },
      { id: 3, name: 'transition', args: { ticketId: t, to: 'DONE', expectedStatus: 'OPEN' } },
      { id: 4, name: 'transition', args: { ticketId: t, to: 'OPEN', expectedStatus: 'NEW' } },
      { id: 5, name: 'transition', args: { ticketId: t, to: 'IMPLEMENTING', expectedStatus: 'NEW' } },
      { id: 6, name: 'internal_note', args: { ticketId: t, commentId: 'c-1', body: 'checked logs' } },
      { id: 7, name: 'set_fields', args: { ticketId: t } }, // refine: at least one field
      { id: 8, name: 'assign', args: { ticketId: t, assigneeId: svc.rita.id } }, // customers cannot be assignees
      { id: 9, name: 'assign', args: { ticketId: t, assigneeId: svc.bob.id } },
    ]);
    expect(res.lastMutationId).toBe(9);
    expect(res.results.map((r) => (r.status === 'applied' ? 'applied' : r.code))).toEqual([
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'CONFLICT',
      'WORKFLOW_INVALID_TRANSITION',
      'WORKFLOW_INVALID_TRANSITION',
      'applied',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'applied',
    ]);
    for (const r of res.results) if (r.status === 'rejected') expect(r.message.length).toBeGreaterThan(5);
    expect(await ticketStatus(svc, t)).toBe('NEW');
    expect(await svc.count(`SELECT count(*) AS n FROM comments WHERE id = 'c-1' AND internal = 1`)).toBe(1);
    expect((await svc.store.read((tx) => tx.get<{ assignee_id: string }>('SELECT assignee_id FROM tickets WHERE id = ?', [t])))!.assignee_id).toBe(svc.bob.id);
  });

  it('a repeated push applies nothing twice and returns the stored results', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const batch = [
      { id: 1, name: 'reply', args: { ticketId: t, commentId: 'r-1', body: 'Bitte Logs senden' } },
      { id: 2, name: 'transition', args: { ticketId: t, to: 'FEEDBACK_REQUEST', expectedStatus: 'NEW' } },
      { id: 3, name: 'transition', args: { ticketId: t, to: 'CLOSED', expectedStatus: 'NEW' } },
    ];
    const first = await push(svc, svc.anna.token, CLIENT_A, batch);
    const changesAfterFirst = await svc.count('SELECT count(*) AS n FROM sync_changes');
    const second = await push(svc, svc.anna.token, CLIENT_A, batch);
    expect(second).toEqual(first);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(await svc.count('SELECT count(*) AS n FROM sync_changes')).toBe(changesAfterFirst);
    expect(await svc.count(`SELECT count(*) AS n FROM comments WHERE ticket_id = '${t}'`)).toBe(1);
    expect(await svc.count(`SELECT count(*) AS n FROM ticket_history WHERE ticket_id = '${t}' AND field = 'status'`)).toBe(2);
  });

  it('sorts a reordered batch, folds exact duplicates, stops at a gap, and refuses conflicting duplicates with nothing written', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const m = (id: number, to: string, expectedStatus: string) => ({ id, name: 'transition', args: { ticketId: t, to, expectedStatus } });
    const res = await push(svc, svc.anna.token, CLIENT_A, [m(2, 'FEEDBACK_REQUEST', 'IN_PROGRESS'), m(1, 'IN_PROGRESS', 'NEW'), m(1, 'IN_PROGRESS', 'NEW'), m(4, 'DONE', 'FEEDBACK_REQUEST')]);
    expect(res.results.map((r) => [r.id, r.status])).toEqual([[1, 'applied'], [2, 'applied']]);
    expect(res.lastMutationId).toBe(2); // 3 is missing: 4 waits
    expect(await ticketStatus(svc, t)).toBe('FEEDBACK_REQUEST');

    const before = await svc.count('SELECT count(*) AS n FROM sync_changes');
    const bad = await svc.call('POST', '/api/v1/sync/push', svc.anna.token, { clientId: CLIENT_A, mutations: [m(3, 'DONE', 'FEEDBACK_REQUEST'), m(3, 'CLOSED', 'FEEDBACK_REQUEST')] });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await svc.count('SELECT count(*) AS n FROM sync_changes')).toBe(before);
    expect(await svc.count(`SELECT last_mutation_id AS n FROM sync_clients WHERE client_id = '${CLIENT_A}'`)).toBe(2);
  });

  it('two clients moving the same ticket: the second gets CONFLICT and nothing of it is applied', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const [a, b] = await Promise.all([
      push(svc, svc.anna.token, CLIENT_A, [{ id: 1, name: 'transition', args: { ticketId: t, to: 'IN_PROGRESS', expectedStatus: 'NEW' } }]),
      push(svc, svc.bob.token, CLIENT_B, [{ id: 1, name: 'transition', args: { ticketId: t, to: 'PEER_REVIEW', expectedStatus: 'NEW' } }]),
    ]);
    const outcomes = [a.results[0]!, b.results[0]!];
    expect(outcomes.filter((r) => r.status === 'applied')).toHaveLength(1);
    const rejected = outcomes.find((r) => r.status === 'rejected');
    expect(rejected).toMatchObject({ code: 'CONFLICT' });
    expect(await svc.count(`SELECT count(*) AS n FROM ticket_history WHERE ticket_id = '${t}' AND field = 'status'`)).toBe(2);
  });

  it('a repeated comment id does not duplicate; reused for different content it is a CONFLICT', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const res = await push(svc, svc.anna.token, CLIENT_A, [
      { id: 1, name: 'reply', args: { ticketId: t, commentId: 'same', body: 'Hallo' } },
      { id: 2, name: 'reply', args: { ticketId: t, commentId: 'same', body: 'Hallo' } },
      { id: 3, name: 'internal_note', args: { ticketId: t, commentId: 'same', body: 'anders' } },
    ]);
    expect(res.results.map((r) => (r.status === 'applied' ? 'applied' : r.code))).toEqual(['applied', 'applied', 'CONFLICT']);
    expect(await svc.count(`SELECT count(*) AS n FROM comments WHERE ticket_id = '${t}'`)).toBe(1);
    const pulled = PullResponseSchema.parse((await svc.call('GET', '/api/v1/sync/pull?limit=5000', svc.anna.token)).json);
    if (pulled.kind !== 'changes') throw new Error('unexpected rebootstrap');
    const comments = pulled.changes.filter((c) => c.entity === 'comment' && c.op === 'upsert');
    expect(comments).toMatchObject([{ data: { id: 'same', body: 'Hallo', kind: 'public' } }]);
  });

  it('customers and partners get 403 on every sync route; no token 401; another user cannot use a client id', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    for (const token of [svc.rita.token, svc.paula.token]) {
      expect((await svc.call('GET', '/api/v1/sync/pull', token)).status).toBe(403);
      expect((await svc.call('GET', '/api/v1/sync/events', token)).status).toBe(403);
      expect((await svc.call('POST', '/api/v1/sync/push', token, { clientId: CLIENT_A, mutations: [{ id: 1, name: 'assign', args: { ticketId: t, assigneeId: null } }] })).status).toBe(403);
    }
    expect((await svc.call('GET', '/api/v1/sync/pull', null)).status).toBe(401);
    await push(svc, svc.anna.token, CLIENT_A, [{ id: 1, name: 'assign', args: { ticketId: t, assigneeId: svc.anna.id } }]);
    const stolen = await svc.call('POST', '/api/v1/sync/push', svc.bob.token, { clientId: CLIENT_A, mutations: [{ id: 2, name: 'assign', args: { ticketId: t, assigneeId: null } }] });
    expect(stolen).toMatchObject({ status: 403, json: { error: { code: 'FORBIDDEN' } } });
    expect(await svc.count('SELECT count(*) AS n FROM sync_clients')).toBe(1);
  });

  it('malformed bodies and queries get 400 VALIDATION_FAILED and write nothing', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    const before = await svc.count('SELECT count(*) AS n FROM sync_changes');
    const bodies: unknown[] = [
      '{"clientId": "client-aaaa-0001", "mutations": [',
      { clientId: 'short', mutations: [{ id: 1, name: 'assign', args: { ticketId: t, assigneeId: null } }] },
      { clientId: CLIENT_A, mutations: [] },
      { clientId: CLIENT_A, mutations: [{ id: 0, name: 'assign', args: {} }] },
      { clientId: CLIENT_A, mutations: [{ id: 1, name: 'drop_tables', args: {} }] },
      { clientId: CLIENT_A, mutations: [{ id: 1, name: 'assign', args: { ticketId: t, assigneeId: null } }], extra: true },
    ];
    for (const body of bodies) {
      const r = await svc.call('POST', '/api/v1/sync/push', svc.anna.token, body);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    for (const q of ['cursor=-1', 'limit=0', 'limit=5001', 'cursor=abc', 'foo=1']) {
      const r = await svc.call('GET', `/api/v1/sync/pull?${q}`, svc.anna.token);
      expect(r.status, q).toBe(400);
    }
    expect(await svc.count('SELECT count(*) AS n FROM sync_changes')).toBe(before);
    expect(await svc.count('SELECT count(*) AS n FROM sync_clients')).toBe(0);
    expect(await svc.count('SELECT count(*) AS n FROM sync_push_results')).toBe(0);
  });

  it('escalation mutations go through the escalation service: roles, states and slots are enforced', async () => {
    svc = await syncService();
    const t = await svc.createTicket();
    await svc.store.transaction((tx) => insertEscalation(tx, { id: 'esc-1', ticketId: t, requestedBy: svc!.rita.id, reason: 'Produktionsausfall' }));
    const slot = '2026-03-03T10:00:00.000Z';
    const agentTry = await push(svc, svc.anna.token, CLIENT_A, [{ id: 1, name: 'escalation_propose_slots', args: { escalationId: 'esc-1', slots: [slot] } }]);
    expect(agentTry.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const res = await push(svc, svc.bob.token, CLIENT_B, [
      { id: 1, name: 'escalation_mark_held', args: { escalationId: 'esc-1' } },
      { id: 2, name: 'escalation_propose_slots', args: { escalationId: 'esc-1', slots: [slot, '2026-03-04T10:00:00.000Z'] } },
      { id: 3, name: 'escalation_confirm', args: { escalationId: 'esc-1', slot: '2026-03-09T10:00:00.000Z', meetingLink: 'https://meet.example/x' } },
      { id: 4, name: 'escalation_confirm', args: { escalationId: 'esc-1', slot, meetingLink: 'https://meet.example/x' } },
      { id: 5, name: 'escalation_mark_held', args: { escalationId: 'esc-1' } },
      { id: 6, name: 'escalation_resolve', args: { escalationId: 'esc-1', outcome: 'Patch geliefert', nextSteps: 'Monitoring' } },
      { id: 7, name: 'escalation_resolve', args: { escalationId: 'nope', outcome: 'x', nextSteps: 'y' } },
    ]);
    expect(res.results.map((r) => (r.status === 'applied' ? 'applied' : r.code))).toEqual([
      'ESCALATION_INVALID_STATE',
      'applied',
      'VALIDATION_FAILED',
      'applied',
      'applied',
      'applied',
      'NOT_FOUND',
    ]);
    const pulled = PullResponseSchema.parse((await svc.call('GET', '/api/v1/sync/pull?limit=5000', svc.bob.token)).json);
    if (pulled.kind !== 'changes') throw new Error('unexpected rebootstrap');
    expect(pulled.changes.find((c) => c.entity === 'escalation')).toMatchObject({
      op: 'upsert',
      data: { id: 'esc-1', state: 'resolved', chosenSlot: slot, meetingLink: 'https://meet.example/x', outcome: 'Patch geliefert', nextSteps: 'Monitoring', ownerId: svc.bob.id },
    });
  });

  it('documents the three sync routes in the OpenAPI registry', async () => {
    svc = await syncService();
    const urls = svc.routes.routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /api/v1/sync/pull', 'POST /api/v1/sync/push', 'GET /api/v1/sync/events']));
  });
});
