import { createHash } from 'node:crypto';
import pg from 'pg';
import { DomainError } from '../../../src-shared/errors';
import { type Clock, toIso } from '../../core/clock';
import { MIGRATIONS, type Migration } from '../migrations/index';
import { toPgQuery } from '../sql-params';
import type { Dialect, RunResult, SqlParams, Store, SyncEntity, SyncOp, Tx } from '../store';
import { TxBase } from '../tx-base';
import { COMMIT_CHANNEL, WRITER_LOCK_KEY, assertPortable } from './pg-dialect';
import { pgAppliedVersions, pgMigrate } from './pg-migrate';

export interface PgStoreOptions {
  url: string;
  clock: Clock;
  migrations?: readonly Migration[];
  /** Pool size per instance (default 10). */
  poolSize?: number;
}

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;

/**
 * Result types as the repositories know them from SQLite: COUNT(*)/BIGINT columns as numbers (pg would give
 * strings), booleans as 1/0 (the schema stores flags as integers; EXISTS(…) results compare like SQLite's).
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`integer ${value} exceeds the safe JavaScript range`);
  return n;
}
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return parseInt8;
    if (oid === NUMERIC) return (v: string) => Number(v);
    if (oid === BOOL) return (v: string) => (v === 't' ? 1 : 0);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function statementName(text: string): string {
  return `sd_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

class PgTx extends TxBase implements Tx {
  readonly dialect: Dialect = 'postgres';

  constructor(
    private readonly client: pg.PoolClient,
    clock: Clock,
    readOnly: boolean,
  ) {
    super(clock, readOnly);
  }

  /** One connection runs one statement at a time; callers may still issue several at once (Promise.all). */
  private queue: Promise<unknown> = Promise.resolve();

  private async query<T extends pg.QueryResultRow>(sql: string, params?: SqlParams): Promise<pg.QueryResult<T>> {
    this.assertOpen();
    assertPortable(sql);
    const { text, values } = toPgQuery(sql, params);
    // Named statements are parsed and planned once per pooled connection.
    const run = () => this.client.query<T>({ name: statementName(text), text, values: values as unknown[] });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async exec(sql: string, params?: SqlParams): Promise<RunResult> {
    this.assertWritable(sql);
    const r = await this.query<Record<string, unknown>>(sql, params);
    // PostgreSQL has no last-insert-rowid: a statement that wants the new id says RETURNING id.
    const first = r.rows[0] ? Object.values(r.rows[0])[0] : undefined;
    return { changes: r.rowCount ?? 0, lastInsertRowid: typeof first === 'number' ? first : 0 };
  }

  async run(sql: string, params?: SqlParams): Promise<RunResult> {
    this.assertNotEntityWrite(sql);
    return this.exec(sql, params);
  }

  async get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    const r = await this.query<Record<string, unknown>>(sql, params);
    return r.rows[0] as T | undefined;
  }

  async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    const r = await this.query<Record<string, unknown>>(sql, params);
    return r.rows as T[];
  }

  async write(change: { entity: SyncEntity; entityId: string; op: SyncOp }, sql: string, params?: SqlParams): Promise<RunResult> {
    this.assertEntityWrite(change.entity, sql);
    const result = await this.exec(sql, params);
    if (result.changes > 0) {
      // Safe to take from the sequence here: the writer lock taken at BEGIN is held until COMMIT, so no other
      // transaction can draw a sync id between this one's first id and its commit (docs/sync-protocol.md).
      const log = await this.query<{ sync_id: number }>(
        'INSERT INTO sync_changes (entity, entity_id, op, changed_at) VALUES (?, ?, ?, ?) RETURNING sync_id',
        [change.entity, change.entityId, change.op, this.nowIso],
      );
      this.lastSyncId = log.rows[0]!.sync_id;
    }
    return result;
  }
}

/**
 * PostgreSQL implementation of the store, for several service instances on one database.
 *
 * - Write transactions take one transaction-scoped advisory lock first (`pg_advisory_xact_lock`), so writers
 *   are serialised across every instance exactly as SQLite's single writer serialises them in one process.
 *   That keeps every read-check-write in the repositories correct under READ COMMITTED, makes sync ids
 *   commit-ordered, and makes "exactly once" jobs (scheduler, outbox claims, pushes) safe across instances.
 * - Read transactions are REPEATABLE READ READ ONLY snapshots and run in parallel on any instance.
 * - A transaction that appended sync changes NOTIFYs the newest sync id; every instance LISTENs (watchCommits)
 *   and pokes its own SSE clients.
 */
export class PgStore implements Store {
  readonly dialect = 'postgres' as const;
  private closed = false;
  private listener: pg.Client | null = null;
  private readonly commitListeners = new Set<(syncId: number) => void>();
  private listenerRetry: NodeJS.Timeout | null = null;

  private constructor(
    readonly pool: pg.Pool,
    private readonly url: string,
    private readonly clock: Clock,
    readonly knownSchemaVersions: readonly number[],
  ) {}

  static async open(options: PgStoreOptions): Promise<PgStore> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: TYPES,
      // A process that hangs inside a write transaction would hold the writer lock for every instance; the
      // server ends such a session (and so releases the lock) after a minute of client silence.
      idle_in_transaction_session_timeout: 60_000,
    });
    // An idle pooled connection that dies (database restart) must not crash the service.
    pool.on('error', () => undefined);
    const migrations = options.migrations ?? MIGRATIONS;
    try {
      const client = await pool.connect();
      try {
        await pgMigrate(client, migrations, toIso(options.clock.now()));
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PgStore(pool, options.url, options.clock, migrations.map((m) => m.version));
  }

  private async runTx<T>(fn: (tx: Tx) => Promise<T>, readOnly: boolean): Promise<T> {
    if (this.closed) throw new DomainError('INTERNAL', 'store is closed');
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(
        readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY})`,
      );
      const tx = new PgTx(client, this.clock, readOnly);
      let result: T;
      try {
        result = await fn(tx);
        tx.closed = true;
        // One round trip: NOTIFY is queued by the transaction and delivered at COMMIT. The id is an integer
        // this process produced, so writing it into the text is safe.
        await client.query(
          tx.lastSyncId === null ? 'COMMIT' : `SELECT pg_notify('${COMMIT_CHANNEL}', '${Math.trunc(tx.lastSyncId)}'); COMMIT`,
        );
      } catch (err) {
        tx.closed = true;
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is unusable; the pool must not hand it out again
        }
        throw err;
      }
      for (const hook of tx.commitHooks) hook();
      return result;
    } finally {
      client.release(broken);
    }
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.runTx(fn, false);
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.runTx(fn, true);
  }

  async schemaVersion(): Promise<number> {
    const r = await this.pool.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    return r.rows[0]?.v ?? 0;
  }

  async appliedVersions(): Promise<number[]> {
    const client = await this.pool.connect();
    try {
      return await pgAppliedVersions(client);
    } finally {
      client.release();
    }
  }

  watchCommits(listener: (syncId: number) => void): () => void {
    this.commitListeners.add(listener);
    if (!this.listener && !this.listenerRetry) void this.connectListener();
    return () => this.commitListeners.delete(listener);
  }

  /** One LISTEN connection per instance; reconnects after a database restart. */
  private async connectListener(): Promise<void> {
    this.listenerRetry = null;
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    const retry = () => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (!this.closed && !this.listenerRetry) this.listenerRetry = setTimeout(() => void this.connectListener(), 1000);
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (msg) => {
      const syncId = Number(msg.payload);
      if (msg.channel !== COMMIT_CHANNEL || !Number.isSafeInteger(syncId)) return;
      for (const l of this.commitListeners) l(syncId);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${COMMIT_CHANNEL}`);
      this.listener = client;
    } catch {
      retry();
    }
  }

  /** Resolves once the LISTEN connection is up (tests and benchmarks wait for it before writing). */
  async listening(): Promise<void> {
    while (!this.listener && !this.closed) await new Promise((r) => setTimeout(r, 10));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      listener.removeAllListeners();
      listener.on('error', () => undefined);
      await listener.end().catch(() => undefined);
    }
    await this.pool.end();
  }
}
