import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostSignal } from '../../src-main/core/sla-watcher';
import { AGENT, T0, ticket } from '../main/fixtures';
import { PASSWORD, isSynced, startHarness } from './core-harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;

describe('core calls and events beyond the queue', () => {
  let h: Harness;
  let signals: HostSignal[];
  beforeEach(async () => {
    h = await startHarness();
    signals = [];
    h.core.onSignal((s) => signals.push(s));
    await h.core.handlers()['auth.signIn']({ serverUrl: h.server.url, email: 'anna@example.com', password: PASSWORD });
    await h.waitFor(isSynced);
  });
  afterEach(async () => h.stop());

  it('kb.search asks the service with the query and language and returns validated headers', async () => {
    const r = await h.core.handlers()['kb.search']({ query: 'ProCall login', language: 'en' });
    expect(r).toEqual([{ id: 'kb-1', language: 'en', title: 'About ProCall login', summary: 's', updatedAt: T0 }]);
  });

  it('sync.now pulls what the service has new', async () => {
    h.server.add({ entity: 'ticket', op: 'upsert', data: ticket(40) });
    const mark = h.events.length;
    expect(await h.core.handlers()['sync.now']({})).toBeNull();
    await h.waitFor((n, p) => n === 'tickets.changed' && (p as { ids: string[] }).ids.includes('t40'), mark);
    expect(await h.core.handlers()['ticket.findByKey']({ key: 'PS-10040' })).toEqual({ ticketId: 't40' });
  });

  it('rejections.retry re-sends a refused change from the status the agent now sees', async () => {
    const t6 = h.server.tickets.get('t6')!;
    h.server.tickets.set('t6', { ...t6, status: 'IN_PROGRESS' });
    await h.core.handlers()['ticket.mutate']({ name: 'transition', args: { ticketId: 't6', to: 'PEER_REVIEW', expectedStatus: 'NEW' } });
    await h.waitFor((n) => n === 'rejection.added');
    // the service's truth reaches the cache, then the agent retries
    h.server.add({ entity: 'ticket', op: 'upsert', data: { ...t6, status: 'IN_PROGRESS', statusHistory: [...t6.statusHistory, { at: T0, actor: { kind: 'system' }, from: 'NEW', to: 'IN_PROGRESS' }] } });
    const mark = h.events.length;
    await h.core.handlers()['sync.now']({});
    await h.waitFor((n, p) => n === 'tickets.changed' && (p as { ids: string[] }).ids.includes('t6'), mark);
    expect((await h.core.handlers()['ticket.detail']({ ticketId: 't6' })).ticket.status).toBe('IN_PROGRESS');
    const [rej] = await h.core.handlers()['rejections.list']({});
    await h.core.handlers()['rejections.retry']({ id: rej!.id });
    await h.waitFor(() => h.server.tickets.get('t6')!.status === 'PEER_REVIEW');
    expect(await h.core.handlers()['rejections.list']({})).toEqual([]);
  });

  it('a ticket newly in my queue that is at risk raises sla.alert and the OS notifications; the badge counts it', async () => {
    // Premium contract, severity 1: first response due 2 business hours after T0 (Mon 10:00 Berlin); now is T0+1h.
    h.server.add({ entity: 'sla_contract', op: 'upsert', data: { contractNumber: 'SLA-1', organizationId: 'o1', tier: 'premium', validFrom: '2026-01-01T00:00:00.000Z', validUntil: null } });
    h.server.add({ entity: 'ticket', op: 'upsert', data: ticket(41, { organizationId: 'o1', slaContractNumber: 'SLA-1', severity: 1, assigneeId: AGENT.userId }) });
    const mark = h.events.length;
    await h.core.handlers()['sync.now']({});
    await h.waitFor((n) => n === 'sla.alert', mark);
    expect(h.events.slice(mark).filter(([n]) => n === 'sla.alert')).toEqual([['sla.alert', { ticketId: 't41', ticketKey: 'PS-10041', kind: 'at_risk' }]]);
    await h.waitFor(() => signals.some((s) => s.kind === 'notify' && s.reason === 'assigned_to_me'));
    expect(signals).toContainEqual({ kind: 'notify', reason: 'sla_at_risk', ticketId: 't41', ticketKey: 'PS-10041', title: 'Ticket number 41' });
    expect(signals).toContainEqual({ kind: 'notify', reason: 'assigned_to_me', ticketId: 't41', ticketKey: 'PS-10041', title: 'Ticket number 41' });
    expect(signals.filter((s) => s.kind === 'badge').at(-1)).toEqual({ kind: 'badge', atRisk: 1 });
    const detail = await h.core.handlers()['ticket.detail']({ ticketId: 't41' });
    expect(detail.slaTier).toBe('premium');
    expect(detail.sla[0]).toMatchObject({ kind: 'first_response', state: 'running', atRisk: true, dueAt: '2026-03-02T11:00:00.000Z' });
    expect(detail.reasons.map((r) => r.code)).toContain('sla.first_response.at_risk');
  });
});
