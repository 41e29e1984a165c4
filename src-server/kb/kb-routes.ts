import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoInstant } from '../../src-shared/domain/ticket';
import { DomainError } from '../../src-shared/errors';
import type { RouteModule } from '../app';
import { IdParams, queryInt } from '../http/validation';
import { appendAudit } from '../storage/repositories/accounts';
import {
  deleteKbArticle, getKbArticle, insertKbArticle, searchKb, toKbArticle, updateKbArticle, type KbArticleInput,
} from './kb-repository';

const STAFF = ['agent', 'team_lead', 'admin'] as const;
const Language = z.enum(['de', 'en']);

// Stored text must not contain control characters other than tab/newline: search snippets use two of them
// as highlight markers, and they have no business in an article anyway.
const noControlChars = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
};
const text = (max: number) => z.string().trim().min(1).max(max).refine(noControlChars, 'must not contain control characters');

export const KbArticleInputSchema = z.strictObject({
  language: Language,
  title: text(300),
  summary: text(500).optional(),
  body: text(200_000),
  tags: z.array(z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N}][\p{L}\p{N}._+-]*$/u, 'tags are single words')).max(30).default([]),
  product: text(120).nullable().default(null),
});

export const KbArticleSchema = z.strictObject({
  id: z.string(),
  language: Language,
  title: z.string(),
  summary: z.string(),
  body: z.string().describe('Markdown'),
  tags: z.array(z.string()),
  product: z.string().nullable(),
  authorId: z.string().nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

const SearchQuery = z.strictObject({
  q: z.string().max(500),
  lang: Language.optional(),
  limit: queryInt(1, 50, 10),
});

const SearchResponse = z.strictObject({
  query: z.string(),
  /** all = every word matched; any = fallback, at least one word matched; none = no searchable word in q. */
  mode: z.enum(['all', 'any', 'none']),
  hits: z.array(
    z.strictObject({
      id: z.string(),
      language: Language,
      title: z.string(),
      summary: z.string(),
      product: z.string().nullable(),
      tags: z.array(z.string()),
      updatedAt: isoInstant,
      score: z.number(),
      snippet: z.array(z.strictObject({ text: z.string(), match: z.boolean() })),
    }),
  ),
});

const KB_TAGS = ['knowledge base'] as const;

/** Knowledge-base routes: search and read are public (customers search before filing), writes are staff-only. */
export const kbRoutes: RouteModule = (routes, ctx) => {
  routes.add({
    method: 'GET',
    url: '/api/v1/kb/search',
    summary: 'Full-text search of knowledge-base articles (German and English), best match first',
    tags: KB_TAGS,
    auth: 'public',
    query: SearchQuery,
    response: SearchResponse,
    handler: async ({ query }) => {
      const result = await ctx.store.read((tx) => searchKb(tx, { text: query.q, language: query.lang ?? null, limit: query.limit }));
      return { query: query.q, ...result };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/kb/articles/:id',
    summary: 'One knowledge-base article with its markdown body',
    tags: KB_TAGS,
    auth: 'public',
    params: IdParams,
    response: KbArticleSchema,
    handler: async ({ params }) => {
      const row = await ctx.store.read((tx) => getKbArticle(tx, params.id));
      if (!row) throw new DomainError('NOT_FOUND', `no knowledge-base article ${params.id}`);
      return toKbArticle(row);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/kb/articles',
    summary: 'Create a knowledge-base article (estos staff)',
    tags: KB_TAGS,
    auth: STAFF,
    body: KbArticleInputSchema,
    response: KbArticleSchema,
    status: 201,
    handler: async ({ body, user }) => {
      const id = randomUUID();
      const row = await ctx.store.transaction(async (tx) => {
        const created = await insertKbArticle(tx, id, body as KbArticleInput, user.id);
        await appendAudit(tx, { actorId: user.id, action: 'kb_article.create', targetType: 'kb_article', targetId: id });
        return created;
      });
      return toKbArticle(row);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/kb/articles/:id',
    summary: 'Replace a knowledge-base article (estos staff)',
    tags: KB_TAGS,
    auth: STAFF,
    params: IdParams,
    body: KbArticleInputSchema,
    response: KbArticleSchema,
    handler: async ({ params, body, user }) => {
      const row = await ctx.store.transaction(async (tx) => {
        const updated = await updateKbArticle(tx, params.id, body as KbArticleInput);
        if (!updated) throw new DomainError('NOT_FOUND', `no knowledge-base article ${params.id}`);
        await appendAudit(tx, { actorId: user.id, action: 'kb_article.update', targetType: 'kb_article', targetId: params.id });
        return updated;
      });
      return toKbArticle(row);
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/kb/articles/:id',
    summary: 'Delete a knowledge-base article (estos staff); agent caches receive a tombstone',
    tags: KB_TAGS,
    auth: STAFF,
    params: IdParams,
    handler: async ({ params, user }) => {
      await ctx.store.transaction(async (tx) => {
        if (!(await deleteKbArticle(tx, params.id))) throw new DomainError('NOT_FOUND', `no knowledge-base article ${params.id}`);
        await appendAudit(tx, { actorId: user.id, action: 'kb_article.delete', targetType: 'kb_article', targetId: params.id });
      });
      return undefined;
    },
  });
};
