/**
 * Turns whatever a user typed into a safe FTS5 MATCH expression. FTS5 has its own query language (quotes,
 * AND/OR/NOT/NEAR, column filters "title:", "^", "*", parentheses); passing user input through would turn
 * `"foo` or `AND OR` into SQL errors (500s) and let users write expensive queries. Instead the input is split
 * into words (letters and digits in any script) and each word becomes a quoted prefix term: `"procall"*`.
 * Quoted strings cannot contain operators, so the result always parses.
 */

export const MAX_QUERY_TERMS = 12;
const MAX_TERM_LENGTH = 64;

/** The words of a query, lower-cased and de-duplicated, in input order. */
export function queryTerms(input: string): string[] {
  const words = input.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words) {
    const term = w.slice(0, MAX_TERM_LENGTH);
    if (seen.has(term)) continue;
    seen.add(term);
    out.push(term);
    if (out.length === MAX_QUERY_TERMS) break;
  }
  return out;
}

/**
 * `all`: every term must occur (implicit AND) — precise; `any`: at least one (OR) — the fallback when the
 * precise query finds nothing ("ProCall Update startet nicht" should still find the update article).
 * Returns null when the input holds no searchable word.
 */
export function ftsMatchExpression(input: string, mode: 'all' | 'any'): string | null {
  const terms = queryTerms(input);
  if (terms.length === 0) return null;
  // A word has no quotes (letters/digits only), so wrapping it in quotes is a literal string in FTS5 syntax.
  const quoted = terms.map((t) => `"${t}"*`);
  return quoted.join(mode === 'all' ? ' AND ' : ' OR ');
}

/**
 * The same query for PostgreSQL's to_tsquery: each word a prefix term (`word:*`), joined by & (all) or | (any).
 * The words are letters and digits only (queryTerms), so no tsquery operator from the input survives; the
 * text travels as a bound parameter and the article's language configuration stems it.
 */
export function tsQueryExpression(input: string, mode: 'all' | 'any'): string | null {
  const terms = queryTerms(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `${t}:*`).join(mode === 'all' ? ' & ' : ' | ');
}
