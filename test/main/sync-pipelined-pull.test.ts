import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangesPage, SyncCache } from '../../src-main/cache/sync-cache';
import { SyncEngine } from '../../src-main/sync/engine';
import type { FetchLike } from '../../src-main/sync/http-client';
import { DomainError } from '../../src-shared/errors';
import { PROTOCOL_VERSION, type Change } from '../../src-shared/sync/protocol';
import type { CommentRecord, OrganizationRecord, TicketRecord } from '../../src-shared/sync/records';
import type { ChangeInput } from './fake-sync-server';
import { comment, org, ticket } from './fixtures';
import { FIXED_NOW, openCache, tempDir } from './sync-helpers';

/**
 * The engine's pull is pipelined (src-main/sync/engine.ts `pullToEnd`): the request for page n+1 leaves
 * before page n is applied. These tests answer pulls from a test-local `fetch`, so each request can be
 * recorded together with the cache's state at the moment it was sent, and each answer can be a page, an
 * HTTP error, or held until the engine aborts it.
 */

interface SeenRequest {
  readonly cursor: number;
  readonly horizon: string | null;
  readonly schemaVersion: string | null;
  /** the cache's committed cursor when the request was sent */
  readonly cacheCursor: number;
  readonly signal: AbortSignal;
}

/** What the stub answers a pull from `cursor` with: a page, an HTTP status, or nothing until aborted. */
type Answer = { readonly page: ChangesPage } | { readonly status: number } | 'hold';

class PagedService {
  readonly seen: SeenRequest[] = [];
  /** request and apply events in the order they happened */
  readonly events: string[] = [];

  constructor(
    private readonly cache: () => SyncCache,
    private readonly answer: (cursor: number) => Answer,
  ) {}

  readonly fetch: FetchLike = (input, init) => {
    const url = new URL(input);
    if (url.pathname !== '/api/v1/sync/pull') return Promise.resolve(json(404, { code: 'NOT_FOUND' }));
    const signal = init.signal;
    if (!signal) throw new Error('the engine sends every pull with a signal');
    const cursor = Number(url.searchParams.get('cursor'));
    this.seen.push({
      cursor,
      horizon: url.searchParams.get('horizon'),
      schemaVersion: url.searchParams.get('schemaVersion'),
      cacheCursor: this.cache().state().cursor,
      signal,
    });
    this.events.push(`request ${cursor}`);
    const answer = this.answer(cursor);
    if (answer === 'hold') {
      // like fetch(): settles only when the request is aborted
      return new Promise<Response>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if ('status' in answer) return Promise.resolve(json(answer.status, { code: 'INTERNAL' }));
    return Promise.resolve(json(200, answer.page));
  };

  /** Records the start and end of every applyPullPage (by the cursor of the page), keeping its behaviour. */
  traceApply(cache: SyncCache): void {
    const original = cache.applyPullPage.bind(cache);
    vi.spyOn(cache, 'applyPullPage').mockImplementation((page, confirmThrough) => {
      this.events.push(`apply ${page.cursor}`);
      const result = original(page, confirmThrough);
      this.events.push(`applied ${page.cursor}`);
      return result;
    });
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Numbers changes consecutively from `firstSyncId`. */
function numbered(firstSyncId: number, inputs: readonly ChangeInput[]): Change[] {
  return inputs.map((c, i) => ({ ...c, syncId: firstSyncId + i }) as Change);
}

function page(changes: Change[], opts: { cursor: number; hasMore: boolean; remaining: number; schemaVersion: number; horizon?: number }): ChangesPage {
  const p: ChangesPage = {
    kind: 'changes', protocolVersion: PROTOCOL_VERSION, schemaVersion: opts.schemaVersion, changes,
    cursor: opts.cursor, hasMore: opts.hasMore, remaining: opts.remaining,
  };
  return opts.horizon === undefined ? p : { ...p, horizon: opts.horizon };
}

/** The state pages leave when applied in order: upserts replace, tombstones remove. */
function fold(pages: readonly ChangesPage[]): { tickets: TicketRecord[]; comments: CommentRecord[]; organizations: OrganizationRecord[] } {
  const tickets = new Map<string, TicketRecord>();
  const comments = new Map<string, CommentRecord>();
  const organizations = new Map<string, OrganizationRecord>();
  for (const c of pages.flatMap((p) => p.changes)) {
    if (c.op === 'delete') {
      if (c.entity === 'ticket') {
        tickets.delete(c.id);
        for (const [id, cm] of comments) if (cm.ticketId === c.id) comments.delete(id);
      }
      if (c.entity === 'comment') comments.delete(c.id);
      if (c.entity === 'organization') organizations.delete(c.id);
      continue;
    }
    if (c.entity === 'ticket') tickets.set(c.data.id, c.data);
    if (c.entity === 'comment') comments.set(c.data.id, c.data);
    if (c.entity === 'organization') organizations.set(c.data.id, c.data);
  }
  const byId = <T extends { id: string }>(m: Map<string, T>) => [...m.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { tickets: byId(tickets), comments: byId(comments), organizations: byId(organizations) };
}

function cacheRows(cache: SyncCache): ReturnType<typeof fold> {
  const rows = <T>(table: string): T[] => (cache.db.prepare(`SELECT data FROM ${table} ORDER BY id`).pluck().all() as string[]).map((s) => JSON.parse(s) as T);
  return { tickets: rows<TicketRecord>('tickets'), comments: rows<CommentRecord>('comments'), organizations: rows<OrganizationRecord>('organizations') };
}

let tmp: ReturnType<typeof tempDir>;
let cache: SyncCache;
let unhandled: unknown[];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(join(tmp.dir, 'cache.sqlite'));
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
  if (cache.db.open) cache.close();
  tmp.cleanup();
});

function engineWith(service: PagedService): SyncEngine {
  return new SyncEngine({
    cache,
    baseUrl: 'http://sync.test',
    token: () => 'test-token',
    fetch: service.fetch,
    clock: { now: FIXED_NOW },
    random: () => 0.5,
    requestTimeoutMs: 10_000,
    backoffBaseMs: 1,
    backoffMaxMs: 10,
  });
}

/** Lets aborted requests settle and Node report any rejection nobody handled (it does so after a macrotask). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 10));
}

function pagesByCursor(pages: readonly ChangesPage[]): Map<number, ChangesPage> {
  const out = new Map<number, ChangesPage>();
  let from = 0;
  for (const p of pages) {
    out.set(from, p);
    from = p.cursor;
  }
  return out;
}

describe('pipelined pull', () => {
  // four pages; the horizon is missing on page 2 (the engine must echo the previous one), the schema version
  // differs per page (so an echo taken from the cache instead of the page would be visible), and page 4
  // changes a ticket from page 1 and removes one from page 2 (so applying out of order would show)
  const pages = [
    page(numbered(1, [
      { entity: 'organization', op: 'upsert', data: org(0) },
      { entity: 'organization', op: 'upsert', data: org(1) },
      { entity: 'ticket', op: 'upsert', data: ticket(1) },
      { entity: 'ticket', op: 'upsert', data: ticket(2) },
    ]), { cursor: 4, hasMore: true, remaining: 10, schemaVersion: 3, horizon: 2 }),
    page(numbered(5, [
      { entity: 'ticket', op: 'upsert', data: ticket(3) },
      { entity: 'ticket', op: 'upsert', data: ticket(4) },
      { entity: 'comment', op: 'upsert', data: comment('c1', 't1') },
      { entity: 'comment', op: 'upsert', data: comment('c4', 't4') },
    ]), { cursor: 8, hasMore: true, remaining: 6, schemaVersion: 4 }),
    page(numbered(9, [
      { entity: 'ticket', op: 'upsert', data: ticket(5) },
      { entity: 'ticket', op: 'upsert', data: ticket(6) },
      { entity: 'organization', op: 'upsert', data: org(2) },
      { entity: 'ticket', op: 'upsert', data: ticket(7) },
    ]), { cursor: 12, hasMore: true, remaining: 2, schemaVersion: 5, horizon: 6 }),
    page(numbered(13, [
      { entity: 'ticket', op: 'upsert', data: ticket(1, { title: 'changed on the last page' }) },
      { entity: 'ticket', op: 'delete', id: 't4' },
    ]), { cursor: 14, hasMore: false, remaining: 0, schemaVersion: 5, horizon: 6 }),
  ];

  it('requests page n+1 before applying page n, echoes what page n said, and applies the pages in order', async () => {
    const byCursor = pagesByCursor(pages);
    const service = new PagedService(() => cache, (cursor) => {
      const p = byCursor.get(cursor);
      return p ? { page: p } : { status: 404 };
    });
    service.traceApply(cache);
    await engineWith(service).syncOnce();

    // the request for the next page always leaves before this page's transaction starts
    expect(service.events).toEqual([
      'request 0',
      'request 4', 'apply 4', 'applied 4',
      'request 8', 'apply 8', 'applied 8',
      'request 12', 'apply 12', 'applied 12',
      'apply 14', 'applied 14',
    ]);
    expect(service.seen.map(({ signal: _signal, ...r }) => r)).toEqual([
      // a fresh cache: no horizon and no schema version to echo yet
      { cursor: 0, horizon: null, schemaVersion: null, cacheCursor: 0 },
      // sent while the cache still had nothing committed
      { cursor: 4, horizon: '2', schemaVersion: '3', cacheCursor: 0 },
      // page 2 sent no horizon: the one page 1 left in the cache is echoed
      { cursor: 8, horizon: '2', schemaVersion: '4', cacheCursor: 4 },
      { cursor: 12, horizon: '6', schemaVersion: '5', cacheCursor: 8 },
    ]);
    // a pull that ends normally leaves nothing in flight, so nothing is aborted
    expect(service.seen.map((r) => r.signal.aborted)).toEqual([false, false, false, false]);

    expect(cacheRows(cache)).toEqual(fold(pages));
    expect(cache.get('ticket', 't1')?.title).toBe('changed on the last page');
    expect(cache.state()).toMatchObject({ cursor: 14, horizon: 6, serverSchemaVersion: 5, bootstrapComplete: true, bootstrapDone: 14, bootstrapTotal: 14 });
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('a page that fails to apply aborts the request in flight, rejects the cycle with its error and keeps the last commit', async () => {
    // page 2 says cursor 3, behind the 4 page 1 committed: the cache refuses it (CONFLICT) after the engine
    // has already asked for the page after it, which the service holds until it is aborted
    const first = pages[0]!;
    const behind = page(numbered(3, [{ entity: 'ticket', op: 'upsert', data: ticket(9) }]), { cursor: 3, hasMore: true, remaining: 5, schemaVersion: 3, horizon: 2 });
    const service = new PagedService(() => cache, (cursor) => (cursor === 0 ? { page: first } : cursor === 4 ? { page: behind } : 'hold'));
    const engine = engineWith(service);

    const error: unknown = await engine.syncOnce().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(String(error)).toMatch(/pull page cursor 3 is behind the cache cursor 4/);
    expect(engine.getStatus()).toMatchObject({ connection: 'offline', lastError: { code: 'CONFLICT' } });

    expect(service.seen.map((r) => r.cursor)).toEqual([0, 4, 3]);
    const inFlight = service.seen[2]!;
    expect(inFlight.signal.aborted).toBe(true);
    // aborted by the engine, not by the request timeout
    expect((inFlight.signal.reason as Error).name).toBe('AbortError');

    expect(cache.state()).toMatchObject({ cursor: 4, horizon: 2, serverSchemaVersion: 3, bootstrapComplete: false, bootstrapDone: 4 });
    expect(cacheRows(cache)).toEqual(fold([first]));
    expect(cache.get('ticket', 't9')).toBeUndefined();

    // the aborted request's rejection is swallowed, never reported as unhandled
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('a prefetched request that fails (HTTP 500 on page 2) leaves page 1 committed; the next cycle resumes from its cursor', async () => {
    const [p1, p2, p3] = [
      pages[0]!,
      page(numbered(5, [{ entity: 'ticket', op: 'upsert', data: ticket(3) }, { entity: 'ticket', op: 'upsert', data: ticket(1, { title: 'page 2' }) }]), {
        cursor: 6, hasMore: true, remaining: 1, schemaVersion: 3, horizon: 2,
      }),
      page(numbered(7, [{ entity: 'comment', op: 'upsert', data: comment('c3', 't3') }]), { cursor: 7, hasMore: false, remaining: 0, schemaVersion: 3, horizon: 2 }),
    ];
    let failSecondPage = true;
    const service = new PagedService(() => cache, (cursor) => {
      if (cursor === 0) return { page: p1 };
      if (cursor === 4 && failSecondPage) {
        failSecondPage = false;
        return { status: 500 };
      }
      if (cursor === 4) return { page: p2 };
      if (cursor === 6) return { page: p3 };
      return { status: 404 };
    });
    service.traceApply(cache);
    const engine = engineWith(service);

    await expect(engine.syncOnce()).rejects.toThrow(/HTTP 500/);
    // page 1 was applied while its successor was in flight; nothing was requested after the failure
    expect(service.events).toEqual(['request 0', 'request 4', 'apply 4', 'applied 4']);
    expect(cache.state()).toMatchObject({ cursor: 4, horizon: 2, serverSchemaVersion: 3, bootstrapComplete: false, bootstrapDone: 4 });
    expect(cacheRows(cache)).toEqual(fold([p1]));
    expect(engine.getStatus()).toMatchObject({ connection: 'offline', lastError: { code: 'INTERNAL' } });

    service.seen.length = 0;
    service.events.length = 0;
    await engine.syncOnce();
    // resumes from what page 1 committed, echoing its horizon and schema version; page 1 is not fetched again
    expect(service.seen.map(({ signal: _signal, ...r }) => r)).toEqual([
      { cursor: 4, horizon: '2', schemaVersion: '3', cacheCursor: 4 },
      { cursor: 6, horizon: '2', schemaVersion: '3', cacheCursor: 4 },
    ]);
    expect(service.events).toEqual(['request 4', 'request 6', 'apply 6', 'applied 6', 'apply 7', 'applied 7']);
    expect(cacheRows(cache)).toEqual(fold([p1, p2, p3]));
    expect(cache.state()).toMatchObject({ cursor: 7, bootstrapComplete: true });
    expect(engine.getStatus()).toMatchObject({ connection: 'online', lastError: null });
    await settle();
    expect(unhandled).toEqual([]);
  });
});
