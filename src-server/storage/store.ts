/**
 * The storage seam. Route and service code talk to `Store`/`Tx` and repository functions only, never to a
 * driver, so a PostgreSQL implementation can be added by implementing these two interfaces (and translating
 * the repositories' SQL where dialects differ) without touching any route.
 *
 * The API is async on purpose even though better-sqlite3 is synchronous: a PostgreSQL driver is not.
 */

export const SYNC_ENTITIES = [
  'ticket',
  'comment',
  'history',
  'participant',
  'escalation',
  'organization',
  'user',
  'sla_contract',
  'kb_article',
  'end_user_company',
  'sla_config',
] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];
export type SyncOp = 'upsert' | 'delete';

export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = Readonly<Record<string, SqlValue>> | readonly SqlValue[];

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/** Which SQL dialect a Tx speaks; repositories branch on it only where no portable form exists (docs/postgres.md). */
export type Dialect = 'sqlite' | 'postgres';

export interface Tx {
  readonly dialect: Dialect;
  /** Statements on tables that are NOT synced entities (tokens, audit, outbox, …). Rejects writes to entity tables. */
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /**
   * The only way to write an entity table: runs the statement and appends the matching sync_changes row in
   * the same transaction, so a change can never reach the database without reaching the sync log.
   */
  write(change: { entity: SyncEntity; entityId: string; op: SyncOp }, sql: string, params?: SqlParams): Promise<RunResult>;
  /** Runs after a successful COMMIT (events, wake-ups); never after a rollback. */
  afterCommit(fn: () => void): void;
  /** Highest sync_id this transaction appended, or null. */
  readonly lastSyncId: number | null;
  /** "now" of the injected clock as an ISO string, fixed when the transaction began. */
  readonly nowIso: string;
  readonly nowMs: number;
}

export interface Store {
  /** A serialised read-write transaction: no other transaction's statements interleave with it. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A consistent read (also serialised, so it never sees another request's uncommitted writes). */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
  readonly dialect: Dialect;
  /**
   * Commits made by ANY process on the same database (PostgreSQL: LISTEN/NOTIFY), with the newest sync id.
   * Absent where only this process can write (SQLite: the in-process events already cover it).
   */
  watchCommits?(listener: (syncId: number) => void): () => void;
}

/** Entity table → sync entity. Feature folders register their tables here (e.g. kb_articles → kb_article). */
export const ENTITY_TABLES = new Map<string, SyncEntity>([
  ['tickets', 'ticket'],
  ['comments', 'comment'],
  ['ticket_history', 'history'],
  ['ticket_participants', 'participant'],
  ['escalations', 'escalation'],
  ['organizations', 'organization'],
  ['users', 'user'],
  ['sla_contracts', 'sla_contract'],
  ['end_user_companies', 'end_user_company'],
]);

export function registerEntityTable(table: string, entity: SyncEntity): void {
  ENTITY_TABLES.set(table, entity);
}

const WRITE_TARGET = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+["`]?(\w+)/i;

/** The table a write statement targets, or null for reads / DDL. */
export function writeTarget(sql: string): string | null {
  const m = WRITE_TARGET.exec(sql);
  return m?.[1]?.toLowerCase() ?? null;
}
