import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, ticketBody } from './harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s.close());

describe('ticket service basics', () => {
  it('answers health and creates a ticket with key PS-10001', async () => {
    expect((await s.call('GET', '/api/v1/health')).body).toEqual({ status: 'ok' });
    const token = await s.login('customerA');
    const res = await s.call<{ key: string; status: string; statusHistory: unknown[] }>('POST', '/api/v1/tickets', { token, body: ticketBody() });
    expect(res.status).toBe(201);
    expect(res.body.key).toBe('PS-10001');
    expect(res.body.status).toBe('NEW');
    expect(res.body.statusHistory).toHaveLength(1);
  });
});
