import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncCache } from '../src-main/cache/sync-cache';
import { QueueService } from '../src-main/queue/queue-service';
import { SyncEngine } from '../src-main/sync/engine';
import { FakeSyncServer } from '../test/main/fake-sync-server';
import { AGENT, comment, org, ticket } from '../test/main/fixtures';

/**
 * Client-side sync benchmark (not a test): bootstrap rows/s through HTTP + zod + the cache vs the raw
 * better-sqlite3 insert rate of the same rows (the floor), queue top-200 p50/p95, outbox push throughput,
 * remote change → visible p50/p95. Uses the in-test protocol server so it measures the client, not the
 * service. Usage: npx tsx bench/sync-bench.ts [tickets=100000]
 */
const N = Number(process.argv[2] ?? 100_000);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  const server = new FakeSyncServer();
  await server.start();
  try {
    for (let i = 0; i < 50; i++) server.add({ entity: 'organization', op: 'upsert', data: org(i) });
    for (let i = 1; i <= N; i++) {
      server.add({ entity: 'ticket', op: 'upsert', data: ticket(i, { organizationId: `o${i % 50}`, assigneeId: i % 7 === 0 ? AGENT.userId : null }) });
      if (i % 2 === 0) server.add({ entity: 'comment', op: 'upsert', data: comment(`c${i}`, `t${i}`, `Kommentar zu Ticket ${i}`) });
    }
    const rows = server.log.length;

    // floor: the same rows, straight into an identical schema in one transaction
    const rawCache = SyncCache.open(join(dir, 'raw.sqlite'), AGENT);
    rawCache.close();
    const raw = new Database(join(dir, 'raw.sqlite'));
    const insT = raw.prepare(
      `INSERT INTO tickets (id, key, title, description, status, category, severity, impact, assignee_id, organization_id, misconfiguration,
        escalation_id, linked_to_ticket_id, sla_contract_number, priority_key, created_at, updated_at, last_customer_activity_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insC = raw.prepare('INSERT INTO comments (id, ticket_id, kind, created_at, data) VALUES (?, ?, ?, ?, ?)');
    const insO = raw.prepare('INSERT INTO organizations (id, name, data) VALUES (?, ?, ?)');
    let t0 = performance.now();
    raw.transaction(() => {
      for (const c of server.log) {
        if (c.op !== 'upsert') continue;
        if (c.entity === 'ticket') {
          const t = c.data;
          insT.run(t.id, t.key, t.title, t.description, t.status, t.category, t.severity, t.impact, t.assigneeId, t.organizationId, 0, null, null, null, t.priorityKey, t.createdAt, t.updatedAt, null, JSON.stringify(t));
        } else if (c.entity === 'comment') insC.run(c.data.id, c.data.ticketId, c.data.kind, c.data.createdAt, JSON.stringify(c.data));
        else if (c.entity === 'organization') insO.run(c.data.id, c.data.name, JSON.stringify(c.data));
      }
    })();
    const rawMs = performance.now() - t0;
    raw.close();

    const cache = SyncCache.open(join(dir, 'cache.sqlite'), AGENT);
    const engine = new SyncEngine({ cache, baseUrl: server.url, token: () => server.token, pullLimit: 5000, requestTimeoutMs: 120_000 });
    t0 = performance.now();
    await engine.syncOnce();
    const bootstrapMs = performance.now() - t0;

    const queue = new QueueService(cache.db, AGENT.userId);
    const filters = [{}, { assignee: { kind: 'me' as const } }, { statuses: ['NEW' as const], severities: [1 as const] }, { text: 'ticket 4' }, { organizationId: 'o7' }];
    const qTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      queue.window({ filter: filters[i % filters.length], offset: 0, limit: 200 });
      qTimes.push(performance.now() - s);
    }

    const changeTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const id = `t${1 + ((i * 97) % N)}`;
      const s = performance.now();
      server.add({ entity: 'ticket', op: 'upsert', data: { ...server.tickets.get(id)!, title: `changed ${i}` } });
      await engine.syncOnce();
      if (cache.get('ticket', id)?.title !== `changed ${i}`) throw new Error('change not visible');
      changeTimes.push(performance.now() - s);
    }

    const M = 2000;
    for (let i = 0; i < M; i++) cache.mutate('internal_note', { ticketId: `t${1 + (i % N)}`, commentId: `bench-${i}`, body: 'note' });
    t0 = performance.now();
    await engine.syncOnce();
    const pushMs = performance.now() - t0;
    if (cache.outbox().length !== 0) throw new Error('outbox not drained');

    const summary = {
      bench: 'sync-client',
      tickets: N,
      rows,
      bootstrapRowsPerS: Math.round(rows / (bootstrapMs / 1000)),
      rawInsertRowsPerS: Math.round(rows / (rawMs / 1000)),
      bootstrapVsRaw: Number((rawMs / bootstrapMs).toFixed(3)),
      queueTop200Ms: { p50: Number(pct(qTimes, 50).toFixed(2)), p95: Number(pct(qTimes, 95).toFixed(2)) },
      remoteChangeToCacheMs: { p50: Number(pct(changeTimes, 50).toFixed(2)), p95: Number(pct(changeTimes, 95).toFixed(2)), note: 'pull cycle after the change is written; excludes SSE latency' },
      outboxPushPerS: Math.round(M / (pushMs / 1000)),
    };
    console.log(JSON.stringify(summary));
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', `sync-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    cache.close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
