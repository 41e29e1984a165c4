/**
 * The explicit dialect layer: what the PostgreSQL store does NOT translate. Repositories write the portable
 * subset (docs/postgres.md); SQLite-only constructs that slipped through are refused with a message naming
 * the portable form, instead of failing later with a PostgreSQL syntax error or, worse, meaning something else.
 */
const NOT_PORTABLE: ReadonlyArray<{ pattern: RegExp; instead: string }> = [
  { pattern: /\bINSERT\s+OR\s+IGNORE\b/i, instead: 'INSERT … ON CONFLICT DO NOTHING' },
  { pattern: /\bINSERT\s+OR\s+REPLACE\b|\bREPLACE\s+INTO\b/i, instead: 'INSERT … ON CONFLICT (…) DO UPDATE SET …' },
  { pattern: /\bCOLLATE\s+NOCASE\b/i, instead: 'lower(a) = lower(b), or a CITEXT/NOCASE column' },
  { pattern: /\bjson_each\s*\(/i, instead: 'idList(tx.dialect) from storage/dialect-sql.ts' },
  { pattern: /\bsqlite_\w+/i, instead: 'a backend-neutral query (see sync-meta for the newest sync id)' },
  { pattern: /\b(datetime|strftime|julianday)\s*\(/i, instead: 'tx.nowIso / values computed in TypeScript' },
  { pattern: /\b(ifnull|instr)\s*\(/i, instead: 'COALESCE / strpos-free logic in TypeScript' },
];

export function assertPortable(sql: string): void {
  for (const { pattern, instead } of NOT_PORTABLE) {
    const m = pattern.exec(sql);
    if (m) throw new Error(`SQL not portable to PostgreSQL ("${m[0]}"); use ${instead}. Statement: ${sql.slice(0, 200)}`);
  }
}

/** Transaction-scoped advisory lock every PostgreSQL write transaction takes first (docs/sync-protocol.md). */
export const WRITER_LOCK_KEY = 7_305_000;
/** NOTIFY channel carrying the newest sync id of each committed write transaction. */
export const COMMIT_CHANNEL = 'sd_sync_commit';
