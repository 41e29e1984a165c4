import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncCache } from '../../src-main/cache/sync-cache';
import { SyncEngine } from '../../src-main/sync/engine';
import { PullResponseSchema, type SyncEntity } from '../../src-shared/sync/protocol';
import { syncService } from '../server/sync/service-fixture';
import { applyChanges, type CacheState } from '../server/sync/store-fixture';
import { tempDir } from './sync-helpers';

/**
 * The sync client against the REAL ticket service (core app + sync routes) on 127.0.0.1: bootstrap equality,
 * offline edits, two clients on one ticket, and kill -9 of a child `npm run sync` process at random points.
 */
type Service = Awaited<ReturnType<typeof syncService>>;
let svc: Service;
let tmp: ReturnType<typeof tempDir>;
const open: SyncCache[] = [];

beforeEach(async () => {
  svc = await syncService();
  tmp = tempDir();
});
afterEach(async () => {
  for (const c of open.splice(0)) if (c.db.open) c.close();
  await svc.close();
  tmp.cleanup();
});

const TABLE_OF: Record<SyncEntity, string> = {
  ticket: 'tickets', comment: 'comments', history_entry: 'history_entries', escalation: 'escalations',
  organization: 'organizations', user: 'users', sla_contract: 'sla_contracts', kb_article: 'kb_articles', sla_config: 'sla_config',
};

function cacheFor(name: string, user: { id: string }, role: 'agent' | 'team_lead' = 'agent'): SyncCache {
  const c = SyncCache.open(join(tmp.dir, `${name}.sqlite`), { userId: user.id, role });
  open.push(c);
  return c;
}

function engineFor(cache: SyncCache, token: string, extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {}): SyncEngine {
  return new SyncEngine({ cache, baseUrl: svc.base, token: () => token, backoffBaseMs: 1, backoffMaxMs: 5, ...extra });
}

/** The service's state as a fresh client would see it: every page from cursor 0, compacted. */
async function serverState(token: string): Promise<CacheState> {
  const state: CacheState = new Map();
  let cursor = 0;
  let horizon: number | undefined;
  for (;;) {
    const q = `cursor=${cursor}&limit=5000${horizon === undefined ? '' : `&horizon=${horizon}`}`;
    const page = PullResponseSchema.parse((await svc.call('GET', `/api/v1/sync/pull?${q}`, token)).json);
    if (page.kind !== 'changes') throw new Error(`unexpected rebootstrap ${page.reason}`);
    applyChanges(state, page.changes);
    cursor = page.cursor;
    horizon = page.horizon;
    if (!page.hasMore) return state;
  }
}

/** Everything the cache holds in its synced tables, keyed like serverState. */
function cacheState(cache: SyncCache): CacheState {
  const state: CacheState = new Map();
  for (const [entity, table] of Object.entries(TABLE_OF)) {
    for (const row of cache.db.prepare(`SELECT id, data FROM ${table}`).all() as { id: string; data: string }[]) {
      state.set(`${entity}:${row.id}`, JSON.parse(row.data));
    }
  }
  return state;
}

function sorted(state: CacheState): [string, unknown][] {
  return [...state.entries()].sort(([a], [b]) => a.localeCompare(b));
}

async function createTickets(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await svc.createTicket());
  return ids;
}

describe('against the real ticket service', () => {
  it('bootstrap in small pages equals the service state exactly', async () => {
    await createTickets(120);
    const cache = cacheFor('a', svc.anna);
    const progress: number[] = [];
    const engine = engineFor(cache, svc.anna.token, { pullLimit: 37 });
    engine.on('progress', (p) => progress.push(p.done));
    await engine.syncOnce();
    const server = await serverState(svc.anna.token);
    expect(server.size).toBeGreaterThan(120);
    expect(sorted(cacheState(cache))).toEqual(sorted(server));
    expect(progress.length).toBeGreaterThan(3);
    expect(cache.state().bootstrapComplete).toBe(true);
  });

  it('offline edits apply locally, then reach the service on reconnect; cache converges to the service', async () => {
    const [t1, t2] = await createTickets(2);
    const cache = cacheFor('a', svc.anna);
    let offline = false;
    const engine = engineFor(cache, svc.anna.token, {
      fetch: (url, init) => (offline ? Promise.reject(new Error('network unreachable')) : fetch(url, init)),
    });
    await engine.syncOnce();
    offline = true;
    engine.mutate('transition', { ticketId: t1, to: 'IN_PROGRESS', expectedStatus: 'NEW' });
    engine.mutate('internal_note', { ticketId: t1, commentId: 'offline-note-1', body: 'Logs angefordert' });
    engine.mutate('assign', { ticketId: t2, assigneeId: svc.bob.id });
    await expect(engine.syncOnce()).rejects.toThrow(/network unreachable/);
    expect(engine.getStatus().connection).toBe('offline');
    expect(cache.get('ticket', t1!)?.status).toBe('IN_PROGRESS');
    expect(cache.outbox()).toHaveLength(3);

    offline = false;
    await engine.syncOnce();
    expect(engine.getStatus().connection).toBe('online');
    expect(cache.outbox()).toEqual([]);
    expect(cache.rejections()).toEqual([]);
    const server = await serverState(svc.anna.token);
    expect(server.get(`ticket:${t1}`)).toMatchObject({ status: 'IN_PROGRESS' });
    expect(server.get(`ticket:${t2}`)).toMatchObject({ assigneeId: svc.bob.id });
    expect(server.get('comment:offline-note-1')).toMatchObject({ kind: 'internal', body: 'Logs angefordert' });
    expect(sorted(cacheState(cache))).toEqual(sorted(server));
  });

  it('two clients edit the same ticket: one gets a clear CONFLICT, nothing else is lost, both converge', async () => {
    const [t] = await createTickets(1);
    const anna = cacheFor('anna', svc.anna);
    const bob = cacheFor('bob', svc.bob, 'team_lead');
    const ea = engineFor(anna, svc.anna.token);
    const eb = engineFor(bob, svc.bob.token);
    await ea.syncOnce();
    await eb.syncOnce();
    ea.mutate('transition', { ticketId: t!, to: 'IN_PROGRESS', expectedStatus: 'NEW' });
    eb.mutate('transition', { ticketId: t!, to: 'PEER_REVIEW', expectedStatus: 'NEW' });
    eb.mutate('internal_note', { ticketId: t!, commentId: 'bob-note', body: 'Ich übernehme das Review' });
    const rejected: string[] = [];
    eb.on('rejected', (rs) => rejected.push(...rs.map((r) => r.code)));
    await ea.syncOnce();
    await eb.syncOnce();
    expect(rejected).toEqual(['CONFLICT']);
    const [r] = bob.rejections();
    expect(r).toMatchObject({ name: 'transition', code: 'CONFLICT' });
    expect(r!.message.length).toBeGreaterThan(10);
    expect(bob.get('ticket', t!)?.status).toBe('IN_PROGRESS'); // optimistic PEER_REVIEW undone
    await ea.syncOnce();
    const server = await serverState(svc.anna.token);
    expect(server.get('comment:bob-note')).toMatchObject({ body: 'Ich übernehme das Review' });
    expect(sorted(cacheState(anna))).toEqual(sorted(server));
    expect(sorted(cacheState(bob))).toEqual(sorted(server));
  });

  it('live mode: a change by another client arrives through the poke stream (no polling)', async () => {
    const [t] = await createTickets(1);
    const anna = cacheFor('anna-live', svc.anna);
    const bob = cacheFor('bob-live', svc.bob, 'team_lead');
    const live = engineFor(anna, svc.anna.token, { pollIntervalMs: 3_600_000 });
    const firstSync = new Promise<void>((resolve) => live.on('synced', () => resolve()));
    live.start();
    try {
      await firstSync;
      const seen = new Promise<void>((resolve) => live.on('ticketsChanged', (ids) => ids.includes(t!) && anna.get('ticket', t!)?.assigneeId === svc.bob.id && resolve()));
      const other = engineFor(bob, svc.bob.token);
      await other.syncOnce();
      other.mutate('assign', { ticketId: t!, assigneeId: svc.bob.id });
      await other.syncOnce();
      await seen;
      expect(live.getStatus().connection).toBe('online');
    } finally {
      live.stop();
      await live.whenIdle();
    }
  });
});

// ---- kill -9 of a child sync process -----------------------------------------------------------------

const REPO = join(__dirname, '..', '..');

interface ChildRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src-main/sync/cli.ts` in a child process. `killWhen` is polled on every stderr chunk and every 5 ms;
 * once it returns true the child gets SIGKILL (no chance to clean up, like a power cut or a crash).
 */
function runChild(db: string, token: string, userId: string, killWhen: ((stderr: string) => boolean) | null, extra: string[] = []): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      // `--token=<value>`: a random token may start with '-', which the CLI's strict parser would read as an option.
      ['--import', 'tsx', 'src-main/sync/cli.ts', '--server', svc.base, '--db', db, `--token=${token}`, '--user-id', userId, '--role', 'agent', ...extra],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    const check = () => {
      if (killWhen && child.exitCode === null && killWhen(stderr)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    const poll = setInterval(check, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function lastBootstrapDone(stderr: string): number {
  const m = [...stderr.matchAll(/bootstrap (\d+)\/(\d+)/g)].at(-1);
  return m ? Number(m[1]) : 0;
}

/** Read through the service's store API (the fixture may run on any storage backend). */
let lastMutationIdSeen = 0;
async function refreshServerLastMutationId(): Promise<number> {
  lastMutationIdSeen = await svc.count('SELECT coalesce(max(last_mutation_id), 0) AS n FROM sync_clients');
  return lastMutationIdSeen;
}

/** Random kill points, reproducible from the printed seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('kill -9 of the sync process', () => {
  it('during bootstrap: every restart resumes, the file stays intact, the end state equals the service', async () => {
    await createTickets(1000);
    const seed = Date.now() % 100000;
    const random = rng(seed);
    const db = join(tmp.dir, 'killed.sqlite');
    let lastCursor = 0;
    let doneBefore = 0;
    const lastCursorRows = () => doneBefore;
    let kills = 0;
    for (let round = 0; round < 4; round++) {
      // kill once the child has committed at least a random number of rows in this run
      const target = 40 + Math.floor(random() * 600);
      const r = await runChild(db, svc.anna.token, svc.anna.id, (err) => lastBootstrapDone(err) >= lastCursorRows() + target, ['--pull-limit', '40']);
      if (r.signal === 'SIGKILL') kills++;
      else expect(r.code, `seed ${seed}: ${r.stderr}`).toBe(0);
      const c = SyncCache.open(db, { userId: svc.anna.id, role: 'agent' });
      expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(c.state().cursor, `seed ${seed}`).toBeGreaterThanOrEqual(lastCursor);
      lastCursor = c.state().cursor;
      doneBefore = c.state().bootstrapDone;
      c.close();
    }
    const final = await runChild(db, svc.anna.token, svc.anna.id, null, ['--pull-limit', '40']);
    expect(final.code, final.stderr).toBe(0);
    expect(JSON.parse(final.stdout)).toMatchObject({ outboxPending: 0, rejections: 0 });
    const cache = cacheFor('killed', svc.anna);
    expect(sorted(cacheState(cache))).toEqual(sorted(await serverState(svc.anna.token)));
    expect(kills, `seed ${seed}: no child was killed mid-bootstrap, the test proved nothing`).toBeGreaterThanOrEqual(3);
  });

  it('during push: no mutation lost or applied twice across random kills', async () => {
    const tickets = await createTickets(10);
    const db = join(tmp.dir, 'pusher.sqlite');
    {
      const cache = SyncCache.open(db, { userId: svc.anna.id, role: 'agent' });
      await engineFor(cache, svc.anna.token).syncOnce();
      // A chain of transitions per ticket: applying any of them twice would be a CONFLICT rejection
      // (expectedStatus no longer matches), losing one would leave the chain short.
      const chain = [['NEW', 'IN_PROGRESS'], ['IN_PROGRESS', 'FEEDBACK_REQUEST'], ['FEEDBACK_REQUEST', 'IN_PROGRESS'], ['IN_PROGRESS', 'PEER_REVIEW']] as const;
      chain.forEach(([from, to], step) => {
        tickets.forEach((t, ti) => {
          cache.mutate('transition', { ticketId: t, to, expectedStatus: from });
          cache.mutate('internal_note', { ticketId: t, commentId: `n-${ti}-${step}`, body: `${from} → ${to}` });
        });
      });
      expect(cache.outbox()).toHaveLength(80);
      cache.close();
    }
    const seed = Date.now() % 100000;
    const random = rng(seed);
    let kills = 0;
    for (let round = 0; round < 4; round++) {
      // kill right after the service has committed a random further batch: the child may or may not have
      // recorded the answer (the "acknowledged but not yet written down" window is the interesting one)
      const target = Math.min(79, (await refreshServerLastMutationId()) + 1 + Math.floor(random() * 15));
      // the kill predicate must be synchronous: a background poll keeps the observed value fresh
      const poller = setInterval(() => void refreshServerLastMutationId(), 3);
      const r = await runChild(db, svc.anna.token, svc.anna.id, () => lastMutationIdSeen >= target, ['--push-batch', '3']);
      clearInterval(poller);
      if (r.signal === 'SIGKILL') kills++;
      else expect(r.code, `seed ${seed}: ${r.stderr}`).toBe(0);
    }
    expect(await refreshServerLastMutationId(), `seed ${seed}: the kills left nothing to finish`).toBeLessThan(80);
    const final = await runChild(db, svc.anna.token, svc.anna.id, null, ['--push-batch', '3']);
    expect(final.code, final.stderr).toBe(0);
    expect(JSON.parse(final.stdout), `seed ${seed}`).toMatchObject({ outboxPending: 0, outboxSent: 0, rejections: 0 });
    const server = await serverState(svc.anna.token);
    for (const t of tickets) {
      const rec = server.get(`ticket:${t}`) as { status: string; statusHistory: { to: string }[] };
      expect(rec.status, `seed ${seed}`).toBe('PEER_REVIEW');
      expect(rec.statusHistory.map((h) => h.to), `seed ${seed}`).toEqual(['NEW', 'IN_PROGRESS', 'FEEDBACK_REQUEST', 'IN_PROGRESS', 'PEER_REVIEW']);
    }
    const notes = [...server.keys()].filter((k) => k.startsWith('comment:n-'));
    expect(notes).toHaveLength(40);
    const cache = cacheFor('pusher', svc.anna);
    expect(sorted(cacheState(cache))).toEqual(sorted(server));
    expect(kills, `seed ${seed}: no child was killed mid-push`).toBeGreaterThanOrEqual(3);
  });
});
