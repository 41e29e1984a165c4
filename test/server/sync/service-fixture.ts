import { buildApp } from '../../../src-server/app';
import type { ServiceConfig } from '../../../src-server/core/context';
import { hashToken, newToken } from '../../../src-server/accounts/tokens';
import { insertOrganization, insertUser } from '../../../src-server/storage/repositories/accounts';
import { insertAuthToken } from '../../../src-server/storage/repositories/credentials';
import type { Tx } from '../../../src-server/storage/store';
import { createSyncFeature, type SyncFeatureOptions } from '../../../src-server/sync/routes';
import type { UserRole } from '../../../src-shared/domain/ticket';
import { SYNC_MIGRATIONS } from './store-fixture';
import { insertCustomerTicket, openFixtureStore } from '../store-fixture';
import { readNewestSyncId } from '../../../src-server/sync/sync-meta';
import { randomUUID } from 'node:crypto';

/**
 * The real ticket service (core app + the sync route module and worker) on 127.0.0.1 with a fresh database of
 * the backend SD_TEST_BACKEND selects (test/server/backend.ts).
 * Users get bearer tokens directly in the store (login is the accounts feature's business, tested there).
 */
export async function syncService(options: SyncFeatureOptions = {}, config: Partial<ServiceConfig> = {}) {
  const { clock, handle, store } = await openFixtureStore(SYNC_MIGRATIONS);
  const feature = createSyncFeature({ pruneEveryMs: 0, pollMs: 0, ...options });
  const built = await buildApp({
    store,
    clock,
    logger: false,
    config,
    routeModules: [feature.routes],
    workers: (ctx) => [feature.worker(ctx)],
  });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const ids = await store.transaction(async (tx) => {
    const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
    const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
    const mk = async (email: string, role: UserRole, organizationId: string) => {
      const u = await insertUser(tx, { email, name: email.split('@')[0]!, role, organizationId, orgAdmin: false, language: 'de', passwordHash: null });
      const token = newToken();
      await insertAuthToken(tx, { tokenHash: hashToken(token), userId: u.id, expiresAt: '2027-01-01T00:00:00.000Z' });
      return { id: u.id, token };
    };
    return {
      orgId: org.id,
      anna: await mk('anna@estos.example', 'agent', estos.id),
      bob: await mk('bob@estos.example', 'team_lead', estos.id),
      rita: await mk('rita@kunde.example', 'customer', org.id),
      paula: await mk('paula@partner.example', 'partner', org.id),
    };
  });

  async function createTicket(tx: Tx): Promise<string> {
    const id = randomUUID();
    await insertCustomerTicket(tx, {
      id,
      title: 'Präsenz fehlt',
      description: 'd',
      checklistJson: JSON.stringify({ whatHappened: 'x', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' }),
      reporterId: ids.rita.id,
      organizationId: ids.orgId,
      priorityKey: null,
    });
    return id;
  }

  async function call(method: string, path: string, token: string | null, body?: unknown) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }

  const count = async (sql: string): Promise<number> => (await store.read((tx) => tx.get<{ n: number }>(sql)))!.n;
  const newest = (): Promise<number> => store.read((tx) => readNewestSyncId(tx));

  return {
    base,
    store,
    clock,
    feature,
    app: built.app,
    ctx: built.ctx,
    routes: built.routes,
    ...ids,
    createTicket: () => store.transaction(createTicket),
    call,
    count,
    newest,
    async close() {
      await built.app.close();
      await handle.dispose();
    },
  };
}
