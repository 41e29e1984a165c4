/** GET /api/v1/tickets?q= — full-text search (FTS5 on SQLite, tsvector on PostgreSQL), visibility kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateTicket } from '../../src-server/storage/repositories/tickets';
import { startTestServer, type TestServer, ticketBody } from './harness';

let s: TestServer;
let t: Record<string, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer();
  t = await s.tokens();
  const create = async (key: string, token: string, title: string, description: string) => {
    const res = await s.call<{ id: string }>('POST', '/api/v1/tickets', { token, body: ticketBody({ title, description }) });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  };
  await create('forward', t.customerA!, 'Rufumleitung geht nicht', 'Die Weiterleitungen auf das Handy schlagen fehl');
  await create('presence', t.customerA!, 'Presence is missing', 'Colleagues show as offline in the Übersicht');
  await create('foreign', t.customerB!, 'Weiterleitung bei Beta', 'Auch hier keine Weiterleitung');
});
afterAll(async () => s?.close());

async function search(q: string, token: string): Promise<string[]> {
  const res = await s.call<{ items: Array<{ id: string }> }>('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i) => i.id).sort();
}

describe('ticket search', () => {
  it('finds words in title and description, by prefix, German and English', async () => {
    expect(await search('Weiterleitung', t.agent!)).toEqual([ids.forward, ids.foreign].sort());
    expect(await search('weiterl', t.agent!)).toEqual([ids.forward, ids.foreign].sort());
    expect(await search('presence offline', t.agent!)).toEqual([ids.presence]);
    expect(await search('Rufumleitung Handy', t.agent!)).toEqual([ids.forward]);
  });

  it('folds diacritics', async () => {
    expect(await search('Ubersicht', t.agent!)).toEqual([ids.presence]);
  });

  it('keeps visibility: a customer finds only what they may see', async () => {
    expect(await search('Weiterleitung', t.customerA!)).toEqual([ids.forward]);
    expect(await search('Weiterleitung', t.customerB!)).toEqual([ids.foreign]);
  });

  it('hostile or wordless input never fails and matches nothing it should not', async () => {
    expect(await search('((( *', t.agent!)).toEqual([]);
    expect(await search('" OR 1=1 --', t.agent!)).toEqual([]);
    expect(await search('NEAR(a b) AND:*', t.agent!)).toEqual([]);
  });

  it('follows a title change (the repository write path, whichever service makes it)', async () => {
    await s.store.transaction((tx) => updateTicket(tx, ids.presence!, { title: 'Präsenzstatus fehlt' }));
    expect(await search('Präsenzstatus', t.agent!)).toEqual([ids.presence]);
    expect(await search('missing', t.agent!)).toEqual([]);
  });
});
