import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncWorkerHost } from '../../src-main/sync/worker-host';
import type { QueuePage } from '../../src-main/queue/queue-service';
import { isDomainError } from '../../src-shared/errors';
import { FakeSyncServer } from './fake-sync-server';
import { AGENT, org, ticket } from './fixtures';
import { tempDir } from './sync-helpers';

let server: FakeSyncServer;
let tmp: ReturnType<typeof tempDir>;
let host: SyncWorkerHost | null = null;

beforeEach(async () => {
  server = new FakeSyncServer();
  await server.start();
  tmp = tempDir();
  server.add({ entity: 'organization', op: 'upsert', data: org(1) });
  for (let i = 1; i <= 30; i++) server.add({ entity: 'ticket', op: 'upsert', data: ticket(i, { organizationId: 'o1' }) });
});
afterEach(async () => {
  await host?.close();
  host = null;
  await server.stop();
  tmp.cleanup();
});

const config = () => ({ dbFile: join(tmp.dir, 'w.sqlite'), baseUrl: server.url, token: server.token, actor: AGENT, pullLimit: 7 });

describe('sync worker host', () => {
  it('runs cache + engine + queue in a worker thread behind a message API', async () => {
    host = await SyncWorkerHost.start(config());
    const events: string[] = [];
    host.on('event', (e) => events.push(e.name));
    expect(await host.call({ method: 'syncNow' })).toMatchObject({ tickets: 30, cursor: 31 });
    expect(events).toContain('progress');
    const page = (await host.call({ method: 'queueWindow', window: { offset: 0, limit: 5 } })) as QueuePage;
    expect(page.total).toBe(30);
    expect(page.rows.map((r) => r.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);

    await host.call({ method: 'mutate', name: 'assign', args: { ticketId: 't3', assigneeId: AGENT.userId } });
    expect(events).toContain('ticketsChanged');
    expect(await host.call({ method: 'countsByView' })).toMatchObject({ my_queue: 1 });
    await host.call({ method: 'syncNow' });
    expect(server.tickets.get('t3')?.assigneeId).toBe(AGENT.userId);
  });

  it('answers bad calls and refused edits with a coded error, and keeps working', async () => {
    host = await SyncWorkerHost.start(config());
    await expect(host.call({ method: 'queueWindow', window: { limit: 0 } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const err = await host.call({ method: 'mutate', name: 'assign', args: { ticketId: 'missing', assigneeId: null } }).catch((e: unknown) => e);
    expect(isDomainError(err) && err.code).toBe('NOT_FOUND');
    expect(await host.call({ method: 'counts' })).toMatchObject({ outboxPending: 0 });
  });

  it('fails to start with the reason when the cache cannot be opened', async () => {
    await expect(SyncWorkerHost.start({ ...config(), dbFile: join(tmp.dir, 'no-such-dir', 'x.sqlite') })).rejects.toThrow(/directory|open/i);
  });
});
