import { DomainError } from '../../../src-shared/errors';
import type { Migration } from './types';

/**
 * The migrations in version order. A version given twice is a programming error; `vet` lets a runner reject
 * a migration it cannot apply (the PostgreSQL runner: no PostgreSQL form), checked in the same order.
 */
export function orderMigrations(migrations: readonly Migration[], vet?: (m: Migration) => void): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of sorted) {
    if (seen.has(m.version)) throw new Error(`duplicate migration version ${m.version}`);
    seen.add(m.version);
    vet?.(m);
  }
  return sorted;
}

/**
 * What is left to apply, in order. Refuses a database that holds a version this code does not know: it was
 * written by a newer service, and running old code on it could corrupt data. Shared by the SQLite and the
 * PostgreSQL runner so both decide alike.
 */
export function pendingMigrations(sorted: readonly Migration[], applied: ReadonlySet<number>): Migration[] {
  const known = new Set(sorted.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new DomainError(
      'SCHEMA_TOO_NEW',
      `database schema has versions ${unknown.join(', ')} unknown to this service; upgrade the service`,
      { unknownVersions: unknown },
    );
  }
  return sorted.filter((m) => !applied.has(m.version));
}
