import { idList } from '../../storage/dialect-sql';
import type { Tx } from '../../storage/store';

/**
 * Loads rows of one table by id in one statement. The id list travels as a single JSON parameter
 * (json_each), so a page of 5000 ids needs neither 5000 placeholders nor 5000 queries.
 */
export function rowsByIds<T>(tx: Tx, sql: string, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return Promise.resolve([]);
  // Statements are written with the SQLite spelling; PostgreSQL gets the same subquery in its own.
  const text = tx.dialect === 'sqlite' ? sql : sql.split(ID_LIST).join(idList(tx.dialect));
  return tx.all<T>(text, [JSON.stringify(ids)]);
}

/**
 * A stored row as the feed reads it: the repository's row type (one description of the table), with enum and
 * flag columns widened to plain string / number. The feed validates those itself, so a malformed row fails
 * loudly here instead of in every cache.
 */
export type UnvalidatedRow<R> = { [K in keyof R]: R[K] extends string ? string : R[K] extends number ? number : R[K] };

/** `IN (…)` clause body for rowsByIds statements. */
export const ID_LIST = '(SELECT value FROM json_each(?))';

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
