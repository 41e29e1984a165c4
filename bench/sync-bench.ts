import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SYNCED_TABLES } from '../src-main/cache/record-store';
import { SyncCache } from '../src-main/cache/sync-cache';
import { QueueService } from '../src-main/queue/queue-service';
import { SyncEngine } from '../src-main/sync/engine';
import { TimerService } from '../src-main/timers/timer-service';
import { TicketStatusSchema } from '../src-shared/domain/ticket';
import { percentile, queueMix, type QueryClass } from './sync-bench/queue-mix';
import { rawInsert, readRecords, schemaOf } from './sync-bench/raw-insert';
import { startService } from './sync-bench/service-process';

/**
 * Sync benchmark (not a test), everything against the REAL ticket service started as a child process on
 * 127.0.0.1 with the demo seed (docs/demo-data.md), in one run:
 *  1. seed time (printed, not part of any ratio);
 *  2. bootstrap rows/s into a fresh cache through the real engine + HTTP + zod, vs the raw better-sqlite3
 *     insert rate of the same records (see bench/sync-bench/raw-insert.ts for what "raw" includes), and the ratio;
 *  3. queue top-200 p50/p95 over a realistic mix of views, field filters and text searches;
 *  4. remote change → visible in the cache p50/p95: a REST write on the service (customer comment, staff
 *     internal note, staff triage) until the cache row reflects it, through the real SSE poke + pull;
 *  5. outbox push throughput through the real push route.
 * Prints `BENCH_RESULT {json}` (bench/run.ts collects it and writes bench/results/).
 *
 * Usage: npx tsx bench/sync-bench.ts [tickets=100000]
 */
const TicketsArg = z.coerce.number().int().min(50).max(200_000);
const N = TicketsArg.parse(process.argv[2] ?? 100_000);
const RANDOM_SEED = 42;
const CHANGE_SAMPLES = 60;
const QUEUE_SAMPLES_MIN = 600;
const PUSH_MUTATIONS = 3000;

const round = (x: number, d = 2) => Number(x.toFixed(d));
const stats = (xs: readonly number[]) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)), n: xs.length });
const log = (msg: string) => console.log(`[sync-bench] ${msg}`);
const load = () => loadavg().map((x) => round(x, 2));

const LoginSchema = z.object({ token: z.string().min(1), user: z.object({ id: z.string().min(1), role: z.string() }) });
const TicketListSchema = z.object({ items: z.array(z.object({ id: z.string(), status: TicketStatusSchema })) });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  const loadAtStart = load();
  log(`${N} tickets, random seed ${RANDOM_SEED}, ${cpus().length} cores, load average ${loadAtStart.join(' ')}`);
  const svc = await startService(join(dir, 'service.sqlite'), N, RANDOM_SEED);
  try {
    log(`service listening at ${svc.base} after ${(svc.startupMs / 1000).toFixed(1)} s (process start + migrations + demo seed)`);

    const call = async (method: string, path: string, token: string | null, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${svc.base}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → HTTP ${res.status}: ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as unknown) : null;
    };
    const login = async (email: string, password: string) => LoginSchema.parse(await call('POST', '/api/v1/auth/login', null, { email, password }));
    const agent = await login('agent@demo.estos.de', 'demo-agent-1');
    const lead = await login('lead@demo.estos.de', 'demo-lead-1');
    const customer = await login('customer@demo.estos.de', 'demo-customer-1');
    log(`demo seed itself: ${svc.seedMs === null ? 'no report line seen' : `${(svc.seedMs / 1000).toFixed(1)} s`} ${JSON.stringify(svc.seedRows)}`);

    // ---- 2. bootstrap vs raw insert ---------------------------------------------------------------------
    const cache = SyncCache.open(join(dir, 'cache.sqlite'), { userId: agent.user.id, role: 'agent' });
    // Where the bootstrap time goes: this process's CPU (zod parse + applying pages) and the time pull requests
    // are in flight (request until the body is read; overlapping the client's work, the engine pipelines pages).
    // The wrapper only reads the body early; the engine parses it as usual.
    let pullWaitMs = 0;
    const boot = new SyncEngine({
      cache,
      baseUrl: svc.base,
      token: () => agent.token,
      pullLimit: 5000,
      requestTimeoutMs: 120_000,
      fetch: async (url, init) => {
        const s = performance.now();
        const res = await fetch(url, init);
        const body = await res.text();
        pullWaitMs += performance.now() - s;
        return new Response(body, { status: res.status, headers: res.headers });
      },
    });
    let lastShown = 0;
    boot.on('progress', (p) => {
      if (p.total > 0 && (p.done - lastShown >= p.total / 10 || !p.bootstrapping)) {
        lastShown = p.done;
        log(`bootstrap ${p.done}/${p.total}`);
      }
    });
    const loadBeforeBootstrap = load();
    const cpuBefore = process.cpuUsage();
    let t0 = performance.now();
    await boot.syncOnce();
    const bootstrapMs = performance.now() - t0;
    const bootCpu = process.cpuUsage(cpuBefore);
    const clientCpuMs = (bootCpu.user + bootCpu.system) / 1000;
    const tableCounts = Object.fromEntries(
      SYNCED_TABLES.map((t) => [
        t,
        cache.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number,
      ]),
    );
    const rows = Object.values(tableCounts).reduce((a, b) => a + b, 0);
    if (tableCounts.tickets !== N) throw new Error(`cache holds ${tableCounts.tickets} tickets, expected ${N}`);
    log(
      `bootstrap: ${rows} rows in ${(bootstrapMs / 1000).toFixed(1)} s; client CPU ${(clientCpuMs / 1000).toFixed(1)} s; pull requests in flight ${(pullWaitMs / 1000).toFixed(1)} s (pipelined: overlaps the client's work) (${JSON.stringify(tableCounts)})`,
    );

    let records: ReturnType<typeof readRecords> | null = readRecords(cache.db);
    const rawPlain = rawInsert(join(dir, 'raw-plain.sqlite'), schemaOf(cache.db, 'plain'), records);
    const rawCacheSchema = rawInsert(join(dir, 'raw-cache-schema.sqlite'), schemaOf(cache.db, 'cache'), records);
    records = null;
    for (const r of [rawPlain, rawCacheSchema]) if (r.rows !== rows) throw new Error(`raw insert wrote ${r.rows} rows, the cache holds ${rows}`);
    const bootstrapRowsPerS = rows / (bootstrapMs / 1000);
    const rawRowsPerS = rows / (rawPlain.ms / 1000);
    const rawCacheSchemaRowsPerS = rows / (rawCacheSchema.ms / 1000);
    log(`raw insert: plain tables ${Math.round(rawRowsPerS)} rows/s, full cache schema ${Math.round(rawCacheSchemaRowsPerS)} rows/s; bootstrap ${Math.round(bootstrapRowsPerS)} rows/s`);

    // ---- 3. queue ---------------------------------------------------------------------------------------
    const timers = new TimerService({ db: cache.db, clock: Date, timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) } });
    t0 = performance.now();
    timers.tick(); // fills ticket_sla for every open ticket, as the app does on start; the SLA filters read it
    const slaTickMs = performance.now() - t0;
    const otherAgent = cache.db
      .prepare("SELECT assignee_id FROM tickets WHERE assignee_id IS NOT NULL AND assignee_id <> ? GROUP BY assignee_id ORDER BY count(*) DESC LIMIT 1")
      .pluck()
      .get(agent.user.id) as string;
    const queue = new QueueService(cache.db, agent.user.id);
    const mix = queueMix(cache.db, otherAgent);
    // The in-memory queue index loads on the first query (the app loads it in background slices at sign-in).
    t0 = performance.now();
    queue.count({});
    const indexLoadMs = performance.now() - t0;
    // First run of every filter: text searches read their FTS match set here (kept afterwards). Reported, not mixed in.
    const firstRuns: number[] = [];
    for (const m of mix) {
      const s = performance.now();
      queue.window({ filter: m.filter, offset: 0, limit: 200 });
      firstRuns.push(performance.now() - s);
    }
    const perQuery = new Map<string, number[]>();
    const perClass = new Map<QueryClass, number[]>();
    const all: number[] = [];
    const allCpu: number[] = [];
    const passes = Math.ceil(QUEUE_SAMPLES_MIN / mix.length);
    const editTargets = cache.db.prepare("SELECT id FROM tickets WHERE status NOT IN ('DONE', 'CLOSED') ORDER BY id LIMIT 500").pluck().all() as string[];
    let edits = 0;
    for (let p = 0; p < passes; p++) {
      for (const [qi, m] of mix.entries()) {
        // The agent edits while browsing: before every 5th query a local edit (not timed) changes a ticket,
        // so that query also pays for catching the index and the kept search matches up with the change.
        if (qi % 5 === 0) {
          const ticketId = editTargets[edits % editTargets.length]!;
          if (edits % 2 === 0) cache.mutate('set_fields', { ticketId, impact: edits });
          else cache.mutate('assign', { ticketId, assigneeId: edits % 4 === 1 ? agent.user.id : null });
          edits++;
        }
        const c0 = process.cpuUsage();
        const s = performance.now();
        queue.window({ filter: m.filter, offset: 0, limit: 200 });
        const ms = performance.now() - s;
        const cpu = process.cpuUsage(c0);
        all.push(ms);
        allCpu.push((cpu.user + cpu.system) / 1000);
        perQuery.set(m.label, [...(perQuery.get(m.label) ?? []), ms]);
        perClass.set(m.cls, [...(perClass.get(m.cls) ?? []), ms]);
      }
    }
    log(`queue: memory index load ${Math.round(indexLoadMs)} ms; first run per filter ${JSON.stringify(stats(firstRuns))}; ${edits} local edits interleaved`);
    const slowest = [...perQuery.entries()]
      .map(([label, xs]) => ({ label, p95: round(percentile(xs, 95)), total: queue.count(mix.find((m) => m.label === label)!.filter) }))
      .sort((a, b) => b.p95 - a.p95)
      .slice(0, 5);
    log(`queue top-200 wall ${JSON.stringify(stats(all))}, CPU ${JSON.stringify(stats(allCpu))}; slowest ${JSON.stringify(slowest)}`);

    // ---- 4. remote change → visible ---------------------------------------------------------------------
    const live = new SyncEngine({ cache, baseUrl: svc.base, token: () => agent.token, pullLimit: 5000 });
    const firstSync = new Promise<void>((resolve) => {
      const off = live.on('synced', () => {
        off();
        resolve();
      });
    });
    live.start();
    await firstSync;
    const customerTickets = TicketListSchema.parse(await call('GET', '/api/v1/tickets?limit=200', customer.token))
      .items.filter((t) => t.status !== 'CLOSED' && t.status !== 'DONE')
      .map((t) => t.id);
    const openTickets = cache.db.prepare("SELECT id FROM tickets WHERE status NOT IN ('DONE', 'CLOSED') ORDER BY priority_key LIMIT 500").pluck().all() as string[];
    if (customerTickets.length === 0 || openTickets.length === 0) throw new Error('no open tickets to change');
    const hasComment = cache.db.prepare("SELECT 1 FROM comments WHERE ticket_id = ? AND json_extract(data, '$.body') = ?").pluck();
    const changeMs: number[] = [];
    const changeAfterAckMs: number[] = [];
    for (let i = 0; i < CHANGE_SAMPLES; i++) {
      const kind = i % 3;
      const ticketId = kind === 0 ? customerTickets[i % customerTickets.length]! : openTickets[(i * 37) % openTickets.length]!;
      const marker = `bench change ${i} ${Date.now()}`;
      const severity = ((cache.get('ticket', ticketId)!.severity % 3) + 1) as 1 | 2 | 3;
      const visible = () => (kind === 2 ? cache.get('ticket', ticketId)?.severity === severity : hasComment.get(ticketId, marker) !== undefined);
      const seen = new Promise<number>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`change ${i} not visible after 10 s`)), 10_000);
        const off = live.on('ticketsChanged', (ids) => {
          if (!ids.includes(ticketId) || !visible()) return;
          clearTimeout(timeout);
          off();
          resolve(performance.now());
        });
      });
      const s = performance.now();
      if (kind === 0) await call('POST', `/api/v1/tickets/${ticketId}/comments`, customer.token, { body: marker });
      else if (kind === 1) await call('POST', `/api/v1/tickets/${ticketId}/comments`, lead.token, { body: marker, internal: true });
      else await call('PATCH', `/api/v1/tickets/${ticketId}`, lead.token, { severity });
      const acked = performance.now();
      const at = await seen;
      changeMs.push(at - s);
      changeAfterAckMs.push(Math.max(0, at - acked));
      await new Promise((r) => setTimeout(r, 20)); // let the engine go idle: samples must not queue behind each other
    }
    live.stop();
    await live.whenIdle();
    log(`remote change → cache: ${JSON.stringify(stats(changeMs))}`);

    // ---- 5. outbox push ---------------------------------------------------------------------------------
    const pushTargets = cache.db.prepare("SELECT id FROM tickets WHERE status NOT IN ('DONE', 'CLOSED') ORDER BY id LIMIT 1000").pluck().all() as string[];
    for (let i = 0; i < PUSH_MUTATIONS; i++) {
      const ticketId = pushTargets[i % pushTargets.length]!;
      if (i % 3 === 0) cache.mutate('internal_note', { ticketId, commentId: `bench-note-${i}`, body: `Bench-Notiz ${i}` });
      else if (i % 3 === 1) cache.mutate('set_fields', { ticketId, impact: i });
      else cache.mutate('assign', { ticketId, assigneeId: i % 2 === 0 ? agent.user.id : null });
    }
    const toPush = cache.counts().outboxPending;
    let pushMs = 0;
    let pushRequests = 0;
    let confirmPullMs = 0;
    const pusher = new SyncEngine({
      cache,
      baseUrl: svc.base,
      token: () => agent.token,
      pullLimit: 5000,
      requestTimeoutMs: 120_000,
      // times the push requests only (request + response + parse happen inside fetch's promise and the json read)
      fetch: async (url, init) => {
        const isPush = String(url).includes('/sync/push');
        const s = performance.now();
        const res = await fetch(url, init);
        const body = await res.text();
        if (isPush) {
          pushMs += performance.now() - s;
          pushRequests++;
        } else confirmPullMs += performance.now() - s;
        return new Response(body, { status: res.status, headers: res.headers });
      },
    });
    t0 = performance.now();
    await pusher.syncOnce();
    const pushCycleMs = performance.now() - t0;
    const left = cache.counts();
    if (left.outboxPending + left.outboxSent !== 0 || left.rejections !== 0) throw new Error(`outbox not drained cleanly: ${JSON.stringify(left)}`);

    const summary = {
      bench: 'sync',
      tickets: N,
      machine: { cores: cpus().length, loadAverageAtStart: loadAtStart, loadAverageBeforeBootstrap: loadBeforeBootstrap, loadAverageAtEnd: load() },
      service: { startupToListeningS: round(svc.startupMs / 1000, 1), demoSeedS: svc.seedMs === null ? null : round(svc.seedMs / 1000, 1), seedRows: svc.seedRows },
      bootstrap: {
        rows,
        tables: tableCounts,
        seconds: round(bootstrapMs / 1000, 1),
        rowsPerS: Math.round(bootstrapRowsPerS),
        rawInsertRowsPerS: Math.round(rawRowsPerS),
        rawInsertIntoCacheSchemaRowsPerS: Math.round(rawCacheSchemaRowsPerS),
        ratio: round(bootstrapRowsPerS / rawRowsPerS, 3),
        // the engine requests page n+1 before applying page n, so these two overlap and need not add up to `seconds`
        clientCpuS: round(clientCpuMs / 1000, 1),
        pullRequestsInFlightS: round(pullWaitMs / 1000, 1),
        ratioVsCacheSchema: round(bootstrapRowsPerS / rawCacheSchemaRowsPerS, 3),
        target: 'ratio >= 0.3',
        raw: 'same records, plain prepared INSERT (values + JSON.stringify per row) in one transaction into the cache tables without secondary indexes, FTS or triggers (WAL, synchronous=FULL)',
      },
      queueTop200Ms: {
        ...stats(all),
        target: 'p95 < 5',
        // CPU time of this process per query: on a loaded machine wall time includes waiting for a core
        cpuMs: stats(allCpu),
        queries: mix.length,
        byClass: Object.fromEntries([...perClass.entries()].map(([c, xs]) => [c, stats(xs)])),
        slowest,
        slaTickMs: Math.round(slaTickMs),
        memoryIndexLoadMs: Math.round(indexLoadMs),
        firstRunPerFilterMs: stats(firstRuns),
        localEditsInterleaved: edits,
        how: 'after one untimed first run per filter; every 5th query follows an untimed local edit (set_fields / assign)',
      },
      remoteChangeToCacheMs: { ...stats(changeMs), afterRestAck: stats(changeAfterAckMs), target: 'p95 < 250', path: 'REST write → commit → SSE poke → pull → cache commit' },
      outboxPush: {
        mutations: toPush,
        requests: pushRequests,
        mutationsPerS: Math.round(toPush / (pushMs / 1000)),
        pushAndConfirmingPullPerS: Math.round(toPush / (pushCycleMs / 1000)),
        cycleS: { total: round(pushCycleMs / 1000, 1), pushRequests: round(pushMs / 1000, 1), pullRequests: round(confirmPullMs / 1000, 1), client: round((pushCycleMs - pushMs - confirmPullMs) / 1000, 1) },
      },
    };
    console.log(`BENCH_RESULT ${JSON.stringify(summary)}`);
    cache.close();
  } finally {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
