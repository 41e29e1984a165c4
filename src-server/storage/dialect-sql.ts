import type { Dialect, Tx } from './store';

/**
 * The few SQL fragments that have no common spelling in SQLite and PostgreSQL. Everything else the
 * repositories write is the portable subset (docs/postgres.md).
 */

/** Subquery yielding the strings of a JSON array parameter (one placeholder however many ids). */
export function idList(dialect: Dialect): string {
  return dialect === 'postgres' ? '(SELECT value FROM json_array_elements_text(CAST(? AS json)))' : '(SELECT value FROM json_each(?))';
}

/** Larger of two values: SQLite's scalar max(a, b) is GREATEST in PostgreSQL. */
export function greatest(dialect: Dialect, a: string, b: string): string {
  return dialect === 'postgres' ? `GREATEST(${a}, ${b})` : `max(${a}, ${b})`;
}

/** Smaller of two values. */
export function least(dialect: Dialect, a: string, b: string): string {
  return dialect === 'postgres' ? `LEAST(${a}, ${b})` : `min(${a}, ${b})`;
}

/** Whether a table exists (features may be absent from a test's schema). */
export async function tableExists(tx: Tx, table: string): Promise<boolean> {
  const row =
    tx.dialect === 'postgres'
      ? await tx.get<{ name: string | null }>('SELECT CAST(to_regclass(?) AS text) AS name', [table])
      : await tx.get<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  return row?.name != null;
}
