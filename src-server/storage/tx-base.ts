import { type Clock, toIso } from '../core/clock';
import { ENTITY_TABLES, type SyncEntity, writeTarget } from './store';

/**
 * What the SQLite and the PostgreSQL transaction share: "now" fixed when the transaction began, the
 * after-commit hooks, and the guards that keep entity writes on tx.write() (so a change cannot bypass the
 * sync log) and read transactions free of writes. Only statement execution differs per dialect.
 */
export abstract class TxBase {
  lastSyncId: number | null = null;
  readonly nowMs: number;
  readonly nowIso: string;
  readonly commitHooks: Array<() => void> = [];
  /** Set by the store at COMMIT or ROLLBACK; statements after that are refused. */
  closed = false;

  constructor(
    clock: Clock,
    protected readonly readOnly: boolean,
  ) {
    this.nowMs = clock.now();
    this.nowIso = toIso(this.nowMs);
  }

  afterCommit(fn: () => void): void {
    this.commitHooks.push(fn);
  }

  protected assertOpen(): void {
    if (this.closed) throw new Error('transaction already finished');
  }

  protected assertWritable(sql: string): void {
    if (this.readOnly && writeTarget(sql)) throw new Error('write inside a read transaction');
  }

  /** tx.run(): entity tables are written only through tx.write(). */
  protected assertNotEntityWrite(sql: string): void {
    const table = writeTarget(sql);
    if (table && ENTITY_TABLES.has(table)) throw new Error(`write to entity table ${table} must use tx.write()`);
  }

  /** tx.write(): the statement must write the table of the entity whose change it logs. */
  protected assertEntityWrite(entity: SyncEntity, sql: string): void {
    const table = writeTarget(sql);
    if (!table || ENTITY_TABLES.get(table) !== entity) {
      throw new Error(`tx.write(${entity}) used for a statement on ${table ?? 'no table'}`);
    }
  }
}
