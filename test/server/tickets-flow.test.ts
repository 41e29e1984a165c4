import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, ticketBody } from './harness';

let s: TestServer;
let t: Record<string, string>;
beforeAll(async () => {
  s = await startTestServer();
  t = await s.tokens();
});
afterAll(async () => s.close());

async function newTicket(token: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const res = await s.call<{ id: string; key: string }>('POST', '/api/v1/tickets', { token, body: ticketBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('ticket flows', () => {
  it('customers never see internal notes (list, detail, comments, history)', async () => {
    const { id } = await newTicket(t.customerA!, { visibility: 'organization' });
    await s.call('POST', `/api/v1/tickets/${id}/comments`, { token: t.agent, body: { body: 'SECRET-NOTE', internal: true } });
    await s.call('PATCH', `/api/v1/tickets/${id}`, { token: t.agent, body: { assigneeId: s.fixture.users.agent } });
    await s.call('POST', `/api/v1/tickets/${id}/comments`, { token: t.agent, body: { body: 'public answer' } });
    for (const who of ['customerA', 'customerA2'] as const) {
      for (const path of [`/api/v1/tickets/${id}`, `/api/v1/tickets/${id}/comments`, `/api/v1/tickets/${id}/history`, '/api/v1/tickets?limit=200']) {
        const res = await s.call('GET', path, { token: t[who] });
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain('SECRET-NOTE');
        expect(JSON.stringify(res.body)).not.toContain('"internal"');
      }
      const history = await s.call<{ items: Array<{ field: string }> }>('GET', `/api/v1/tickets/${id}/history`, { token: t[who] });
      expect(history.body.items.map((h) => h.field)).not.toContain('assignee');
    }
    const staff = await s.call<{ items: Array<{ kind: string }> }>('GET', `/api/v1/tickets/${id}/comments`, { token: t.agent });
    expect(staff.body.items.map((c) => c.kind)).toEqual(['internal', 'public']);
  });

  it('a public customer reply moves FEEDBACK_REQUEST to OPEN; the creator may set IMPLEMENTING, a colleague may not', async () => {
    const { id } = await newTicket(t.customerA!, { visibility: 'organization' });
    expect((await s.call('POST', `/api/v1/tickets/${id}/transitions`, { token: t.agent, body: { to: 'FEEDBACK_REQUEST' } })).status).toBe(200);
    const colleague = await s.call<{ error: { code: string } }>('POST', `/api/v1/tickets/${id}/transitions`, { token: t.customerA2, body: { to: 'IMPLEMENTING' } });
    expect(colleague.body.error.code).toBe('WORKFLOW_NOT_CREATOR');
    const impl = await s.call<{ status: string }>('POST', `/api/v1/tickets/${id}/transitions`, { token: t.customerA, body: { to: 'IMPLEMENTING' } });
    expect(impl.body.status).toBe('IMPLEMENTING');
    s.clock.advance(60_000);
    const reply = await s.call<{ ticket: { status: string; statusHistory: Array<{ from: string | null; to: string; actor: { kind: string; userId?: string } }> } }>(
      'POST',
      `/api/v1/tickets/${id}/comments`,
      { token: t.customerA2, body: { body: 'works now?' } },
    );
    expect(reply.body.ticket.status).toBe('OPEN');
    expect(reply.body.ticket.statusHistory.map((h) => `${h.from}->${h.to}`)).toEqual(['null->NEW', 'NEW->FEEDBACK_REQUEST', 'FEEDBACK_REQUEST->IMPLEMENTING', 'IMPLEMENTING->OPEN']);
    expect(reply.body.ticket.statusHistory.at(-1)!.actor).toEqual({ kind: 'user', userId: s.fixture.users.customerA2, role: 'customer' });
  });

  it('linking to an outage sets its impact to the number of distinct organisations', async () => {
    const outage = await newTicket(t.customerA!, { category: 'cloud_outage', severity: 1 });
    const a2 = await newTicket(t.customerA2!);
    const b = await newTicket(t.customerB!);
    const p = await newTicket(t.partner!);
    for (const x of [a2, b, p]) expect((await s.call('POST', `/api/v1/tickets/${x.id}/link`, { token: t.agent, body: { targetId: outage.key } })).status).toBe(200);
    const after = await s.call<{ impact: number }>('GET', `/api/v1/tickets/${outage.id}`, { token: t.agent });
    expect(after.body.impact).toBe(3); // alpha, beta, partner
    await s.call('POST', `/api/v1/tickets/${b.id}/link`, { token: t.agent, body: { targetId: null } });
    expect((await s.call<{ impact: number }>('GET', `/api/v1/tickets/${outage.id}`, { token: t.agent })).body.impact).toBe(2);
  });

  it('SLA contract numbers are validated against the reporter’s organisation', async () => {
    expect((await s.call('POST', '/api/v1/tickets', { token: t.customerA, body: ticketBody({ slaContractNumber: 'sla-alpha-1 ' }) })).status).toBe(201);
    const foreign = await s.call<{ error: { code: string; details: { miss: string } } }>('POST', '/api/v1/tickets', { token: t.customerB, body: ticketBody({ slaContractNumber: 'SLA-ALPHA-1' }) });
    expect(foreign.status).toBe(422);
    // Only the reporter's own contracts are consulted, so another organisation's number is indistinguishable
    // from a non-existent one (no probing of foreign contract numbers).
    expect(foreign.body.error.details.miss).toBe('unknown');
  });

  it('misconfiguration marking is audited', async () => {
    const { id } = await newTicket(t.customerA!);
    const res = await s.call<{ misconfiguration: boolean }>('POST', `/api/v1/tickets/${id}/misconfiguration`, { token: t.agent, body: { misconfiguration: true, reason: 'wrong LDAP' } });
    expect(res.body.misconfiguration).toBe(true);
    const audit = await s.store.read((tx) => tx.all('SELECT actor_id, action, details_json FROM audit_log WHERE target_id = ?', [id]));
    expect(audit).toEqual([{ actor_id: s.fixture.users.agent, action: 'ticket.misconfiguration_marked', details_json: '{"reason":"wrong LDAP"}' }]);
  });

  it('escalation lifecycle: requested → appointment_proposed → confirmed → held → resolved', async () => {
    const { id } = await newTicket(t.customerA!);
    const e = await s.call<{ id: string; state: string }>('POST', `/api/v1/tickets/${id}/escalations`, { token: t.customerA, body: { reason: 'production down' } });
    expect(e.body.state).toBe('requested');
    const slots = ['2026-03-03T09:00:00.000Z', '2026-03-03T13:00:00.000Z'];
    expect((await s.call('POST', `/api/v1/escalations/${e.body.id}/propose`, { token: t.agent, body: { slots } })).status).toBe(403);
    expect((await s.call('POST', `/api/v1/escalations/${e.body.id}/hold`, { token: t.teamLead, body: { outcome: 'x', nextSteps: 'y' } })).status).toBe(409);
    const proposed = await s.call<{ state: string; ownerId: string }>('POST', `/api/v1/escalations/${e.body.id}/propose`, {
      token: t.teamLead,
      body: { slots, meetingLink: 'https://meet.example/abc' },
    });
    expect(proposed.body).toMatchObject({ state: 'appointment_proposed', ownerId: s.fixture.users.teamLead });
    expect((await s.call('POST', `/api/v1/escalations/${e.body.id}/confirm`, { token: t.customerA, body: { slot: '2026-03-04T09:00:00.000Z' } })).status).toBe(400);
    expect((await s.call<{ state: string }>('POST', `/api/v1/escalations/${e.body.id}/confirm`, { token: t.customerA, body: { slot: slots[1] } })).body.state).toBe('confirmed');
    expect((await s.call<{ state: string }>('POST', `/api/v1/escalations/${e.body.id}/hold`, { token: t.teamLead, body: { outcome: 'agreed fix', nextSteps: 'hotfix' } })).body.state).toBe('held');
    const resolved = await s.call<{ state: string; chosenSlot: string; outcome: string }>('POST', `/api/v1/escalations/${e.body.id}/resolve`, { token: t.teamLead, body: {} });
    expect(resolved.body).toMatchObject({ state: 'resolved', chosenSlot: slots[1], outcome: 'agreed fix' });
    expect((await s.call('GET', `/api/v1/escalations/${e.body.id}`, { token: t.customerB })).status).toBe(404);
  });

  it('every write appends sync_changes rows in the same transaction', async () => {
    const before = (await s.snapshot()).max_sync_id!;
    const { id } = await newTicket(t.customerA!);
    const rows = await s.store.read((tx) =>
      tx.all<{ entity: string; entity_id: string }>('SELECT entity, entity_id, op FROM sync_changes WHERE sync_id > ? ORDER BY sync_id', [before]),
    );
    expect(rows.filter((r) => r.entity === 'ticket').every((r) => r.entity_id === id)).toBe(true);
    expect(rows.map((r) => r.entity)).toContain('history');
  });

  it('the OpenAPI document lists every registered route', async () => {
    const doc = await s.call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const registered = s.built.routes.routes.map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documented = Object.entries(doc.body.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    expect(documented).toEqual(registered);
    const fastifyRoutes = s.built.app.printRoutes({ commonPrefix: false });
    for (const r of s.built.routes.routes) expect(fastifyRoutes).toContain(r.url.split('/').pop());
  });
});

describe('dev clock', () => {
  it('exists only with a manual clock', async () => {
    const res = await s.call<{ now: string }>('POST', '/api/v1/dev/clock', { body: { advanceMs: 1000 } });
    expect(res.status).toBe(200);
    const without = await startTestServer({ deps: { manualClock: null } });
    try {
      expect((await without.call('POST', '/api/v1/dev/clock', { body: { advanceMs: 1000 } })).status).toBe(404);
    } finally {
      await without.close();
    }
  });
});
