import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutomationScheduler } from '../../../src-server/automation/index';
import { createNotificationWorker } from '../../../src-server/notifications/index';
import type { NotificationWorker } from '../../../src-server/notifications/worker';
import { FIXTURE_USERS, PASSWORD, startTestServer, ticketBody, type FixtureUser, type TestServer } from '../harness';
import { eventually } from './eventually';
import { decodeBody, decodeSubject, LocalSmtpServer } from './smtp-test-server';

const DAY = 86_400_000;

/**
 * End to end over HTTP: the real service with the automation and notification workers, delivering to a real
 * SMTP server on 127.0.0.1. Reporter anna (de), participant arne (en, same organisation), agent (estos).
 */
describe('notifications through the ticket service', () => {
  const smtp = new LocalSmtpServer();
  let server: TestServer;
  let worker!: NotificationWorker;
  let tokens: Awaited<ReturnType<TestServer['tokens']>>;
  let ticketId: string;
  let key: string;

  beforeAll(async () => {
    const port = await smtp.start();
    server = await startTestServer({
      deps: {
        workers: (ctx) => {
          worker = createNotificationWorker(ctx, { smtp: `smtp://127.0.0.1:${port}` });
          return [createAutomationScheduler(ctx), worker];
        },
      },
    });
    tokens = await server.tokens();
    const created = await server.call<{ id: string; key: string }>('POST', '/api/v1/tickets', {
      token: tokens.customerA,
      body: ticketBody({ visibility: 'organization', participants: ['arne@alpha.example'], slaContractNumber: null, endUserCompany: null }),
    });
    expect(created.status).toBe(201);
    ticketId = created.body.id;
    key = created.body.key;
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  const outbox = () =>
    server.store.read((tx) =>
      tx.all<{ recipient_email: string; language: string; subject: string; body_text: string; state: string; source_kind: string }>(
        'SELECT recipient_email, language, subject, body_text, state, source_kind FROM notification_outbox ORDER BY id',
      ),
    );

  /** A fresh token: moving the clock a week ahead expires the harness's cached ones. */
  async function freshToken(user: FixtureUser): Promise<string> {
    const res = await server.call<{ token: string }>('POST', '/api/v1/auth/login', { body: { email: FIXTURE_USERS[user].email, password: PASSWORD } });
    expect(res.status).toBe(200);
    return res.body.token;
  }

  async function settled(count: number) {
    return eventually(outbox, (rows) => rows.length === count && rows.every((r) => r.state === 'sent'), `${count} sent notifications`);
  }

  it('creating the ticket tells the participant, not the reporter who filed it', async () => {
    const rows = await settled(1);
    expect(rows[0]).toMatchObject({ recipient_email: 'arne@alpha.example', language: 'en', source_kind: 'status' });
    expect(rows[0]!.subject).toBe(`[${key}] Status: (new) → NEW – ProCall stürzt beim Start ab`);
  });

  it('an internal note notifies nobody; a public agent reply notifies reporter and participant in their languages', async () => {
    const note = await server.call('POST', `/api/v1/tickets/${ticketId}/comments`, {
      token: tokens.agent,
      body: { body: 'INTERN: Kunde hat keine Wartung', internal: true },
    });
    expect(note.status).toBe(201);
    const reply = await server.call('POST', `/api/v1/tickets/${ticketId}/comments`, {
      token: tokens.agent,
      body: { body: 'Bitte senden Sie uns das Logfile.', internal: false },
    });
    expect(reply.status).toBe(201);
    const rows = (await settled(3)).slice(1);
    expect(rows.map((r) => [r.recipient_email, r.language, r.source_kind])).toEqual([
      ['anna@alpha.example', 'de', 'comment'],
      ['arne@alpha.example', 'en', 'comment'],
    ]);
    const annaMail = smtp.received.find((m) => m.to[0] === 'anna@alpha.example')!;
    expect(decodeSubject(annaMail.raw)).toBe(`[${key}] Neue Antwort – ProCall stürzt beim Start ab`);
    expect(decodeBody(annaMail.raw)).toContain('> Bitte senden Sie uns das Logfile.');
    expect(smtp.received.some((m) => decodeBody(m.raw).includes('INTERN'))).toBe(false);
  });

  it('status changes by the agent and by the automation (dev clock + 7 days) both notify', async () => {
    const t = await server.call('POST', `/api/v1/tickets/${ticketId}/transitions`, { token: tokens.agent, body: { to: 'FEEDBACK_REQUEST' } });
    expect(t.status).toBe(200);
    await settled(5);
    const clock = await server.call('POST', '/api/v1/dev/clock', { body: { advanceMs: 7 * DAY } });
    expect(clock.status).toBe(200);
    const rows = (await settled(7)).slice(5);
    expect(rows.map((r) => r.recipient_email)).toEqual(['anna@alpha.example', 'arne@alpha.example']);
    expect(rows[0]!.subject).toBe(`[${key}] Status: FEEDBACK REQUEST → FEEDBACK PENDING – ProCall stürzt beim Start ab`);
    expect(rows[0]!.body_text).toContain('Geändert von: automatisch');
    expect(rows[1]!.body_text).toContain('Changed by: automatically');
    const ticket = await server.call<{ status: string }>('GET', `/api/v1/tickets/${ticketId}`, { token: await freshToken('customerA') });
    expect(ticket.body.status).toBe('FEEDBACK_PENDING');
  });

  it('a reply by the participant notifies the reporter only; every row went out exactly once', async () => {
    const r = await server.call('POST', `/api/v1/tickets/${ticketId}/comments`, {
      token: await freshToken('customerA2'),
      body: { body: 'Logfile anbei', internal: false },
    });
    expect(r.status).toBe(201);
    // The reply also moves FEEDBACK_PENDING → OPEN: a status mail and a comment mail, both only to anna.
    const rows = (await settled(9)).slice(7);
    expect(rows.map((x) => [x.recipient_email, x.source_kind]).sort()).toEqual([
      ['anna@alpha.example', 'comment'],
      ['anna@alpha.example', 'status'],
    ]);
    await worker.idle();
    expect(smtp.received).toHaveLength(9);
  });
});
