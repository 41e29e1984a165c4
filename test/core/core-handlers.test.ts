import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type ContractHandlers } from '../../src-main/contract/dispatcher';
import { CALLS } from '../../src-shared/ipc/contract';
import { AGENT } from '../main/fixtures';
import { PASSWORD, isSynced, startHarness } from './core-harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;

function dispatcherFor(h: Harness) {
  const front = {
    'settings.get': async () => { throw new Error('not under test'); },
    'settings.set': async () => { throw new Error('not under test'); },
    'shell.openExternal': async () => null,
  } as unknown as Pick<ContractHandlers, 'settings.get' | 'settings.set' | 'shell.openExternal'>;
  return createDispatcher({ ...h.core.handlers(), ...front }, { validateResponses: true });
}

describe('core handlers over a real cache and sync engine', () => {
  let h: Harness;
  let dispatch: ReturnType<typeof dispatcherFor>;
  beforeEach(async () => {
    h = await startHarness();
    dispatch = dispatcherFor(h);
  });
  afterEach(async () => h.stop());

  const signIn = async () => {
    const r = await dispatch('auth.signIn', { serverUrl: h.server.url, email: 'anna@example.com', password: PASSWORD });
    expect(r.ok).toBe(true);
    await h.waitFor(isSynced);
  };

  it('refuses data calls before sign-in with UNAUTHENTICATED and reports signed_out', async () => {
    expect(await dispatch('queue.window', { view: 'all_open', filter: {}, offset: 0, limit: 10 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await dispatch('sync.state', {})).toMatchObject({ ok: true, value: { connection: 'signed_out' } });
    expect(await dispatch('auth.getSession', {})).toEqual({ ok: true, value: null });
  });

  it('a wrong password keeps the service code and opens nothing', async () => {
    const r = await dispatch('auth.signIn', { serverUrl: h.server.url, email: 'anna@example.com', password: 'nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await dispatch('auth.getSession', {})).toEqual({ ok: true, value: null });
    expect(await h.vault.load()).toBeNull();
  });

  it('signs in, stores the session, bootstraps with progress and shows the queue in priority order', async () => {
    await signIn();
    expect(await h.vault.load()).toEqual({ serverUrl: h.server.url, token: h.server.token });
    const session = await dispatch('auth.getSession', {});
    expect(session).toMatchObject({ ok: true, value: { user: { id: AGENT.userId, displayName: 'Anna Agent', role: 'agent' } } });
    const progress = h.events.filter(([n, p]) => n === 'sync.state' && (p as { bootstrap: { total: number } }).bootstrap.total > 0);
    expect(progress.length).toBeGreaterThan(0);

    const all = await dispatch('queue.window', { view: 'all_open', filter: {}, offset: 0, limit: 5 });
    if (!all.ok) throw new Error(all.error.message);
    const win = all.value as { rows: { key: string; rank: number; organizationName: string }[]; total: number };
    expect(win.total).toBe(12);
    expect(win.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    // fixtures' priority keys follow the ticket number
    expect(win.rows.map((r) => r.key)).toEqual(['PS-10001', 'PS-10002', 'PS-10003', 'PS-10004', 'PS-10005']);
    expect(win.rows[0]!.organizationName).toBe('Org 1');

    const mine = await dispatch('queue.window', { view: 'my_queue', filter: {}, offset: 0, limit: 50 });
    expect(mine).toMatchObject({ ok: true, value: { total: 3 } });
    const text = await dispatch('queue.window', { view: null, filter: { text: 'number 7' }, offset: 0, limit: 50 });
    expect(text.ok && (text.value as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual(['PS-10007']);

    const counts = await dispatch('queue.counts', { filter: {} });
    expect(counts).toMatchObject({ ok: true, value: { views: { my_queue: 3, unassigned: 9, all_open: 12 }, statuses: { NEW: 9, IN_PROGRESS: 3 }, filtered: 12 } });
  });

  it('ticket.detail computes SLA clocks, the next automatic step, reasons and allowed transitions', async () => {
    await signIn();
    const found = await dispatch('ticket.findByKey', { key: 'ps-10004' });
    expect(found).toEqual({ ok: true, value: { ticketId: 't4' } });
    const r = await dispatch('ticket.detail', { ticketId: 't4' });
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value as { sla: { kind: string; state: string; reasonCode: string }[]; allowedTransitions: string[]; reasons: { code: string }[]; organizationName: string; nextAutoTransition: unknown };
    expect(d.sla.map((c) => c.kind)).toEqual(['first_response', 'update', 'resolution']);
    // fixtures carry no SLA contract number: every clock says so
    expect(d.sla.every((c) => c.state === 'not_applicable' && c.reasonCode === 'no_contract_number')).toBe(true);
    expect(d.allowedTransitions).toContain('IN_PROGRESS');
    expect(d.allowedTransitions).not.toContain('NEW');
    expect(d.reasons[0]!.code).toBe('priority.defect');
    expect(d.nextAutoTransition).toBeNull();
    expect(await dispatch('ticket.detail', { ticketId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a transition is applied locally at once and round-trips to the service', async () => {
    await signIn();
    const mark = h.events.length;
    const r = await dispatch('ticket.mutate', { name: 'transition', args: { ticketId: 't5', to: 'IN_PROGRESS', expectedStatus: 'NEW' } });
    expect(r).toMatchObject({ ok: true, value: { mutationId: 1 } });
    expect(h.events).toContainEqual(['tickets.changed', { ids: ['t5'], reason: 'local' }]);
    await h.waitFor((n, p) => n === 'sync.state' && (p as { pendingChanges: number }).pendingChanges === 0, mark);
    expect(h.server.tickets.get('t5')!.status).toBe('IN_PROGRESS');
    const detail = await dispatch('ticket.detail', { ticketId: 't5' });
    expect(detail.ok && (detail.value as { ticket: { status: string } }).ticket.status).toBe('IN_PROGRESS');
  });

  it('bad mutation payloads are rejected with VALIDATION_FAILED and leave the outbox empty', async () => {
    await signIn();
    const bad: unknown[] = [
      { name: 'transition', args: { ticketId: 't5', to: 'FLYING', expectedStatus: 'NEW' } },
      { name: 'transition', args: { ticketId: 't5', to: 'DONE' } },
      { name: 'assign', args: { ticketId: 't5', assigneeId: 'x', extra: true } },
      { name: 'drop_table', args: {} },
      { name: 'reply', args: { ticketId: 't5', commentId: 'c1', body: '   ' } },
    ];
    for (const req of bad) {
      expect(await dispatch('ticket.mutate', req)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    // a workflow-forbidden step is a typed domain error, not an internal one
    expect(await dispatch('ticket.mutate', { name: 'transition', args: { ticketId: 't5', to: 'OPEN', expectedStatus: 'NEW' } })).toMatchObject({ ok: false, error: { code: 'WORKFLOW_INVALID_TRANSITION' } });
    expect(await dispatch('sync.state', {})).toMatchObject({ ok: true, value: { pendingChanges: 0 } });
    expect(h.server.appliedLog).toEqual([]);
  });

  it('a change the service refuses becomes a rejection with its ticket key; discard removes it', async () => {
    await signIn();
    // Someone else moved t6 on the service; our cache has not pulled it yet.
    const t6 = h.server.tickets.get('t6')!;
    h.server.tickets.set('t6', { ...t6, status: 'IN_PROGRESS' });
    await dispatch('ticket.mutate', { name: 'transition', args: { ticketId: 't6', to: 'PEER_REVIEW', expectedStatus: 'NEW' } });
    await h.waitFor((n) => n === 'rejection.added');
    const list = await dispatch('rejections.list', {});
    if (!list.ok) throw new Error(list.error.message);
    const [rej] = list.value as { id: number; ticketKey: string; code: string }[];
    expect(rej).toMatchObject({ ticketKey: 'PS-10006', code: 'CONFLICT' });
    expect(await dispatch('rejections.discard', { id: rej!.id })).toEqual({ ok: true, value: null });
    expect(await dispatch('rejections.list', {})).toEqual({ ok: true, value: [] });
    expect(await dispatch('rejections.discard', { id: rej!.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists assignable staff, team workload and an empty escalation board', async () => {
    await signIn();
    const users = await dispatch('users.assignable', {});
    expect(users.ok && (users.value as { id: string }[]).map((u) => u.id)).toEqual([AGENT.userId]);
    expect(await dispatch('team.workload', {})).toEqual({ ok: true, value: [{ userId: AGENT.userId, displayName: 'Anna Agent', open: 3, atRisk: 0, breached: 0 }] });
    expect(await dispatch('escalations.board', {})).toEqual({ ok: true, value: [] });
  });

  it('sign-out forgets the session and closes the cache', async () => {
    await signIn();
    expect(await dispatch('auth.signOut', {})).toEqual({ ok: true, value: null });
    expect(await h.vault.load()).toBeNull();
    expect(await dispatch('queue.window', { view: 'all_open', filter: {}, offset: 0, limit: 1 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(h.fetchLog).toContain('POST /api/v1/auth/logout');
  });

  it('a restart restores the stored session and reuses the cache without a new bootstrap', async () => {
    await signIn();
    const stored = await h.vault.load();
    await h.core.close();
    const { SupportDeskCore } = await import('../../src-main/core/core');
    const again = new SupportDeskCore({ dataDir: h.dataDir, appRoot: process.cwd(), vault: h.vault, fetch: async (i, init) => (new URL(i).pathname === '/api/v1/me' ? Response.json({ id: AGENT.userId, email: 'a@example.com', name: 'Anna Agent', role: 'agent', organizationId: null, orgAdmin: false, language: 'de' }) : fetch(i, init)), engine: { pollIntervalMs: 600_000 } });
    try {
      expect(stored).not.toBeNull();
      const session = await again.restore();
      expect(session?.user.id).toBe(AGENT.userId);
      expect(again.syncState().bootstrap.active).toBe(false);
      const w = await again.handlers()['queue.window']({ view: 'all_open', filter: {}, offset: 0, limit: 1 });
      expect(w.total).toBe(12);
    } finally {
      await again.close();
    }
  });
});

describe('core sign-in for the wrong kind of account', () => {
  it('refuses a customer account with FORBIDDEN and stores nothing', async () => {
    const h = await startHarness({ role: 'customer' });
    try {
      const r = await h.core.handlers()['auth.signIn']({ serverUrl: h.server.url, email: 'c@example.com', password: PASSWORD }).catch((e: { code: string }) => e.code);
      expect(r).toBe('FORBIDDEN');
      expect(await h.vault.load()).toBeNull();
    } finally {
      await h.stop();
    }
  });
});

it('every contract call is either a core handler or a front call', async () => {
  const { FRONT_CALLS } = await import('../../src-main/core/core');
  const h = await startHarness();
  try {
    const names = [...Object.keys(h.core.handlers()), ...FRONT_CALLS].sort();
    expect(names).toEqual(Object.keys(CALLS).sort());
  } finally {
    await h.stop();
  }
});
