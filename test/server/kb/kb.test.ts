import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbRoutes } from '../../../src-server/kb/kb-routes';
import { dbAll, dbGet } from '../backend';
import { startTestServer, type FixtureUser, type TestServer } from '../harness';

interface Article { id: string; title: string; language: string; summary: string; tags: string[] }
interface Search { mode: string; hits: { id: string; title: string; language: string; score: number; snippet: { text: string; match: boolean }[] }[] }

let server: TestServer;
let tokens: Record<FixtureUser, string>;
const ids: Record<string, string> = {};

const ARTICLES = {
  forwardDe: { language: 'de', title: 'Rufumleitung in ProCall einrichten', body: 'So richten Sie Weiterleitungen für Ihre Nebenstelle ein.', tags: ['procall', 'rufumleitung'], product: 'ProCall 8 Enterprise' },
  forwardEn: { language: 'en', title: 'Setting up call forwarding in ProCall', body: 'How to forward calls from your extension.', tags: ['procall', 'forwarding'], product: 'ProCall 8 Enterprise' },
  overviewDe: { language: 'de', title: 'Übersicht der Lizenzen', body: 'Die Lizenzübersicht zeigt alle Benutzer. Café-Modus erwähnt.', tags: ['lizenz'], product: null },
  // Mentions the search word only in the body: must rank below articles that have it in the title.
  bodyOnly: { language: 'de', title: 'MetaDirectory Replikation', body: 'Nebenbei: eine Rufumleitung ist hier nicht betroffen.', tags: ['metadirectory'], product: 'MetaDirectory' },
} as const;

beforeAll(async () => {
  server = await startTestServer({ deps: { routeModules: [kbRoutes] } });
  tokens = await server.tokens();
  for (const [key, body] of Object.entries(ARTICLES)) {
    const res = await server.call<Article>('POST', '/api/v1/kb/articles', { token: tokens.agent, body });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  }
});
afterAll(async () => server.close());

const search = (q: string, extra = '') => server.call<Search>('GET', `/api/v1/kb/search?q=${encodeURIComponent(q)}${extra}`);

describe('KB search', () => {
  it('finds German and English articles, public (no token), with highlighted snippets', async () => {
    const de = await search('Weiterleitungen');
    expect(de.status).toBe(200);
    expect(de.body.hits.map((h) => h.id)).toEqual([ids.forwardDe]);
    expect(de.body.hits[0]!.snippet.some((p) => p.match && p.text === 'Weiterleitungen')).toBe(true);
    const en = await search('forwarding');
    expect(en.body.hits.map((h) => h.id)).toContain(ids.forwardEn);
    expect(en.body.hits.map((h) => h.id)).not.toContain(ids.forwardDe);
  });

  it('matches prefixes (no German stemmer) and ignores diacritics', async () => {
    expect((await search('Weiterleit')).body.hits.map((h) => h.id)).toEqual([ids.forwardDe]);
    expect((await search('Ubersicht')).body.hits.map((h) => h.id)).toEqual([ids.overviewDe]);
    expect((await search('cafe')).body.hits.map((h) => h.id)).toEqual([ids.overviewDe]);
  });

  it('ranks a title/tag match above a body-only match and filters by language', async () => {
    const res = await search('Rufumleitung');
    expect(res.body.hits.map((h) => h.id)).toEqual([ids.forwardDe, ids.bodyOnly]);
    expect(res.body.hits[0]!.score).toBeLessThan(res.body.hits[1]!.score);
    const en = await search('ProCall', '&lang=en');
    expect(en.body.hits.map((h) => h.language)).toEqual(['en']);
    const limited = await search('ProCall', '&limit=1');
    expect(limited.body.hits).toHaveLength(1);
  });

  it('requires all words first and falls back to any word', async () => {
    const all = await search('ProCall Rufumleitung');
    expect(all.body.mode).toBe('all');
    expect(all.body.hits.map((h) => h.id)).toEqual([ids.forwardDe]);
    const any = await search('Rufumleitung Quantencomputer');
    expect(any.body.mode).toBe('any');
    expect(any.body.hits.map((h) => h.id)).toContain(ids.forwardDe);
  });

  it('never fails on hostile or odd queries, and writes nothing', async () => {
    const before = server.snapshot();
    const hostile = ['"foo', 'AND OR', 'NOT', 'NEAR(a b)', '*', 'title:procall', '^procall', '(((', "'); DROP TABLE kb_articles; --",
      '"procall" OR "x"', '\u0000', '😀', 'a'.repeat(400), 'ProCall -update', 'col:* AND', ''];
    for (const q of hostile) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(res.body.hits)).toBe(true);
    }
    expect((await search('"procall')).body.hits.length).toBeGreaterThan(0);
    expect((await search('AND OR')).body.mode).not.toBe('none');
    expect((await search('((( *')).body.mode).toBe('none');
    // Out-of-bounds parameters are client errors with the stable code, not server errors.
    for (const path of ['/api/v1/kb/search', `/api/v1/kb/search?q=${'x'.repeat(501)}`, '/api/v1/kb/search?q=a&limit=0',
      '/api/v1/kb/search?q=a&limit=abc', '/api/v1/kb/search?q=a&lang=fr', '/api/v1/kb/search?q=a&extra=1']) {
      const res = await server.call<{ error: { code: string } }>('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(server.snapshot()).toEqual(before);
  });
});

describe('KB articles: read and write', () => {
  it('reads one article publicly; unknown ids are 404', async () => {
    const res = await server.call<Article>('GET', `/api/v1/kb/articles/${ids.forwardDe}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: ARTICLES.forwardDe.title, tags: ['procall', 'rufumleitung'], summary: ARTICLES.forwardDe.body });
    expect((await server.call('GET', '/api/v1/kb/articles/nope')).status).toBe(404);
  });

  it('lets only estos staff write; customers, partners and anonymous callers change nothing', async () => {
    const before = server.snapshot();
    const body = { language: 'en', title: 'Sneaky', body: 'text', tags: [] };
    for (const who of ['customerA', 'customerB', 'partner'] as const) {
      expect((await server.call('POST', '/api/v1/kb/articles', { token: tokens[who], body })).status, who).toBe(403);
      expect((await server.call('PUT', `/api/v1/kb/articles/${ids.forwardEn}`, { token: tokens[who], body })).status, who).toBe(403);
      expect((await server.call('DELETE', `/api/v1/kb/articles/${ids.forwardEn}`, { token: tokens[who] })).status, who).toBe(403);
    }
    expect((await server.call('POST', '/api/v1/kb/articles', { body })).status).toBe(401);
    expect((await server.call('DELETE', `/api/v1/kb/articles/${ids.forwardEn}`)).status).toBe(401);
    expect(server.snapshot()).toEqual(before);
    for (const who of ['agent', 'teamLead', 'admin'] as const) {
      const res = await server.call<Article>('POST', '/api/v1/kb/articles', { token: tokens[who], body: { ...body, title: `By ${who}` } });
      expect(res.status, who).toBe(201);
    }
  });

  it('rejects bad article bodies with VALIDATION_FAILED and writes nothing', async () => {
    const before = server.snapshot();
    const good = { language: 'de', title: 'T', body: 'B', tags: [] };
    for (const bad of [{ ...good, language: 'fr' }, { ...good, title: '' }, { ...good, extra: 1 }, { ...good, tags: ['two words'] },
      { ...good, body: 'a\u0002b' }, { title: 'x' }]) {
      const res = await server.call<{ error: { code: string } }>('POST', '/api/v1/kb/articles', { token: tokens.agent, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await server.call('PUT', '/api/v1/kb/articles/nope', { token: tokens.agent, body: good })).status).toBe(404);
    expect((await server.call('DELETE', '/api/v1/kb/articles/nope', { token: tokens.agent })).status).toBe(404);
    expect(server.snapshot()).toEqual(before);
  });

  it('re-indexes on update and logs upserts', async () => {
    const res = await server.call<Article>('PUT', `/api/v1/kb/articles/${ids.bodyOnly}`, {
      token: tokens.teamLead,
      body: { language: 'en', title: 'MetaDirectory replication', body: 'Replicating Exchange contacts.', tags: ['exchange'], product: 'MetaDirectory' },
    });
    expect(res.status).toBe(200);
    expect((await search('Rufumleitung')).body.hits.map((h) => h.id)).toEqual([ids.forwardDe]);
    expect((await search('Exchange')).body.hits.map((h) => h.id)).toEqual([ids.bodyOnly]);
    const log = (await dbAll(server.store, "SELECT op FROM sync_changes WHERE entity = 'kb_article' AND entity_id = ? ORDER BY sync_id", [ids.bodyOnly!]));
    expect(log).toEqual([{ op: 'upsert' }, { op: 'upsert' }]);
  });

  it('deletes with a sync tombstone and drops the article from the index', async () => {
    const res = await server.call('DELETE', `/api/v1/kb/articles/${ids.forwardEn}`, { token: tokens.agent });
    expect(res.status).toBe(204);
    const last = (await dbGet(server.store, "SELECT op FROM sync_changes WHERE entity = 'kb_article' AND entity_id = ? ORDER BY sync_id DESC LIMIT 1", [ids.forwardEn!]));
    expect(last).toEqual({ op: 'delete' });
    expect((await search('forwarding')).body.hits).toEqual([]);
    expect((await server.call('GET', `/api/v1/kb/articles/${ids.forwardEn}`)).status).toBe(404);
    if (server.store.dialect === 'sqlite') {
      // The FTS index holds no row without its article (external content kept in step by the triggers).
      const check = server.store.raw.prepare("INSERT INTO kb_articles_fts(kb_articles_fts, rank) VALUES ('integrity-check', 1)");
      expect(() => check.run()).not.toThrow();
    } else {
      // PostgreSQL: the tsvector is a generated column of the row, so the deleted article took its index entry along.
      expect(await dbGet(server.store, 'SELECT COUNT(*) AS n FROM kb_articles WHERE id = ?', [ids.forwardEn!])).toEqual({ n: 0 });
    }
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = await server.call<{ paths: Record<string, unknown> }>('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/kb/search', '/api/v1/kb/articles', '/api/v1/kb/articles/{id}']));
  });
});
