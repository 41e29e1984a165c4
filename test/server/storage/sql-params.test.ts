import { describe, expect, it } from 'vitest';
import { toPgQuery } from '../../../src-server/storage/sql-params';

describe('SQLite placeholders → PostgreSQL $n', () => {
  it('numbers positional ? in order', () => {
    expect(toPgQuery('SELECT * FROM t WHERE a = ? AND b > ? LIMIT ?', ['x', 2, 10])).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b > $2 LIMIT $3',
      values: ['x', 2, 10],
    });
  });

  it('maps @name, :name and $name to one $n per name, ignoring unused keys', () => {
    const q = toPgQuery('UPDATE t SET a = @now, b = :now, c = $other WHERE id = @id', { now: 'N', other: 3, id: 'I', unused: 9 });
    expect(q).toEqual({ text: 'UPDATE t SET a = $1, b = $1, c = $2 WHERE id = $3', values: ['N', 3, 'I'] });
  });

  it('leaves quoted strings, quoted identifiers, comments and ::casts alone', () => {
    const sql = `SELECT 'a?b @x', "col?", x::text -- why? @y\nFROM t /* :z ? */ WHERE y = ? AND s = 'it''s ?'`;
    const q = toPgQuery(sql, [1]);
    expect(q.text).toBe(`SELECT 'a?b @x', "col?", x::text -- why? @y\nFROM t /* :z ? */ WHERE y = $1 AND s = 'it''s ?'`);
    expect(q.values).toEqual([1]);
  });

  it('refuses a missing named value and a positional count mismatch (never a silent NULL)', () => {
    expect(() => toPgQuery('SELECT @a', {})).toThrow(/missing named parameter a/);
    expect(() => toPgQuery('SELECT ?, ?', [1])).toThrow(/more \? placeholders/);
    expect(() => toPgQuery('SELECT ?', [1, 2])).toThrow(/1 \? placeholders but 2 values/);
    expect(() => toPgQuery('SELECT ?', { a: 1 })).toThrow(/no positional parameters/);
    expect(() => toPgQuery('SELECT @a', [1])).toThrow(/no named parameters/);
  });
});
