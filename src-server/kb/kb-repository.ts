import { registerEntityTable, type Tx } from '../storage/store';
import { ftsMatchExpression, queryTerms, tsQueryExpression } from './fts-query';

// kb_articles is a synced entity: writes must go through tx.write, which appends the sync_changes row.
registerEntityTable('kb_articles', 'kb_article');

export type KbLanguage = 'de' | 'en';

export interface KbArticleRow {
  doc_id: number;
  id: string;
  language: KbLanguage;
  title: string;
  summary: string;
  body: string;
  tags_json: string;
  tags_text: string;
  product: string | null;
  author_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface KbArticle {
  id: string;
  language: KbLanguage;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  product: string | null;
  authorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface KbArticleInput {
  language: KbLanguage;
  title: string;
  summary?: string | undefined;
  body: string;
  tags: string[];
  product: string | null;
}

export function toKbArticle(r: KbArticleRow): KbArticle {
  return {
    id: r.id, language: r.language, title: r.title, summary: r.summary, body: r.body,
    tags: JSON.parse(r.tags_json) as string[], product: r.product, authorId: r.author_id,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** First prose line of the markdown body, without markup, at most 240 characters: the default summary. */
export function summaryFromBody(body: string): string {
  const line = body
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith('#') && !l.startsWith('```') && !/^[-*_]{3,}$/.test(l));
  const plain = (line ?? '').replace(/^[-*+>]\s+|^\d+\.\s+/, '').replace(/[*_`[\]]/g, '').replace(/\(https?:[^)]*\)/g, '');
  return plain.length > 240 ? `${plain.slice(0, 239)}…` : plain;
}

export function getKbArticle(tx: Tx, id: string): Promise<KbArticleRow | undefined> {
  return tx.get<KbArticleRow>('SELECT * FROM kb_articles WHERE id = ?', [id]);
}

export async function insertKbArticle(tx: Tx, id: string, input: KbArticleInput, authorId: string | null, at = tx.nowIso): Promise<KbArticleRow> {
  await tx.write(
    { entity: 'kb_article', entityId: id, op: 'upsert' },
    `INSERT INTO kb_articles (id, language, title, summary, body, tags_json, tags_text, product, author_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, input.language, input.title, input.summary ?? summaryFromBody(input.body), input.body, JSON.stringify(input.tags),
      input.tags.join(' '), input.product, authorId, at, at],
  );
  return (await getKbArticle(tx, id))!;
}

/** Replaces the article's content; returns undefined when it does not exist. */
export async function updateKbArticle(tx: Tx, id: string, input: KbArticleInput): Promise<KbArticleRow | undefined> {
  const r = await tx.write(
    { entity: 'kb_article', entityId: id, op: 'upsert' },
    `UPDATE kb_articles SET language = ?, title = ?, summary = ?, body = ?, tags_json = ?, tags_text = ?, product = ?, updated_at = ?
     WHERE id = ?`,
    [input.language, input.title, input.summary ?? summaryFromBody(input.body), input.body, JSON.stringify(input.tags),
      input.tags.join(' '), input.product, tx.nowIso, id],
  );
  return r.changes > 0 ? getKbArticle(tx, id) : undefined;
}

/** Deletes the article; the sync log gets a tombstone (op 'delete') so agent caches drop it too. */
export async function deleteKbArticle(tx: Tx, id: string): Promise<boolean> {
  const r = await tx.write({ entity: 'kb_article', entityId: id, op: 'delete' }, 'DELETE FROM kb_articles WHERE id = ?', [id]);
  return r.changes > 0;
}

export interface KbSearchHit {
  id: string;
  language: KbLanguage;
  title: string;
  summary: string;
  product: string | null;
  tags: string[];
  updatedAt: string;
  /** bm25 rank (lower = better); FTS5's bm25 returns negative numbers. */
  score: number;
  /** Excerpt of the body around the matches, split into plain and matched parts (no HTML: clients render it). */
  snippet: { text: string; match: boolean }[];
}

// Control characters never occur in stored text (the routes reject them), so they are unambiguous markers.
const OPEN = '\u0002';
const CLOSE = '\u0003';

export function splitSnippet(raw: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let last = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    if (m.index > last) parts.push({ text: raw.slice(last, m.index), match: false });
    parts.push({ text: m[1]!, match: true });
    last = m.index + m[0].length;
  }
  if (last < raw.length) parts.push({ text: raw.slice(last), match: false });
  return parts.filter((p) => p.text.length > 0);
}

// Column weights for bm25: a hit in the title or the tags says far more about an article than one in the body.
const SEARCH_SQL = `
  SELECT a.id, a.language, a.title, a.summary, a.product, a.tags_json, a.updated_at,
         bm25(kb_articles_fts, 10.0, 1.0, 5.0, 3.0) AS score,
         snippet(kb_articles_fts, 1, '${OPEN}', '${CLOSE}', '…', 24) AS snip
  FROM kb_articles_fts JOIN kb_articles a ON a.doc_id = kb_articles_fts.rowid
  WHERE kb_articles_fts MATCH @match AND (@lang IS NULL OR a.language = @lang)
  ORDER BY score, a.id
  LIMIT @limit`;

/**
 * PostgreSQL: the article's own configuration (sd_german / sd_english, see the migration) parses the query,
 * so German words are stemmed as German and English as English. ts_rank with the A/B/C/D weights orders the
 * hits; it is negated so that, as with bm25, a lower score is better. ts_headline marks the matches with the
 * same control-character markers as FTS5's snippet().
 */
const PG_SEARCH_SQL = `
  SELECT a.id, a.language, a.title, a.summary, a.product, a.tags_json, a.updated_at,
         -ts_rank(a.search_vector, q.query) AS score,
         ts_headline(CASE a.language WHEN 'de' THEN 'sd_german'::regconfig ELSE 'sd_english'::regconfig END,
           a.body, q.query, @headline) AS snip
  FROM kb_articles a
  CROSS JOIN LATERAL (SELECT CASE a.language WHEN 'de' THEN to_tsquery('sd_german', @match)
                                             ELSE to_tsquery('sd_english', @match) END AS query) q
  WHERE a.search_vector @@ q.query AND (CAST(@lang AS text) IS NULL OR a.language = @lang)
  ORDER BY score, a.id
  LIMIT @limit`;
const PG_HEADLINE = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=1, FragmentDelimiter=…`;

/**
 * Full-text search. All words first (precise); if that finds nothing, any word (forgiving), so a customer's
 * whole sentence still finds the article that matches its key words. Input that holds no word gives no hits.
 */
export async function searchKb(tx: Tx, q: { text: string; language: KbLanguage | null; limit: number }): Promise<{ hits: KbSearchHit[]; mode: 'all' | 'any' | 'none' }> {
  // With a single word "any" is the same query as "all": no second round trip.
  const modes = queryTerms(q.text).length > 1 ? (['all', 'any'] as const) : (['all'] as const);
  for (const mode of modes) {
    const postgres = tx.dialect === 'postgres';
    const match = postgres ? tsQueryExpression(q.text, mode) : ftsMatchExpression(q.text, mode);
    if (match === null) return { hits: [], mode: 'none' };
    const rows = await tx.all<{
      id: string; language: KbLanguage; title: string; summary: string; product: string | null; tags_json: string;
      updated_at: string; score: number; snip: string;
    }>(postgres ? PG_SEARCH_SQL : SEARCH_SQL, { match, lang: q.language, limit: q.limit, ...(postgres ? { headline: PG_HEADLINE } : {}) });
    if (rows.length > 0) {
      return {
        mode,
        hits: rows.map((r) => ({
          id: r.id, language: r.language, title: r.title, summary: r.summary, product: r.product,
          tags: JSON.parse(r.tags_json) as string[], updatedAt: r.updated_at, score: r.score, snippet: splitSnippet(r.snip),
        })),
      };
    }
  }
  return { hits: [], mode: 'any' };
}
