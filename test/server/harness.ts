/**
 * Reusable harness for HTTP tests of the ticket service: a real server on 127.0.0.1:0 over a temp SQLite file,
 * a fixture of organisations and one user per role, and helpers to log in and call routes.
 * Other folders' tests (kb, automation, notifications, sync, seed) reuse it via `startTestServer(options)`.
 */
import type { UserRole } from '../../src-shared/domain/ticket';
import { type AppDeps, buildApp, type BuiltApp } from '../../src-server/app';
import { hashPassword, type ScryptParams } from '../../src-server/accounts/passwords';
import { ManualClock } from '../../src-server/core/clock';
import { insertEndUserCompany, insertOrganization, insertUser } from '../../src-server/storage/repositories/accounts';
import { insertSlaContract } from '../../src-server/storage/repositories/contracts';
import type { Store } from '../../src-server/storage/store';
import { type AnyStore, openTestStore, snapshotCounts } from './backend';

/** Cheap scrypt for tests only: the production parameters would make the matrix slow for no gain. */
export const TEST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';
export const START = Date.parse('2026-03-02T08:00:00.000Z');

export const FIXTURE_USERS = {
  customerA: { email: 'anna@alpha.example', role: 'customer', org: 'alpha', orgAdmin: true, language: 'de' },
  customerA2: { email: 'arne@alpha.example', role: 'customer', org: 'alpha', orgAdmin: false, language: 'en' },
  customerB: { email: 'bert@beta.example', role: 'customer', org: 'beta', orgAdmin: true, language: 'de' },
  partner: { email: 'paula@partner.example', role: 'partner', org: 'partner', orgAdmin: true, language: 'en' },
  agent: { email: 'agent@estos.example', role: 'agent', org: 'estos', orgAdmin: false, language: 'de' },
  teamLead: { email: 'lead@estos.example', role: 'team_lead', org: 'estos', orgAdmin: false, language: 'de' },
  admin: { email: 'admin@estos.example', role: 'admin', org: 'estos', orgAdmin: false, language: 'en' },
} as const satisfies Record<string, { email: string; role: UserRole; org: string; orgAdmin: boolean; language: 'de' | 'en' }>;
export type FixtureUser = keyof typeof FIXTURE_USERS;

export interface Fixture {
  orgs: { alpha: string; beta: string; partner: string; estos: string };
  users: Record<FixtureUser, string>;
  endUserCompany: string;
  slaContract: string;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent verbatim (for malformed JSON / oversize tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  baseUrl: string;
  built: BuiltApp;
  /** SQLite or PostgreSQL, per SD_TEST_BACKEND (test/server/backend.ts). */
  store: AnyStore;
  clock: ManualClock;
  fixture: Fixture;
  /** The database: a SQLite file path or a PostgreSQL URL; pass it back as `dbFile` to restart on it. */
  dbFile: string;
  call<T = Record<string, unknown>>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  login(user: FixtureUser): Promise<string>;
  /** Logs in every fixture user once. */
  tokens(): Promise<Record<FixtureUser, string>>;
  /** Row counts of every table plus max(sync_id): compare before/after to prove "nothing written". */
  snapshot(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Extra dependencies (route modules, workers, events, config) merged into buildApp's. */
  deps?: Partial<Omit<AppDeps, 'store' | 'clock'>>;
  /** Passing the same file again restarts on an existing database (restart tests). */
  dbFile?: string;
  seedFixture?: boolean;
  startAt?: number;
}

async function seedFixture(store: Store): Promise<Fixture> {
  const passwordHash = await hashPassword(PASSWORD, TEST_SCRYPT);
  return store.transaction(async (tx) => {
    const orgs = {
      alpha: (await insertOrganization(tx, { name: 'Alpha GmbH', kind: 'customer', registeredEndUser: true })).id,
      beta: (await insertOrganization(tx, { name: 'Beta AG', kind: 'customer', registeredEndUser: false })).id,
      partner: (await insertOrganization(tx, { name: 'Partner IT', kind: 'partner', registeredEndUser: false })).id,
      estos: (await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false })).id,
    };
    const users = {} as Record<FixtureUser, string>;
    for (const [key, u] of Object.entries(FIXTURE_USERS) as Array<[FixtureUser, (typeof FIXTURE_USERS)[FixtureUser]]>) {
      const row = await insertUser(tx, {
        email: u.email,
        name: key,
        role: u.role,
        organizationId: orgs[u.org],
        orgAdmin: u.orgAdmin,
        language: u.language,
        passwordHash,
      });
      users[key] = row.id;
    }
    const endUserCompany = (await insertEndUserCompany(tx, { partnerOrganizationId: orgs.partner, name: 'Endkunde KG', registered: true })).id;
    const slaContract = (
      await insertSlaContract(tx, {
        organizationId: orgs.alpha,
        contractNumber: 'SLA-ALPHA-1',
        tier: Object.keys((await import('../../src-shared/domain/sla-config')).EXAMPLE_SLA_TIERS)[0]!,
        validFrom: '2025-01-01T00:00:00.000Z',
        validUntil: null,
      })
    ).id;
    return { orgs, users, endUserCompany, slaContract };
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const clock = new ManualClock(options.startAt ?? START);
  const handle = await openTestStore({ clock, ...(options.dbFile ? { location: options.dbFile } : {}) });
  const store = handle.store;
  const dbFile = handle.location;
  const fixture = options.seedFixture === false || options.dbFile ? (null as unknown as Fixture) : await seedFixture(store);
  const built = await buildApp({
    store,
    clock,
    manualClock: clock,
    logger: false,
    ...options.deps,
    config: { scrypt: TEST_SCRYPT, ...options.deps?.config },
  });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const tokenCache = new Map<FixtureUser, string>();

  const call: TestServer['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let payload: string | undefined;
    if (o.rawBody !== undefined) payload = o.rawBody;
    else if (o.body !== undefined) payload = JSON.stringify(o.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* non-JSON bodies are returned as text */
    }
    return { status: res.status, body: body as never, headers: res.headers };
  };

  const login = async (user: FixtureUser): Promise<string> => {
    const cached = tokenCache.get(user);
    if (cached) return cached;
    const res = await call<{ token: string }>('POST', '/api/v1/auth/login', { body: { email: FIXTURE_USERS[user].email, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${user} failed: ${res.status} ${JSON.stringify(res.body)}`);
    tokenCache.set(user, res.body.token);
    return res.body.token;
  };

  return {
    baseUrl,
    built,
    store,
    clock,
    fixture,
    dbFile,
    call,
    login,
    async tokens() {
      const out = {} as Record<FixtureUser, string>;
      for (const u of Object.keys(FIXTURE_USERS) as FixtureUser[]) out[u] = await login(u);
      return out;
    },
    snapshot() {
      return snapshotCounts(store);
    },
    async close() {
      await built.app.close();
      // A restarted server (dbFile passed in) leaves the database to the test that created it.
      await handle.dispose();
    },
  };
}

/** A valid ticket body; override fields per test. */
export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'ProCall stürzt beim Start ab',
    description: 'Seit dem Update',
    checklist: {
      whatHappened: 'Client crashes',
      whenAndHowLong: 'since Monday',
      affectedObjects: 'all clients',
      reproducibility: 'always',
      stepsTried: 'reinstall',
    },
    product: 'ProCall Enterprise',
    productVersion: '8.4',
    category: 'product_defect',
    severity: 2,
    ...overrides,
  };
}

/**
 * One JSON call to any instance by base URL (multi-instance tests talk to servers the harness did not start).
 * The body must be JSON: a non-JSON answer fails the test.
 */
export async function callInstance<T>(base: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
