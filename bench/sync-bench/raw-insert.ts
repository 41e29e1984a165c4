import Database from 'better-sqlite3';
import { SYNCED_TABLES } from '../../src-main/cache/record-store';

export type RecordsByTable = Map<string, Record<string, unknown>[]>;

/** Every synced row of a cache as parsed records (the wire records the engine stored), per table. */
export function readRecords(db: Database.Database): RecordsByTable {
  const out: RecordsByTable = new Map();
  // Referenced rows first (organisations before tickets): the most favourable order for the floor.
  const order = ['organizations', 'users', 'sla_contracts', 'kb_articles', ...SYNCED_TABLES.filter((t) => !['organizations', 'users', 'sla_contracts', 'kb_articles'].includes(t))];
  for (const table of order) {
    const rows = db.prepare(`SELECT data FROM ${table}`).pluck().all() as string[];
    out.set(table, rows.map((r) => JSON.parse(r) as Record<string, unknown>));
  }
  return out;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function cell(v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' || typeof v === 'number') return v;
  return JSON.stringify(v);
}

/**
 * The floor: the same records inserted with plain prepared `INSERT`s in ONE transaction. Timed part, per row:
 * take the column values from the in-memory record, JSON.stringify the record for `data` (the cache stores it
 * too), run the prepared INSERT; plus COMMIT. Not timed: reading the records, creating the tables. Same
 * pragmas as the cache (WAL, synchronous=FULL). `schema` decides what the rows are inserted into:
 * - 'plain': the cache's synced tables as CREATE TABLE only (same columns and primary keys; no secondary
 *   index, no FTS, no trigger) — the headline floor;
 * - 'cache': a copy of the complete cache schema (indexes, FTS5 triggers) — shows what the schema itself costs.
 * Returns ms and the number of rows inserted per table (checked by the caller against the cache).
 */
export function rawInsert(file: string, schemaSql: readonly string[], records: RecordsByTable): { ms: number; rows: number } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    for (const sql of schemaSql) db.exec(sql);
    const plan = [...records.entries()].map(([table, rows]) => {
      // Columns with a default are the cache's own (tickets.sla_state, mirrored from ticket_sla), not wire fields.
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?) WHERE dflt_value IS NULL ORDER BY cid`).pluck().all(table) as string[]).filter(
        (c) => c !== 'id' && c !== 'data',
      );
      const keys = columns.map(camel);
      const stmt = db.prepare(`INSERT INTO ${table} (id, ${columns.join(', ')}${columns.length ? ', ' : ''}data) VALUES (${['id', ...columns, 'data'].map(() => '?').join(', ')})`);
      // sla_contracts are keyed by contract number on the wire
      const idKey = table === 'sla_contracts' ? 'contractNumber' : 'id';
      return { stmt, keys, idKey, rows };
    });
    const t0 = performance.now();
    let n = 0;
    db.transaction(() => {
      for (const { stmt, keys, idKey, rows } of plan) {
        for (const r of rows) {
          const values: (string | number | null)[] = [cell(r[idKey])];
          for (const k of keys) values.push(cell(r[k]));
          values.push(JSON.stringify(r));
          stmt.run(values);
          n++;
        }
      }
    })();
    return { ms: performance.now() - t0, rows: n };
  } finally {
    db.close();
  }
}

/** CREATE statements of a cache file: tables only ('plain') or everything the migrations made ('cache'). */
export function schemaOf(cacheDb: Database.Database, kind: 'plain' | 'cache'): string[] {
  if (kind === 'plain') {
    return SYNCED_TABLES.map((t) => cacheDb.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck().get(t) as string);
  }
  // FTS5 shadow tables are created by the virtual table itself; sqlite_master lists them with their own sql
  // but they must not be created by hand. Order: tables, virtual tables, indexes, triggers.
  const rows = cacheDb
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         AND name NOT IN ('tickets_fts_data', 'tickets_fts_idx', 'tickets_fts_content', 'tickets_fts_docsize', 'tickets_fts_config')
       ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid`,
    )
    .all() as { type: string; name: string; sql: string }[];
  return rows.map((r) => r.sql);
}
