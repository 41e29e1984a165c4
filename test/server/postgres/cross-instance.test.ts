/**
 * Two service instances on one PostgreSQL database, each with its own store (pool), events and workers:
 * SSE pokes cross instances (LISTEN/NOTIFY), a push retried on the other instance — even concurrently — is
 * applied once, and the notification outbox worked by both instances mails every recipient once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../../src-server/app';
import { ManualClock } from '../../../src-server/core/clock';
import { createNotificationWorker } from '../../../src-server/notifications/index';
import type { PgStore } from '../../../src-server/storage/postgres/pg-store';
import { createSyncFeature } from '../../../src-server/sync/routes';
import { PushResponseSchema } from '../../../src-shared/sync/protocol';
import { dbAll, dbGet, openTestStore } from '../backend';
import { START, callInstance, startTestServer, TEST_SCRYPT, type TestServer, ticketBody } from '../harness';
import { eventually } from '../notifications/eventually';
import { LocalSmtpServer } from '../notifications/smtp-test-server';

const smtp = new LocalSmtpServer();
let a: TestServer;
let b: BuiltApp;
let bStore: PgStore;
let bUrl: string;
let tokens: Awaited<ReturnType<TestServer['tokens']>>;

beforeAll(async () => {
  const smtpUrl = `smtp://127.0.0.1:${await smtp.start()}`;
  // pollMs 0: no newest-id polling, so a poke on B can only come from B's own writes or from NOTIFY.
  const syncA = createSyncFeature({ pruneEveryMs: 0, pollMs: 0 });
  a = await startTestServer({
    deps: { routeModules: [syncA.routes], workers: (ctx) => [syncA.worker(ctx), createNotificationWorker(ctx, { smtp: smtpUrl })] },
  });
  if (a.store.dialect !== 'postgres') throw new Error('the postgres project runs this file with SD_TEST_BACKEND=postgres');
  const clock = new ManualClock(START);
  const opened = await openTestStore({ clock, location: a.dbFile });
  bStore = opened.store as PgStore;
  const syncB = createSyncFeature({ pruneEveryMs: 0, pollMs: 0 });
  b = await buildApp({
    store: bStore,
    clock,
    logger: false,
    routeModules: [syncB.routes],
    workers: (ctx) => [syncB.worker(ctx), createNotificationWorker(ctx, { smtp: smtpUrl })],
    config: { scrypt: TEST_SCRYPT },
  });
  await b.app.listen({ host: '127.0.0.1', port: 0 });
  const address = b.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  bUrl = `http://127.0.0.1:${address.port}`;
  await bStore.listening();
  await (a.store as PgStore).listening();
  tokens = await a.tokens();
});

afterAll(async () => {
  await b?.app.close();
  await bStore?.close();
  await a?.close();
  await smtp.stop();
});

describe('two instances on one PostgreSQL database', () => {
  it('a write through instance A pokes an SSE client connected to instance B', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bUrl}/api/v1/sync/events`, { headers: { authorization: `Bearer ${tokens.agent}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const pokes: number[] = [];
    let buffer = '';
    const waitForPoke = async (atLeast: number): Promise<number> => {
      for (;;) {
        const found = pokes.find((p) => p >= atLeast);
        if (found !== undefined) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = /^event: poke\ndata: (.*)$/m.exec(frame);
          if (data) pokes.push((JSON.parse(data[1]!) as { syncId: number }).syncId);
        }
      }
    };
    try {
      const initial = await waitForPoke(0); // the stream announces the newest id on connect
      const created = await callInstance<{ id: string }>(a.baseUrl, 'POST', '/api/v1/tickets', tokens.customerA, ticketBody({ title: 'poke across instances' }));
      expect(created.status).toBe(201);
      const newest = (await dbGet<{ value: number }>(a.store, "SELECT value FROM sync_meta WHERE key = 'newest'"))!.value;
      expect(newest).toBeGreaterThan(initial);
      expect(await waitForPoke(newest)).toBe(newest);
    } finally {
      controller.abort();
    }
  });

  it('the same push sent to both instances at once is applied once and answered identically', async () => {
    const created = await callInstance<{ id: string }>(a.baseUrl, 'POST', '/api/v1/tickets', tokens.customerA, ticketBody({ title: 'push twice' }));
    const mutations = [
      { id: 1, name: 'internal_note', args: { ticketId: created.body.id, commentId: 'note-1', body: 'first' } },
      { id: 2, name: 'internal_note', args: { ticketId: created.body.id, commentId: 'note-2', body: 'second' } },
    ];
    const body = { clientId: 'client-retry', mutations };
    const [ra, rb] = await Promise.all([
      callInstance(a.baseUrl, 'POST', '/api/v1/sync/push', tokens.agent, body),
      callInstance(bUrl, 'POST', '/api/v1/sync/push', tokens.agent, body),
    ]);
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    const pa = PushResponseSchema.parse(ra.body);
    expect(PushResponseSchema.parse(rb.body)).toEqual(pa);
    expect(pa.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const retry = PushResponseSchema.parse((await callInstance(bUrl, 'POST', '/api/v1/sync/push', tokens.agent, body)).body);
    expect(retry).toEqual(pa);
    const notes = await dbAll<{ id: string }>(a.store, 'SELECT id FROM comments WHERE ticket_id = ? AND internal = 1 ORDER BY id', [created.body.id]);
    expect(notes.map((n) => n.id)).toEqual(['note-1', 'note-2']);
  });

  it('the outbox worked by both instances mails every recipient once', async () => {
    const before = smtp.received.length;
    const created = await callInstance<{ id: string }>(
      a.baseUrl,
      'POST',
      '/api/v1/tickets',
      tokens.customerA,
      ticketBody({ title: 'mail once', visibility: 'organization', participants: ['arne@alpha.example'], slaContractNumber: null, endUserCompany: null }),
    );
    expect(created.status).toBe(201);
    // Public replies through both instances: both workers are woken and race for the same outbox rows.
    for (let i = 0; i < 4; i++) {
      const base = i % 2 ? bUrl : a.baseUrl;
      expect((await callInstance(base, 'POST', `/api/v1/tickets/${created.body.id}/comments`, tokens.agent, { body: `Antwort ${i}`, internal: false })).status).toBe(201);
    }
    const rows = await eventually(
      () => dbAll<{ state: string; recipient_email: string }>(a.store, 'SELECT state, recipient_email FROM notification_outbox WHERE ticket_id = ?', [created.body.id]),
      (rs) => rs.length > 0 && rs.every((r) => r.state === 'sent'),
      'every outbox row sent',
    );
    const mails = smtp.received.slice(before).map((m) => m.to.join(','));
    expect(mails.length).toBe(rows.length);
    expect(new Set(smtp.received.slice(before).map((m) => m.raw.match(/^Message-ID: (.*)$/im)?.[1])).size).toBe(rows.length);
  });
});
