import Database from 'better-sqlite3';
import { DomainError } from '../../src-shared/errors';
import { type Clock, toIso } from '../core/clock';
import { MIGRATIONS, type Migration } from './migrations/index';
import { appliedVersions, migrate } from './migrations/runner';
import { AsyncMutex } from './mutex';
import type { RunResult, Dialect, SqlParams, Store, SyncEntity, SyncOp, Tx } from './store';
import { TxBase } from './tx-base';

export interface SqliteStoreOptions {
  file: string;
  clock: Clock;
  migrations?: readonly Migration[];
}

type Bindable = Parameters<Database.Statement['run']>;

function bind(params: SqlParams | undefined): Bindable {
  if (params === undefined) return [] as unknown as Bindable;
  return (Array.isArray(params) ? params : [params]) as unknown as Bindable;
}

class SqliteTx extends TxBase implements Tx {
  readonly dialect: Dialect = 'sqlite';

  constructor(
    private readonly db: Database.Database,
    private readonly statements: Map<string, Database.Statement>,
    clock: Clock,
    readOnly: boolean,
  ) {
    super(clock, readOnly);
  }

  private stmt(sql: string): Database.Statement {
    this.assertOpen();
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  private exec(sql: string, params?: SqlParams): RunResult {
    this.assertWritable(sql);
    const r = this.stmt(sql).run(...bind(params));
    return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
  }

  async run(sql: string, params?: SqlParams): Promise<RunResult> {
    this.assertNotEntityWrite(sql);
    return this.exec(sql, params);
  }

  async get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.stmt(sql).get(...bind(params)) as T | undefined;
  }

  async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.stmt(sql).all(...bind(params)) as T[];
  }

  async write(change: { entity: SyncEntity; entityId: string; op: SyncOp }, sql: string, params?: SqlParams): Promise<RunResult> {
    this.assertEntityWrite(change.entity, sql);
    const result = this.exec(sql, params);
    if (result.changes > 0) {
      const log = this.exec(
        'INSERT INTO sync_changes (entity, entity_id, op, changed_at) VALUES (?, ?, ?, ?)',
        [change.entity, change.entityId, change.op, this.nowIso],
      );
      this.lastSyncId = log.lastInsertRowid;
    }
    return result;
  }
}

/**
 * SQLite implementation of the store: one connection, WAL, foreign keys on. Transactions are serialised with
 * an async mutex and BEGIN IMMEDIATE, so awaits inside one cannot interleave with another request's
 * statements, and sync_id order equals commit order.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly mutex = new AsyncMutex();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly clock: Clock;
  private readonly knownVersions: number[];
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    this.clock = options.clock;
    this.db = new Database(options.file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('synchronous = NORMAL');
      // 64 MB page cache instead of the default 2 MB: a bootstrap of 100k demo tickets reads ~800 MB of rows and
      // indexes; measured 9.3 s → 8.6 s of pull work (the agent cache does the same, src-main/cache/open-cache-db.ts)
      this.db.pragma('cache_size = -65536');
      const migrations = options.migrations ?? MIGRATIONS;
      this.knownVersions = migrations.map((m) => m.version);
      migrate(this.db, migrations, toIso(this.clock.now()));
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /** Direct handle for tests and bulk tooling (seed); application code uses transactions. */
  get raw(): Database.Database {
    return this.db;
  }

  private async runTx<T>(fn: (tx: Tx) => Promise<T>, readOnly: boolean): Promise<T> {
    if (this.closed) throw new DomainError('INTERNAL', 'store is closed');
    return this.mutex.run(async () => {
      const tx = new SqliteTx(this.db, this.statements, this.clock, readOnly);
      this.db.exec(readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await fn(tx);
        tx.closed = true;
        this.db.exec('COMMIT');
      } catch (err) {
        tx.closed = true;
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
      for (const hook of tx.commitHooks) hook();
      return result;
    });
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.runTx(fn, false);
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.runTx(fn, true);
  }

  async schemaVersion(): Promise<number> {
    const versions = appliedVersions(this.db);
    return versions.length ? Math.max(...versions) : 0;
  }

  get knownSchemaVersions(): readonly number[] {
    return this.knownVersions;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Wait for the transaction in flight (if any) before closing the handle.
    await this.mutex.run(async () => undefined);
    this.db.close();
  }
}
