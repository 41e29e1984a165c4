import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceEvents } from '../../../src-server/core/events';
import { createSmtpMailer } from '../../../src-server/notifications/mailer';
import { parseSmtpUrl } from '../../../src-server/notifications/smtp-config';
import { NotificationWorker } from '../../../src-server/notifications/worker';
import { notificationFixture } from './store-fixture';
import { eventually } from './eventually';
import { decodeBody, decodeSubject, LocalSmtpServer } from './smtp-test-server';

type Fixture = Awaited<ReturnType<typeof notificationFixture>>;

describe('notification producer (outbox)', () => {
  let f: Fixture;
  let worker: NotificationWorker;
  beforeEach(async () => {
    f = await notificationFixture();
    worker = new NotificationWorker({ store: f.store, events: new ServiceEvents(), logger: f.logger, mailer: null });
    await worker.start();
    await worker.idle();
  });
  afterEach(async () => {
    await worker.stop();
    await f.cleanup();
  });

  it('queues nothing for data that existed before notifications started', async () => {
    expect(await f.outbox()).toEqual([]);
  });

  it('a status change by an agent notifies reporter and participants once each, in their languages', async () => {
    await f.changeStatus(f.actors.agent, 'NEW', 'FEEDBACK_REQUEST');
    await worker.runOnce();
    const rows = await f.outbox();
    expect(rows.map((r) => [r.recipient_email, r.language])).toEqual([
      ['rita@kunde.example', 'en'],
      // No account: the reporter's language.
      ['nora@kunde.example', 'en'],
      ['paul@kunde.example', 'de'],
    ]);
    expect(rows.every((r) => r.state === 'pending' && r.source_kind === 'status')).toBe(true);
    expect(rows[0]!.subject).toBe(`[${f.ids.ticketKey}] Status: NEW → FEEDBACK REQUEST – ProCall verliert Präsenz`);
    expect(rows[2]!.body_text).toContain('der Status Ihrer Anfrage');
    expect(rows[0]!.body_text).toContain('Changed by: estos Support');
    // Nothing internal: no agent name, no description.
    expect(rows.some((r) => r.body_text.includes('Anna') || r.body_text.includes('geheim'))).toBe(false);
  });

  it('never notifies the actor: a participant changing the status notifies reporter and the others', async () => {
    await f.changeStatus(f.actors.paul, 'FEEDBACK_REQUEST', 'IMPLEMENTING');
    await worker.runOnce();
    expect((await f.outbox()).map((r) => r.recipient_email)).toEqual(['rita@kunde.example', 'nora@kunde.example']);
  });

  it('a public comment by the reporter notifies the participants with an excerpt', async () => {
    await f.comment(f.ids.rita, 'Das Problem tritt weiterhin auf, Log anbei.', false);
    await worker.runOnce();
    const rows = await f.outbox();
    expect(rows.map((r) => r.recipient_email)).toEqual(['nora@kunde.example', 'paul@kunde.example']);
    const paul = rows[1]!;
    expect(paul.subject).toBe(`[${f.ids.ticketKey}] Neue Antwort – ProCall verliert Präsenz`);
    expect(paul.body_text).toContain('neue Antwort von Rita Reporter');
    expect(paul.body_text).toContain('> Das Problem tritt weiterhin auf, Log anbei.');
  });

  it('an internal note notifies nobody', async () => {
    await f.comment(f.ids.anna, 'Intern: Kunde nutzt alte Version', true);
    await worker.runOnce();
    expect(await f.outbox()).toEqual([]);
  });

  it('automatic (system) status changes notify everybody on the ticket', async () => {
    await f.changeStatus({ kind: 'system' }, 'FEEDBACK_REQUEST', 'FEEDBACK_PENDING');
    await worker.runOnce();
    const rows = await f.outbox();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.language === 'de')!.body_text).toContain('Geändert von: automatisch');
  });

  it('reading the log again queues nothing twice', async () => {
    const cursor = await f.store.read((tx) => tx.get<{ c: number }>('SELECT last_sync_id AS c FROM notification_cursor'));
    await f.changeStatus(f.actors.agent, 'NEW', 'IN_PROGRESS');
    await worker.runOnce();
    // Rewind the cursor as if the cursor update had been lost: the UNIQUE key still prevents duplicates.
    await f.store.transaction((tx) => tx.run('UPDATE notification_cursor SET last_sync_id = ?', [cursor!.c]));
    await worker.runOnce();
    expect(await f.outbox()).toHaveLength(3);
  });

  it('the ticket-changed event triggers production without an explicit run', async () => {
    const events = new ServiceEvents();
    const w = new NotificationWorker({ store: f.store, events, logger: f.logger, mailer: null });
    await w.start();
    await f.changeStatus(f.actors.agent, 'NEW', 'IN_PROGRESS');
    events.ticketChanged.emit({ ticketId: f.ids.ticket, kind: 'status', syncId: null }, (e) => {
      throw e;
    });
    await w.idle();
    await w.stop();
    expect(await f.outbox()).toHaveLength(3);
  });
});

describe('SMTP delivery of the outbox against a real local SMTP server', () => {
  let f: Fixture;
  const smtp = new LocalSmtpServer();
  const workers: NotificationWorker[] = [];
  beforeEach(async () => {
    f = await notificationFixture();
    smtp.received.length = 0;
    smtp.failNext = 0;
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await smtp.stop();
    await f.cleanup();
  });

  const events = new ServiceEvents();
  /** What the service does after every committed ticket change. */
  function changed(): void {
    events.ticketChanged.emit({ ticketId: f.ids.ticket, kind: 'test', syncId: null }, (e) => {
      throw e;
    });
  }

  function worker(port: number, retry = { baseMs: 20, maxMs: 200, maxAttempts: 50 }): NotificationWorker {
    const w = new NotificationWorker({
      store: f.store,
      events,
      logger: f.logger,
      mailer: createSmtpMailer(parseSmtpUrl(`smtp://127.0.0.1:${port}`)),
      retry,
    });
    workers.push(w);
    return w;
  }

  it('delivers each row once, marks it sent, in the recipient language', async () => {
    const port = await smtp.start();
    const w = worker(port);
    await w.start();
    await f.changeStatus(f.actors.agent, 'NEW', 'FEEDBACK_REQUEST');
    changed();
    await w.idle();
    changed();
    await w.idle();
    const rows = await f.outbox();
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
    expect(smtp.received.map((m) => m.to)).toEqual([['rita@kunde.example'], ['nora@kunde.example'], ['paul@kunde.example']]);
    expect(decodeSubject(smtp.received[2]!.raw)).toContain('Status: NEW → FEEDBACK REQUEST');
    expect(decodeBody(smtp.received[2]!.raw)).toContain('der Status Ihrer Anfrage');
    expect(decodeBody(smtp.received[0]!.raw)).toContain('the status of your request');
  });

  it('retries with backoff while the SMTP server is down and delivers once it is up', async () => {
    // Learn a free port, then close the server: connections are refused until it listens again.
    const port = await smtp.start();
    await smtp.stop();
    // The first retry must not be due before the first pass has finished (a PostgreSQL pass takes longer
    // than 20 ms), or idle() already sees a second attempt.
    const w = worker(port, { baseMs: 250, maxMs: 400, maxAttempts: 50 });
    await w.start();
    await f.comment(f.ids.rita, 'Antwort', false);
    changed();
    await w.idle();
    const afterFirst = await f.outbox();
    expect(afterFirst.map((r) => r.state)).toEqual(['pending', 'pending']);
    expect(afterFirst.every((r) => r.attempts === 1 && (r.last_error ?? '').length > 0)).toBe(true);
    // Still down: the timer-driven retries fail again.
    await eventually(f.outbox, (rows) => rows.every((r) => r.attempts >= 2), 'a second attempt');
    await smtp.start(port);
    const rows = await eventually(f.outbox, (rs) => rs.every((r) => r.state === 'sent'), 'delivery after the server came back');
    expect(rows.every((r) => r.attempts >= 2)).toBe(true);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['nora@kunde.example', 'paul@kunde.example']);
  });

  it('a temporary 4xx reply is retried; the mail arrives exactly once', async () => {
    const port = await smtp.start();
    smtp.failNext = 1;
    const w = worker(port);
    await w.start();
    await f.changeStatus(f.actors.reporter, 'FEEDBACK_REQUEST', 'IMPLEMENTING');
    changed();
    await eventually(f.outbox, (rs) => rs.length === 2 && rs.every((r) => r.state === 'sent'), 'delivery');
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['nora@kunde.example', 'paul@kunde.example']);
    expect((await f.outbox()).map((r) => r.attempts).sort()).toEqual([1, 2]);
  });

  it('gives up after maxAttempts and leaves the row failed', async () => {
    const port = await smtp.start();
    await smtp.stop();
    const w = worker(port, { baseMs: 5, maxMs: 10, maxAttempts: 2 });
    await w.start();
    await f.comment(f.ids.paul, 'x', false);
    changed();
    const rows = await eventually(f.outbox, (rs) => rs.length === 2 && rs.every((r) => r.state === 'failed'), 'giving up');
    expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
  });

  it('a row found mid-delivery at start is marked failed, not resent (at most once)', async () => {
    const port = await smtp.start();
    const w1 = worker(port);
    await w1.start();
    await f.changeStatus(f.actors.agent, 'NEW', 'IN_PROGRESS');
    changed();
    await w1.idle();
    expect((await f.outbox()).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    await w1.stop();
    // Simulate a crash between "claimed" and "recorded" for one row.
    await f.store.transaction(async (tx) => {
      await tx.run(`UPDATE notification_outbox SET state = 'pending', attempts = 0, sent_at = NULL`);
      await tx.run(`UPDATE notification_outbox SET state = 'sending', attempts = 1 WHERE recipient_email = 'paul@kunde.example'`);
    });
    const before = smtp.received.length;
    const w2 = worker(port);
    await w2.start();
    await w2.idle();
    const rows = await f.outbox();
    expect(rows.find((r) => r.recipient_email === 'paul@kunde.example')!.state).toBe('failed');
    expect(smtp.received.slice(before).map((m) => m.to[0]).sort()).toEqual(['nora@kunde.example', 'rita@kunde.example']);
  });
});
