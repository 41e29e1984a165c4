import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../../src-shared/errors';
import {
  MUTATION_ARGS,
  PROTOCOL_VERSION,
  PushRequestSchema,
  type Change,
  type MutationResult,
  type PullResponse,
} from '../../src-shared/sync/protocol';
import type { CommentRecord, TicketRecord } from '../../src-shared/sync/records';

type Distributive<T> = T extends unknown ? Omit<T, 'syncId'> : never;
export type ChangeInput = Distributive<Change>;
export type Fault = '500' | 'truncate' | 'hang' | 'garbage-shape';

/**
 * A tiny in-test implementation of the sync protocol (pull, push, events) on 127.0.0.1:0, so the engine can
 * be tested without the real ticket service. It keeps a change log with sync ids, per-client idempotency
 * (last mutation id + remembered results) and implements the ticket mutations the tests use.
 */
export class FakeSyncServer {
  readonly log: Change[] = [];
  readonly tickets = new Map<string, TicketRecord>();
  readonly comments = new Map<string, CommentRecord>();
  readonly lastMutationId = new Map<string, number>();
  readonly results = new Map<string, Map<number, MutationResult>>();
  /** every mutation the service applied, in order: clientId:id:name */
  readonly appliedLog: string[] = [];
  readonly faults: { path: string; fault: Fault }[] = [];
  requests: string[] = [];
  rebootstrapOnce = false;
  schemaVersion = 1;
  /** answer push results in reverse order and repeated, to exercise client-side matching */
  scrambleResults = false;
  /** answer "applied" without the sync id (older services): the client falls back to pull-after-push */
  omitSyncIds = false;
  token = 'test-token';
  private readonly sse = new Set<ServerResponse>();
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const r of [...this.sse, ...this.hanging]) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  get syncId(): number {
    return this.log.length === 0 ? 0 : this.log[this.log.length - 1]!.syncId;
  }

  add(change: ChangeInput): void {
    const full = { ...change, syncId: this.syncId + 1 } as Change;
    this.log.push(full);
    if (full.op === 'upsert' && full.entity === 'ticket') this.tickets.set(full.data.id, full.data);
    if (full.op === 'upsert' && full.entity === 'comment') this.comments.set(full.data.id, full.data);
    if (full.op === 'delete' && full.entity === 'ticket') this.tickets.delete(full.id);
  }

  poke(): void {
    for (const r of this.sse) r.write(`event: poke\ndata: ${JSON.stringify({ syncId: this.syncId })}\n\n`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(res, 401, { code: 'UNAUTHENTICATED' });
    const faultIndex = this.faults.findIndex((f) => url.pathname.endsWith(f.path));
    if (faultIndex >= 0) {
      const { fault } = this.faults.splice(faultIndex, 1)[0]!;
      if (fault === '500') return send(res, 500, { code: 'INTERNAL' });
      if (fault === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (fault === 'garbage-shape') return send(res, 200, { kind: 'changes', nonsense: true });
      // truncate: answer a correct page but cut the body in half (after computing it, so nothing changes)
      const body = JSON.stringify(await this.route(req, url));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body.slice(0, Math.floor(body.length / 2)));
      return;
    }
    if (url.pathname === '/api/v1/sync/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      this.sse.add(res);
      res.on('close', () => this.sse.delete(res));
      return;
    }
    try {
      send(res, 200, await this.route(req, url));
    } catch (e) {
      send(res, 400, { code: e instanceof DomainError ? e.code : 'VALIDATION_FAILED', message: String(e) });
    }
  }

  private async route(req: IncomingMessage, url: URL): Promise<unknown> {
    if (url.pathname === '/api/v1/sync/pull') return this.pull(Number(url.searchParams.get('cursor') ?? 0), Number(url.searchParams.get('limit') ?? 1000));
    if (url.pathname === '/api/v1/sync/push') return this.push(JSON.parse(await readBody(req)));
    throw new DomainError('NOT_FOUND', url.pathname);
  }

  private pull(cursor: number, limit: number): PullResponse {
    if (this.rebootstrapOnce && cursor > 0) {
      this.rebootstrapOnce = false;
      return { kind: 'rebootstrap', protocolVersion: PROTOCOL_VERSION, reason: 'schema_changed' };
    }
    const after = this.log.filter((c) => c.syncId > cursor);
    const page = after.slice(0, limit);
    return {
      kind: 'changes',
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: this.schemaVersion,
      changes: page,
      cursor: page.length > 0 ? page[page.length - 1]!.syncId : Math.max(cursor, this.syncId),
      hasMore: after.length > page.length,
      remaining: after.length - page.length,
    };
  }

  private push(raw: unknown): unknown {
    const req = PushRequestSchema.parse(raw);
    let last = this.lastMutationId.get(req.clientId) ?? 0;
    const memo = this.results.get(req.clientId) ?? new Map<number, MutationResult>();
    this.results.set(req.clientId, memo);
    const results: MutationResult[] = [];
    for (const m of req.mutations) {
      if (m.id <= last) {
        const old = memo.get(m.id);
        if (old) results.push(old);
        continue;
      }
      if (m.id !== last + 1) break; // a gap: the service waits for the missing one
      const applied = this.applyMutation(m.id, m.name, m.args);
      const result: MutationResult = applied.status === 'applied' && !this.omitSyncIds ? { ...applied, syncId: this.syncId } : applied;
      memo.set(m.id, result);
      results.push(result);
      last = m.id;
      this.lastMutationId.set(req.clientId, last);
      if (result.status === 'applied') this.appliedLog.push(`${req.clientId}:${m.id}:${m.name}`);
    }
    const out = this.scrambleResults ? [...results].reverse().concat(results, [{ id: 999_999, status: 'applied' as const }]) : results;
    return { results: out, lastMutationId: last };
  }

  private applyMutation(id: number, name: string, rawArgs: unknown): MutationResult {
    const reject = (code: 'CONFLICT' | 'NOT_FOUND' | 'VALIDATION_FAILED', message: string): MutationResult => ({ id, status: 'rejected', code, message });
    const now = new Date(Date.UTC(2026, 2, 3, 10, 0, this.log.length)).toISOString();
    if (name === 'transition') {
      const a = MUTATION_ARGS.transition.parse(rawArgs);
      const t = this.tickets.get(a.ticketId);
      if (!t) return reject('NOT_FOUND', 'no such ticket');
      if (t.status !== a.expectedStatus) return reject('CONFLICT', `ticket is ${t.status}, you expected ${a.expectedStatus}`);
      this.add({ entity: 'ticket', op: 'upsert', data: { ...t, status: a.to, updatedAt: now, statusHistory: [...t.statusHistory, { at: now, actor: { kind: 'system' }, from: t.status, to: a.to }] } });
      return { id, status: 'applied' };
    }
    if (name === 'assign') {
      const a = MUTATION_ARGS.assign.parse(rawArgs);
      const t = this.tickets.get(a.ticketId);
      if (!t) return reject('NOT_FOUND', 'no such ticket');
      this.add({ entity: 'ticket', op: 'upsert', data: { ...t, assigneeId: a.assigneeId, updatedAt: now } });
      return { id, status: 'applied' };
    }
    if (name === 'reply' || name === 'internal_note') {
      const a = MUTATION_ARGS.reply.parse(rawArgs);
      if (!this.tickets.has(a.ticketId)) return reject('NOT_FOUND', 'no such ticket');
      this.add({ entity: 'comment', op: 'upsert', data: { id: a.commentId, ticketId: a.ticketId, authorId: 'u-agent', kind: name === 'reply' ? 'public' : 'internal', body: a.body, createdAt: now } });
      return { id, status: 'applied' };
    }
    return reject('VALIDATION_FAILED', `the fake server does not implement ${name}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
