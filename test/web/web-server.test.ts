import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { createDispatcher, type ContractHandlers } from '../../src-main/contract/dispatcher';
import { DomainError } from '../../src-shared/errors';
import type { EventName } from '../../src-shared/ipc/contract';

const defaultSettings = { language: 'de' as const, theme: 'system' as const, notifications: { slaAtRisk: true, slaBreached: true, assignedToMe: true }, savedViews: [] };

function handlers(calls: string[]): ContractHandlers {
  const notImplemented = async () => {
    throw new DomainError('NOT_FOUND', 'not in this test');
  };
  const base = Object.fromEntries(
    ['auth.getSession', 'auth.signIn', 'auth.signOut', 'queue.window', 'queue.counts', 'ticket.detail', 'ticket.findByKey', 'ticket.mutate', 'users.assignable', 'kb.search', 'escalations.board', 'team.workload', 'sync.state', 'sync.now', 'rejections.list', 'rejections.retry', 'rejections.discard', 'settings.get', 'settings.set', 'shell.openExternal'].map((n) => [n, notImplemented]),
  ) as unknown as ContractHandlers;
  return {
    ...base,
    'settings.get': async () => {
      calls.push('settings.get');
      return defaultSettings;
    },
    'ticket.findByKey': async ({ key }) => {
      calls.push(`findByKey:${key}`);
      throw new DomainError('NOT_FOUND', `no ticket ${key}`);
    },
    'sync.now': async () => {
      throw new Error('secret internal detail /home/user/db');
    },
  };
}

let server: WebServer;
let calls: string[];
let emit: (name: EventName, payload: unknown) => void;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'sd-web-outside.txt'), 'outside');
  calls = [];
  server = await startWebServer({
    staticDir: dir,
    dispatch: createDispatcher(handlers(calls), { validateResponses: true }),
    subscribe: (l) => {
      emit = l;
      return () => undefined;
    },
  });
});
afterEach(async () => server.close());

function openSocket(opts: { token?: string; origin?: string } = {}): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${server.port}/ws${opts.token === undefined ? `?token=${server.token}` : opts.token ? `?token=${opts.token}` : ''}`;
  const ws = new WebSocket(url, { origin: opts.origin ?? `http://127.0.0.1:${server.port}` });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function rpc(ws: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(String(d))));
    ws.send(JSON.stringify(frame));
  });
}

describe('web mode server', () => {
  it('binds to 127.0.0.1 only and prints a URL with the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses every request without the token and serves with it, with a strict CSP', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/?token=wrong${server.token}`)).status).toBe(401);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    const csp = ok.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    // The same policy as Electron's app://, except that the page may open its own WebSocket.
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port};`);
    expect(csp).toContain("frame-ancestors 'none'");
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/..%2fsd-web-outside.txt?token=${server.token}`);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('outside');
  });

  it('answers malformed paths with 400, never 500', async () => {
    for (const path of ['/%E0%A4%A', '/assets%00/app.js', '/..%5c..%5cetc%5cpasswd']) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}?token=${server.token}`);
      expect(res.status, path).toBe(400);
    }
  });

  it('refuses sockets without the token or from another origin', async () => {
    await expect(openSocket({ token: '' })).rejects.toThrow(/401/);
    await expect(openSocket({ token: 'nope' })).rejects.toThrow(/401/);
    await expect(openSocket({ origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('carries calls and events of the contract', async () => {
    const ws = await openSocket();
    expect(await rpc(ws, { t: 'call', id: 1, name: 'settings.get', request: {} })).toEqual({ t: 'result', id: 1, result: { ok: true, value: defaultSettings } });
    const eventArrives = new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    emit('ticket.open', { key: 'PS-10001' });
    expect(await eventArrives).toEqual({ t: 'event', name: 'ticket.open', payload: { key: 'PS-10001' } });
    ws.close();
  });

  it('answers bad payloads with a typed error and does not call the handler', async () => {
    const ws = await openSocket();
    const res = (await rpc(ws, { t: 'call', id: 2, name: 'ticket.findByKey', request: { key: 42 } })) as { result: { ok: boolean; error: { code: string } } };
    expect(res.result.ok).toBe(false);
    expect(res.result.error.code).toBe('VALIDATION_FAILED');
    const unknown = (await rpc(ws, { t: 'call', id: 3, name: 'fs.readFile', request: {} })) as { result: { error: { code: string } } };
    expect(unknown.result.error.code).toBe('NOT_FOUND');
    expect(calls).toEqual([]);
    const domain = (await rpc(ws, { t: 'call', id: 4, name: 'ticket.findByKey', request: { key: 'PS-1' } })) as { result: { error: { code: string; message: string } } };
    expect(domain.result.error).toEqual({ code: 'NOT_FOUND', message: 'no ticket PS-1' });
    const internal = (await rpc(ws, { t: 'call', id: 5, name: 'sync.now', request: {} })) as { result: { error: { code: string; message: string } } };
    expect(internal.result.error.code).toBe('INTERNAL');
    expect(internal.result.error.message).not.toContain('secret');
    ws.close();
  });

  it('closes a socket that sends something other than a call frame', async () => {
    const ws = await openSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
  });
});
