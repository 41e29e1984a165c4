import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeSyncServer } from '../main/fake-sync-server';
import { AGENT, T0, org, ticket, user } from '../main/fixtures';
import { SupportDeskCore } from '../../src-main/core/core';
import { MemoryVault } from '../../src-main/core/session-vault';
import type { FetchLike } from '../../src-main/core/service-client';
import type { EventName } from '../../src-shared/ipc/contract';

export const PASSWORD = 'correct horse battery';
export const NOW = Date.parse(T0) + 3_600_000;

/**
 * A real cache and sync engine against the in-test sync server. Login and /me are not part of the sync
 * protocol the fake implements, so this fetch answers them (with the fake's token) and sends the rest
 * over real HTTP to the fake.
 */
export async function startHarness(opts: { role?: 'agent' | 'customer'; timerSliceSize?: number } = {}) {
  const server = new FakeSyncServer();
  await server.start();
  const agent = { ...user(AGENT.userId, 'agent'), displayName: 'Anna Agent' };
  server.add({ entity: 'user', op: 'upsert', data: agent });
  server.add({ entity: 'user', op: 'upsert', data: user('u-customer', 'customer') });
  for (let i = 0; i < 5; i++) server.add({ entity: 'organization', op: 'upsert', data: org(i) });
  for (let i = 1; i <= 12; i++) server.add({ entity: 'ticket', op: 'upsert', data: ticket(i, i <= 3 ? { assigneeId: AGENT.userId, status: 'IN_PROGRESS', statusHistory: [{ at: T0, actor: { kind: 'system' }, from: null, to: 'IN_PROGRESS' }] } : {}) });
  const role = opts.role ?? 'agent';
  const fetchLog: string[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    fetchLog.push(`${init.method ?? 'GET'} ${path}`);
    if (path === '/api/v1/auth/login') {
      const body = JSON.parse(String(init.body)) as { email: string; password: string };
      if (body.password !== PASSWORD) return Response.json({ error: { code: 'UNAUTHENTICATED', message: 'wrong e-mail or password' } }, { status: 401 });
      return Response.json({ token: server.token, expiresAt: '2030-01-01T00:00:00.000Z', user: { id: AGENT.userId, email: agent.email, name: agent.displayName, role, organizationId: null, orgAdmin: false, language: 'de' } });
    }
    if (path === '/api/v1/auth/logout') return new Response(null, { status: 204 });
    if (path === '/api/v1/kb/search') {
      const url = new URL(input);
      return Response.json([{ id: 'kb-1', language: url.searchParams.get('language') ?? 'de', title: `About ${url.searchParams.get('q')}`, summary: 's', updatedAt: T0 }]);
    }
    if (path === '/api/v1/me') return Response.json({ id: AGENT.userId, email: agent.email, name: agent.displayName, role, organizationId: null, orgAdmin: false, language: 'de' });
    return fetch(input, init);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'core-test-'));
  const vault = new MemoryVault();
  const core = new SupportDeskCore({
    dataDir,
    appRoot: resolve(__dirname, '../..'),
    vault,
    fetch: fetchImpl,
    now: () => NOW,
    ...(opts.timerSliceSize === undefined ? {} : { timerSliceSize: opts.timerSliceSize }),
    engine: { requestTimeoutMs: 5_000, backoffBaseMs: 1, backoffMaxMs: 20, pollIntervalMs: 600_000, random: () => 0.5 },
  });
  const events: [EventName, unknown][] = [];
  core.onEvent((name, payload) => events.push([name, payload]));
  return {
    server,
    core,
    vault,
    events,
    fetchLog,
    dataDir,
    /** resolves once an event from index `from` on satisfies the predicate (events already seen count) */
    waitFor(pred: (name: EventName, payload: unknown) => boolean, from = 0): Promise<void> {
      if (events.slice(from).some(([n, p]) => pred(n, p))) return Promise.resolve();
      return new Promise((resolveWait) => {
        const off = core.onEvent((n, p) => {
          if (pred(n, p)) {
            off();
            resolveWait();
          }
        });
      });
    },
    async stop() {
      await core.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const isSynced = (n: EventName, p: unknown): boolean =>
  n === 'sync.state' && (p as { connection: string; bootstrap: { active: boolean } }).connection === 'online' && !(p as { bootstrap: { active: boolean } }).bootstrap.active;
