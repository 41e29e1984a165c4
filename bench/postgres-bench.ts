import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { writeFixture } from './postgres-bench/fixture';
import { startInstance, type Instance } from './postgres-bench/instance';

/**
 * SQLite vs PostgreSQL, one and two service instances, in one run (issue 7). Each configuration gets a fresh
 * database with the same data set (written through the service's repositories), then the REAL service
 * (`src-server/cli.ts`) is started once or twice as child processes on 127.0.0.1 and measured over HTTP:
 *  1. pull throughput: 4 clients bootstrap the whole feed at once (compacted changes/s, all clients together),
 *     spread round-robin over the instances;
 *  2. push throughput: 8 clients push internal notes in batches of 20 (applied mutations/s), round-robin;
 *  3. remote change → agent's pulled state p50/p95: a client holds the SSE stream of the LAST instance and pulls
 *     on every poke; a staff note is written through the FIRST instance (so with two instances the poke crosses
 *     instances via LISTEN/NOTIFY) until the client's pulled state holds it.
 * SQLite runs one instance only: a SQLite file is one writer process by design (docs/postgres.md).
 * PostgreSQL: SD_BENCH_POSTGRES_URL or SD_TEST_POSTGRES_URL, else a throwaway cluster (scripts/pg-test-cluster.sh).
 * Prints `BENCH_RESULT {json}`; bench/run.ts writes bench/results/.
 *
 * Usage: npx tsx bench/postgres-bench.ts [tickets=2000]
 */
const N = z.coerce.number().int().min(50).max(100_000).parse(process.argv[2] ?? 2000);
const PULL_CLIENTS = 4;
const PUSH_CLIENTS = 8;
const PUSH_BATCHES = 8;
const PUSH_BATCH = 20;
const CHANGE_SAMPLES = 40;

const log = (m: string) => console.log(`[postgres-bench] ${m}`);
const round = (x: number, d = 1) => Number(x.toFixed(d));
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const PullSchema = z.object({
  kind: z.literal('changes'),
  changes: z.array(z.object({ syncId: z.number(), entity: z.string(), op: z.string(), data: z.object({ id: z.string().optional() }).passthrough().optional() })),
  cursor: z.number(),
  hasMore: z.boolean(),
});
const PushSchema = z.object({ results: z.array(z.object({ id: z.number(), status: z.string() })), lastMutationId: z.number() });
const CommentSchema = z.object({ comment: z.object({ id: z.string() }) });

async function http(base: string, method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

async function pullAll(base: string, token: string, cursor: number, onChange?: (id: string | undefined) => void): Promise<{ cursor: number; changes: number }> {
  let changes = 0;
  for (;;) {
    const page = PullSchema.parse(await http(base, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=1000`, token));
    changes += page.changes.length;
    if (onChange) for (const c of page.changes) onChange(c.data?.id);
    cursor = page.cursor;
    if (!page.hasMore) return { cursor, changes };
  }
}

async function measurePull(instances: Instance[], token: string): Promise<number> {
  const started = performance.now();
  const done = await Promise.all(Array.from({ length: PULL_CLIENTS }, (_, i) => pullAll(instances[i % instances.length]!.base, token, 0)));
  const total = done.reduce((n, d) => n + d.changes, 0);
  return total / ((performance.now() - started) / 1000);
}

async function measurePush(instances: Instance[], token: string, ticketIds: readonly string[]): Promise<number> {
  const started = performance.now();
  const applied = await Promise.all(
    Array.from({ length: PUSH_CLIENTS }, async (_, c) => {
      const clientId = `bench-${c}-${randomBytes(4).toString('hex')}`;
      let n = 0;
      for (let b = 0; b < PUSH_BATCHES; b++) {
        const mutations = Array.from({ length: PUSH_BATCH }, (_, k) => {
          const id = b * PUSH_BATCH + k + 1;
          return { id, name: 'internal_note', args: { ticketId: ticketIds[(c * 97 + id * 13) % ticketIds.length]!, commentId: `${clientId}-${id}`, body: `note ${id}` } };
        });
        const res = PushSchema.parse(await http(instances[(c + b) % instances.length]!.base, 'POST', '/api/v1/sync/push', token, { clientId, mutations }));
        n += res.results.filter((r) => r.status === 'applied').length;
      }
      return n;
    }),
  );
  const total = applied.reduce((a, b) => a + b, 0);
  if (total !== PUSH_CLIENTS * PUSH_BATCHES * PUSH_BATCH) throw new Error(`only ${total} mutations applied`);
  return total / ((performance.now() - started) / 1000);
}

/** SSE client on one instance: pulls on every poke and remembers the ids it has seen. */
async function measureChangeToCache(instances: Instance[], token: string, ticketIds: readonly string[]): Promise<number[]> {
  const reader = instances[instances.length - 1]!;
  const writer = instances[0]!;
  const seen = new Set<string>();
  let cursor = (await pullAll(reader.base, token, 0)).cursor;
  let pulling: Promise<void> = Promise.resolve();
  const waiters = new Map<string, () => void>();
  const pullNow = () => {
    pulling = pulling.then(async () => {
      cursor = (await pullAll(reader.base, token, cursor, (id) => {
        if (!id) return;
        seen.add(id);
        waiters.get(id)?.();
      })).cursor;
    });
  };
  const abort = new AbortController();
  const res = await fetch(`${reader.base}/api/v1/sync/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  const stream = res.body!.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await stream.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (frame.includes('event: poke')) pullNow();
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  const samples: number[] = [];
  try {
    for (let s = 0; s < CHANGE_SAMPLES; s++) {
      const started = performance.now();
      let arrived!: () => void;
      const visible = new Promise<void>((r) => (arrived = r));
      const body = CommentSchema.parse(
        await http(writer.base, 'POST', `/api/v1/tickets/${ticketIds[s % ticketIds.length]}/comments`, token, { body: `remote ${s}`, internal: true }),
      );
      if (seen.has(body.comment.id)) arrived();
      else waiters.set(body.comment.id, arrived);
      const timeout = new Promise<never>((_, rej) => setTimeout(() => rej(new Error('change never reached the client')), 10_000).unref());
      await Promise.race([visible, timeout]);
      samples.push(performance.now() - started);
      waiters.delete(body.comment.id);
    }
  } finally {
    abort.abort();
  }
  return samples;
}

interface Config {
  backend: 'sqlite' | 'postgres';
  instances: number;
}

async function runConfig(cfg: Config, db: string): Promise<Record<string, unknown>> {
  log(`${cfg.backend} × ${cfg.instances}: writing ${N} tickets`);
  const data = await writeFixture(db, N);
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < cfg.instances; i++) instances.push(await startInstance(db));
    const pullPerS = await measurePull(instances, data.agentToken);
    const pushPerS = await measurePush(instances, data.agentToken, data.ticketIds);
    const change = await measureChangeToCache(instances, data.agentToken, data.ticketIds);
    const out = {
      backend: cfg.backend,
      instances: cfg.instances,
      pullChangesPerS: round(pullPerS),
      pushMutationsPerS: round(pushPerS),
      changeToCacheMs: { p50: round(percentile(change, 50), 2), p95: round(percentile(change, 95), 2), n: change.length },
    };
    log(JSON.stringify(out));
    return out;
  } finally {
    for (const i of instances) await i.stop();
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg().map((x) => round(x, 2));
  log(`${N} tickets, ${cpus().length} cores, load average ${loadAtStart.join(' ')}`);
  let adminUrl = process.env.SD_BENCH_POSTGRES_URL ?? process.env.SD_TEST_POSTGRES_URL ?? null;
  let ownCluster = false;
  const clusterEnv = { ...process.env, SD_PG_PORT: '55433' };
  if (!adminUrl) {
    adminUrl = execFileSync('bash', [join(__dirname, '..', 'scripts', 'pg-test-cluster.sh'), 'start'], { env: clusterEnv }).toString().trim();
    ownCluster = true;
    log(`started a throwaway PostgreSQL cluster: ${adminUrl}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'pg-bench-'));
  const results: Record<string, unknown>[] = [];
  const databases: string[] = [];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    results.push(await runConfig({ backend: 'sqlite', instances: 1 }, join(dir, 'bench.sqlite')));
    for (const instances of [1, 2]) {
      const name = `sd_bench_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
      databases.push(name);
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      results.push(await runConfig({ backend: 'postgres', instances }, u.toString()));
    }
  } finally {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
    if (ownCluster) execFileSync('bash', [join(__dirname, '..', 'scripts', 'pg-test-cluster.sh'), 'stop'], { env: clusterEnv });
  }
  const byKey = (b: string, i: number) => results.find((r) => r.backend === b && r.instances === i)!;
  const sqlite = byKey('sqlite', 1);
  const pg1 = byKey('postgres', 1);
  const pg2 = byKey('postgres', 2);
  const num = (r: Record<string, unknown>, k: string) => r[k] as number;
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      bench: 'postgres',
      tickets: N,
      // Round trips to PostgreSQL suffer most from a busy machine: the figures are only comparable at similar load.
      loadAverage: { start: loadAtStart, end: loadavg().map((x) => round(x, 2)) },
      configs: results,
      ratios: {
        pullPg1VsSqlite: round(num(pg1, 'pullChangesPerS') / num(sqlite, 'pullChangesPerS'), 2),
        pullPg2VsPg1: round(num(pg2, 'pullChangesPerS') / num(pg1, 'pullChangesPerS'), 2),
        pushPg1VsSqlite: round(num(pg1, 'pushMutationsPerS') / num(sqlite, 'pushMutationsPerS'), 2),
        pushPg2VsPg1: round(num(pg2, 'pushMutationsPerS') / num(pg1, 'pushMutationsPerS'), 2),
      },
    })}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
