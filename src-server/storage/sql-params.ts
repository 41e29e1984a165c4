import type { SqlParams, SqlValue } from './store';

/**
 * Rewrites the repositories' SQLite-style placeholders into PostgreSQL's `$1, $2, …` and returns the values in
 * that order. Accepted, as better-sqlite3 accepts them: positional `?` with an array, and named `@name`,
 * `:name`, `$name` with an object (a name used twice maps to one `$n`). Quoted strings, quoted identifiers,
 * comments and `::type` casts are copied untouched, so a `?` or `:x` inside them is never mistaken for a
 * parameter. A missing named value or a positional count mismatch throws: a silently NULL parameter would
 * write wrong data.
 */
export interface PgQuery {
  text: string;
  values: SqlValue[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function toPgQuery(sql: string, params?: SqlParams): PgQuery {
  const positional = Array.isArray(params) ? (params as readonly SqlValue[]) : null;
  const named = params && !Array.isArray(params) ? (params as Readonly<Record<string, SqlValue>>) : null;
  const values: SqlValue[] = [];
  const nameIndex = new Map<string, number>();
  let out = '';
  let nextPositional = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === ':' && next === ':') {
      out += '::';
      i += 2;
      continue;
    }
    if (c === '?') {
      if (!positional) throw new Error('SQL uses ? but no positional parameters were given');
      if (nextPositional >= positional.length) throw new Error(`SQL has more ? placeholders than the ${positional.length} values given`);
      values.push(positional[nextPositional++]!);
      out += `$${values.length}`;
      i += 1;
      continue;
    }
    if ((c === '@' || c === ':' || c === '$') && next !== undefined && /[A-Za-z_]/.test(next)) {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(sql);
      const name = m![0];
      if (!named) throw new Error(`SQL uses ${c}${name} but no named parameters were given`);
      if (!Object.prototype.hasOwnProperty.call(named, name)) throw new Error(`missing named parameter ${name}`);
      let index = nameIndex.get(name);
      if (index === undefined) {
        values.push(named[name]!);
        index = values.length;
        nameIndex.set(name, index);
      }
      out += `$${index}`;
      i += 1 + name.length;
      continue;
    }
    out += c;
    i += 1;
  }
  if (positional && nextPositional !== positional.length) {
    throw new Error(`SQL has ${nextPositional} ? placeholders but ${positional.length} values were given`);
  }
  return { text: out, values };
}

/** Index just past the quote that closes the one at `start` (a doubled quote is an escaped quote). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}
