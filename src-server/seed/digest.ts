import { createHash } from 'node:crypto';
import type { Store } from '../storage/store';

/**
 * The tables the demo seed writes, each with a total order. Columns left out are the ones that are meant to
 * differ between two identical seeds: password hashes carry a random salt (and must).
 */
const DIGEST_TABLES: readonly { table: string; orderBy: string; exclude?: readonly string[] }[] = [
  { table: 'organizations', orderBy: 'id' },
  { table: 'end_user_companies', orderBy: 'id' },
  { table: 'users', orderBy: 'id', exclude: ['password_hash'] },
  { table: 'sla_contracts', orderBy: 'id' },
  { table: 'kb_articles', orderBy: 'id', exclude: ['doc_id'] },
  { table: 'tickets', orderBy: 'id' },
  { table: 'ticket_participants', orderBy: 'ticket_id, email' },
  { table: 'comments', orderBy: 'id' },
  { table: 'ticket_history', orderBy: 'id' },
  { table: 'escalations', orderBy: 'id' },
  { table: 'sync_changes', orderBy: 'sync_id', exclude: ['changed_at'] },
];

/** SHA-256 over every seeded row: equal digests mean equal data (used by the determinism tests). */
export async function seedDigest(store: Store): Promise<string> {
  const hash = createHash('sha256');
  await store.read(async (tx) => {
    for (const { table, orderBy, exclude = [] } of DIGEST_TABLES) {
      hash.update(`\n#${table}\n`);
      const rows = await tx.all<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
      for (const row of rows) {
        for (const col of exclude) delete row[col];
        hash.update(JSON.stringify(row));
        hash.update('\n');
      }
    }
  });
  return hash.digest('hex');
}
