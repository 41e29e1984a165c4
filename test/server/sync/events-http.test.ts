import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PokeEventSchema } from '../../../src-shared/sync/protocol';
import { syncService } from './service-fixture';

type Service = Awaited<ReturnType<typeof syncService>>;
let svc: Service | null = null;
afterEach(async () => {
  await svc?.close();
  svc = null;
});

/** A raw SSE reader: collects frames and resolves waiters when a matching frame arrives. */
function openStream(base: string, token: string) {
  const frames: string[] = [];
  let buffer = '';
  const waiters: Array<{ match: (f: string) => boolean; resolve: (f: string) => void }> = [];
  let ended = false;
  let endResolve: () => void = () => undefined;
  const endedPromise = new Promise<void>((r) => (endResolve = r));
  const ready = new Promise<{ status: number; contentType: string | undefined }>((resolve, reject) => {
    const req = request(`${base}/api/v1/sync/events`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let idx;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          frames.push(frame);
          for (const w of [...waiters]) {
            if (w.match(frame)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(frame);
            }
          }
        }
      });
      res.on('end', () => {
        ended = true;
        endResolve();
      });
      res.on('close', () => {
        ended = true;
        endResolve();
      });
    });
    req.on('error', reject);
    req.end();
  });
  return {
    ready,
    frames,
    ended: () => ended,
    endedPromise,
    next(match: (f: string) => boolean): Promise<string> {
      const found = frames.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

function pokeId(frame: string): number | null {
  const lines = frame.split('\n');
  if (!lines.includes('event: poke')) return null;
  const data = lines.find((l) => l.startsWith('data: '));
  return data ? PokeEventSchema.parse(JSON.parse(data.slice(6))).syncId : null;
}

describe('sync events (SSE)', () => {
  it('pokes with the newest sync id on connect and after a write, sends heartbeats, and ends streams on shutdown', async () => {
    svc = await syncService({ heartbeatMs: 50 });
    const t = await svc.createTicket();
    const stream = openStream(svc.base, svc.anna.token);
    expect(await stream.ready).toMatchObject({ status: 200, contentType: expect.stringContaining('text/event-stream') });
    const newest = await svc.newest();
    const first = await stream.next((f) => pokeId(f) !== null);
    expect(pokeId(first)).toBe(newest);

    const r = await svc.call('POST', '/api/v1/sync/push', svc.anna.token, {
      clientId: 'client-sse-00001',
      mutations: [{ id: 1, name: 'transition', args: { ticketId: t, to: 'IN_PROGRESS', expectedStatus: 'NEW' } }],
    });
    expect(r.status).toBe(200);
    const after = await svc.newest();
    expect(after).toBeGreaterThan(newest);
    const poke = await stream.next((f) => (pokeId(f) ?? 0) > newest);
    expect(pokeId(poke)).toBe(after);

    await stream.next((f) => f === ': heartbeat');
    expect(svc.feature.broadcaster.size).toBe(1);

    // Graceful shutdown must not hang on the open stream: the sync worker ends it.
    await svc.app.close();
    await stream.endedPromise;
    expect(stream.ended()).toBe(true);
    expect(svc.feature.broadcaster.size).toBe(0);
  });

  it('forgets a stream when the client disconnects', async () => {
    svc = await syncService();
    const controller = new AbortController();
    const res = await fetch(`${svc.base}/api/v1/sync/events`, { headers: { authorization: `Bearer ${svc.bob.token}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the stream is attached once the first bytes arrive
    expect(svc.feature.broadcaster.size).toBe(1);
    controller.abort();
    await reader.closed.catch(() => undefined);
    for (let i = 0; i < 100 && svc.feature.broadcaster.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(svc.feature.broadcaster.size).toBe(0);
  });
});
