import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutomationScheduler } from '../../../src-server/automation/scheduler';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DAY, ServiceFixture, type Service } from './service-fixture';

// Monday 2 March 2026, 10:00 in Berlin (CET, UTC+1). DST starts on 29 March.
const T0 = '2026-03-02T09:00:00.000Z';

async function postClock(s: Service, body: unknown): Promise<Response> {
  return fetch(`${s.baseUrl}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('automatic transitions', () => {
  let fx: ServiceFixture;
  let s: Service;
  beforeEach(async () => {
    fx = new ServiceFixture();
    s = await fx.start(T0);
    await fx.seedUsers(s);
  });
  afterEach(async () => {
    await s.close();
    await fx.cleanup();
  });

  it('POST /api/v1/dev/clock answers only after the work it caused is committed (no polling needed)', async () => {
    // A deliberately slow clock listener stands in for a scheduler run that takes a while (a big catch-up).
    let slowListenerDone = false;
    s.ctx.events.clockChanged.on(async () => {
      await new Promise((r) => setTimeout(r, 150));
      slowListenerDone = true;
    });
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    const res = await postClock(s, { advanceMs: 7 * DAY });
    expect(res.status).toBe(200);
    expect(slowListenerDone).toBe(true);
    // deliberately no scheduler.idle(): an HTTP-only client (demo, end-to-end test) reads right away
    expect((await fx.ticket(s, id))!.status).toBe('FEEDBACK_PENDING');
  });

  it('POST /api/v1/dev/clock advancing 7 days moves FEEDBACK_REQUEST → FEEDBACK_PENDING, recorded by the system at the due instant', async () => {
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    const res = await postClock(s, { advanceMs: 7 * DAY - 1 });
    expect(res.status).toBe(200);
    await s.scheduler.idle();
    expect((await fx.ticket(s, id))!.status).toBe('FEEDBACK_REQUEST');
    await postClock(s, { advanceMs: 1 });
    await s.scheduler.idle();
    expect(await fx.ticket(s, id)).toEqual({ status: 'FEEDBACK_PENDING', status_changed_at: '2026-03-09T09:00:00.000Z' });
    const history = await fx.statusHistory(s, id);
    expect(history.at(-1)).toEqual({ actor_kind: 'system', from_value: 'FEEDBACK_REQUEST', to_value: 'FEEDBACK_PENDING', at: '2026-03-09T09:00:00.000Z' });
    // The change reached the sync log like any other ticket write.
    const logged = await s.store.read((tx) =>
      tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM sync_changes WHERE entity = 'ticket' AND entity_id = ? AND changed_at = ?`, [id, '2026-03-09T09:00:00.000Z']),
    );
    expect(logged!.n).toBeGreaterThan(0);
  });

  it('a customer reply in between restarts the wait', async () => {
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    await postClock(s, { advanceMs: 5 * DAY });
    await fx.customerReplies(s, id);
    expect((await fx.ticket(s, id))!.status).toBe('OPEN');
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    await postClock(s, { advanceMs: 5 * DAY });
    await s.scheduler.idle();
    // 10 days since the first request, but only 5 since the new one.
    expect((await fx.ticket(s, id))!.status).toBe('FEEDBACK_REQUEST');
    await postClock(s, { advanceMs: 2 * DAY });
    await s.scheduler.idle();
    expect((await fx.ticket(s, id))!.status).toBe('FEEDBACK_PENDING');
    expect((await fx.statusHistory(s, id)).filter((h) => h.actor_kind === 'system')).toHaveLength(1);
  });

  it('an agent change before the deadline cancels the timer', async () => {
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    await postClock(s, { advanceMs: 3 * DAY });
    await fx.agentSets(s, id, 'IN_PROGRESS');
    await postClock(s, { advanceMs: 30 * DAY });
    await s.scheduler.idle();
    expect((await fx.ticket(s, id))!.status).toBe('IN_PROGRESS');
    const due = await s.store.read((tx) => tx.all('SELECT * FROM automation_due WHERE ticket_id = ?', [id]));
    expect(due).toEqual([]);
  });

  it('IMPLEMENTING waits 28 calendar days (across the DST switch) before FEEDBACK_PENDING', async () => {
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    // The creator signals implementation (creator-only transition).
    const { transitionTicket } = await import('../../../src-server/tickets/ticket-service');
    await transitionTicket(s.ctx, fx.users.customer, id, 'IMPLEMENTING');
    await postClock(s, { advanceMs: 27 * DAY });
    await s.scheduler.idle();
    expect((await fx.ticket(s, id))!.status).toBe('IMPLEMENTING');
    await postClock(s, { advanceMs: DAY });
    await s.scheduler.idle();
    // Same Berlin wall-clock time (10:00) 28 days later: 10:00 CEST = 08:00 UTC, 23 h earlier than 28 × 24 h.
    expect(await fx.ticket(s, id)).toEqual({ status: 'FEEDBACK_PENDING', status_changed_at: '2026-03-30T08:00:00.000Z' });
  });

  it('exactly once: two schedulers ticking concurrently, and again, write one history entry per step', async () => {
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    const second = new AutomationScheduler(s.ctx);
    // Move the clock without waking the running scheduler (set() on the clock itself notifies listeners, so
    // stop the worker first and drive both explicitly).
    await s.scheduler.stop();
    s.clock.set(s.clock.now() + 7 * DAY);
    const results = await Promise.all([s.scheduler.tick(), second.tick(), s.scheduler.tick(), second.tick()]);
    expect(results.reduce((n, r) => n + r.applied, 0)).toBe(1);
    const system = (await fx.statusHistory(s, id)).filter((h) => h.actor_kind === 'system');
    expect(system).toEqual([{ actor_kind: 'system', from_value: 'FEEDBACK_REQUEST', to_value: 'FEEDBACK_PENDING', at: '2026-03-09T09:00:00.000Z' }]);
  });

  it('exactly once across processes: two service processes on the same database file', async () => {
    const id = await fx.newTicket(s);
    await fx.agentSets(s, id, 'FEEDBACK_REQUEST');
    await s.scheduler.stop();
    s.clock.set(s.clock.now() + 14 * DAY);
    const at = new Date(s.clock.now()).toISOString();
    const child = (): Promise<number> =>
      new Promise((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', join(__dirname, 'tick-child.ts'), fx.file, at], (err, stdout, stderr) => {
          if (err) reject(new Error(`child failed: ${stderr}`));
          else resolve((JSON.parse(stdout) as { applied: number }).applied);
        });
      });
    const here = new AutomationScheduler(s.ctx);
    const results = await Promise.all([child(), child(), here.tick().then((r) => r.applied), child()]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(2);
    const system = (await fx.statusHistory(s, id)).filter((h) => h.actor_kind === 'system');
    expect(system.map((h) => [h.to_value, h.at])).toEqual([
      ['FEEDBACK_PENDING', '2026-03-09T09:00:00.000Z'],
      ['DONE', '2026-03-16T09:00:00.000Z'],
    ]);
  });
});

describe('catch-up after downtime', () => {
  let fx: ServiceFixture;
  beforeEach(() => {
    fx = new ServiceFixture();
  });
  afterEach(() => fx.cleanup());

  it('on start, a ticket whose week ran out while the service was down moves with the due instant as its time', async () => {
    const s1 = await fx.start(T0);
    await fx.seedUsers(s1);
    const id = await fx.newTicket(s1);
    await fx.agentSets(s1, id, 'FEEDBACK_REQUEST');
    await s1.close();

    // Down for 8 days; the service starts with its clock at T0 + 8 d.
    const s2 = await fx.start('2026-03-10T09:00:00.000Z');
    try {
      // start() awaited the catch-up: no waiting needed, the server was not ready before.
      expect(await fx.ticket(s2, id)).toEqual({ status: 'FEEDBACK_PENDING', status_changed_at: '2026-03-09T09:00:00.000Z' });
    } finally {
      await s2.close();
    }
  });

  it('a 15-days-overdue ticket goes through both steps, each at its own due instant, and a restart changes nothing', async () => {
    const s1 = await fx.start(T0);
    await fx.seedUsers(s1);
    const id = await fx.newTicket(s1);
    await fx.agentSets(s1, id, 'FEEDBACK_REQUEST');
    await s1.close();

    const s2 = await fx.start('2026-03-17T09:00:00.000Z');
    const after = await fx.statusHistory(s2, id);
    await s2.close();
    expect(after.filter((h) => h.actor_kind === 'system').map((h) => [h.from_value, h.to_value, h.at])).toEqual([
      ['FEEDBACK_REQUEST', 'FEEDBACK_PENDING', '2026-03-09T09:00:00.000Z'],
      ['FEEDBACK_PENDING', 'DONE', '2026-03-16T09:00:00.000Z'],
    ]);

    const s3 = await fx.start('2026-04-30T09:00:00.000Z');
    try {
      expect(await fx.statusHistory(s3, id)).toEqual(after);
      expect((await fx.ticket(s3, id))!.status).toBe('DONE');
    } finally {
      await s3.close();
    }
  });

  it('catch-up steps notify the reporter like any other status change', async () => {
    const s1 = await fx.start(T0, { notifications: true });
    await fx.seedUsers(s1);
    const id = await fx.newTicket(s1);
    await fx.agentSets(s1, id, 'FEEDBACK_REQUEST');
    await s1.close();
    const s2 = await fx.start('2026-03-17T09:00:00.000Z', { notifications: true });
    try {
      const rows = await eventuallyRows(s2, 3);
      expect(rows.map((r) => [r.recipient_email, r.subject.replace(/ – .*/, '')])).toEqual([
        // The agent's FEEDBACK REQUEST (made before the restart), then both automatic steps.
        ['kunde@kunde.example', expect.stringMatching(/Status: NEW → FEEDBACK REQUEST$/)],
        ['kunde@kunde.example', expect.stringMatching(/Status: FEEDBACK REQUEST → FEEDBACK PENDING$/)],
        ['kunde@kunde.example', expect.stringMatching(/Status: FEEDBACK PENDING → DONE$/)],
      ]);
    } finally {
      await s2.close();
    }
  });

  it('a due row lost while the service was down (index out of date) is rebuilt from the change log', async () => {
    const s1 = await fx.start(T0);
    await fx.seedUsers(s1);
    const id = await fx.newTicket(s1);
    await s1.scheduler.stop();
    await fx.agentSets(s1, id, 'FEEDBACK_REQUEST');
    await s1.close();
    const s2 = await fx.start('2026-03-09T09:00:00.000Z');
    try {
      expect((await fx.ticket(s2, id))!.status).toBe('FEEDBACK_PENDING');
    } finally {
      await s2.close();
    }
  });
});

async function eventuallyRows(s: Service, n: number) {
  const read = () =>
    s.store.read((tx) => tx.all<{ recipient_email: string; subject: string }>('SELECT recipient_email, subject FROM notification_outbox ORDER BY id'));
  for (let i = 0; i < 200; i++) {
    const rows = await read();
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 25));
  }
  return read();
}

describe('controllable clock route', () => {
  it('exists only with --clock manual', async () => {
    const fx = new ServiceFixture();
    const off = await fx.start(T0, { manual: false });
    try {
      const res = await postClock(off, { advanceMs: 1000 });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    } finally {
      await off.close();
    }
    const on = await fx.start(T0);
    try {
      const bad = await postClock(on, { advanceMs: -5 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
      const ok = await postClock(on, { setIso: '2026-03-05T12:00:00.000Z' });
      expect(await ok.json()).toEqual({ now: '2026-03-05T12:00:00.000Z' });
    } finally {
      await on.close();
      await fx.cleanup();
    }
  });
});
