import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientFrameSchema, MAX_FRAME_BYTES, type ServerFrame } from '../../src-shared/ipc/wire';
import { EVENTS, type EventName } from '../../src-shared/ipc/contract';
import type { Dispatch } from '../contract/dispatcher';
import { contentSecurityPolicy, rendererFileHeaders } from './renderer-headers';

/**
 * Web mode: serves the built renderer and carries the typed contract over a WebSocket, for thin clients
 * and for end-to-end tests in Chromium (no Electron binary needed).
 *
 * Security: binds 127.0.0.1 only; a random per-launch token is required on every request and socket (query
 * `?token=` on the first load, then an HttpOnly SameSite=Strict cookie); WebSocket upgrades also need the
 * page's own Origin, so another site in the same browser cannot drive the API; the same CSP as Electron.
 */
export interface WebServerOptions {
  readonly staticDir: string;
  readonly dispatch: Dispatch;
  /** subscribe to core events; returns an unsubscribe function */
  readonly subscribe: (listener: (name: EventName, payload: unknown) => void) => () => void;
  readonly port?: number;
  readonly token?: string;
  readonly log?: (msg: string, ctx?: Record<string, unknown>) => void;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const COOKIE = 'sd_token';

function tokenMatches(expected: Buffer, candidate: string | undefined | null): boolean {
  if (!candidate) return false;
  const got = Buffer.from(candidate);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const root = resolve(options.staticDir);
  const log = options.log ?? (() => undefined);
  let port = 0;

  const authorised = (req: IncomingMessage, url: URL) =>
    tokenMatches(expected, url.searchParams.get('token')) || tokenMatches(expected, cookieToken(req));

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let rel: string;
    try {
      rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      return send(res, 400, 'malformed path');
    }
    // Like the app:// handler: a NUL or a backslash has no business in a renderer asset path.
    if (rel.includes('\0') || rel.includes('\\')) return send(res, 400, 'malformed path');
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(res, 404, 'not found');
    const headers: Record<string, string> = {
      ...rendererFileHeaders(file, contentSecurityPolicy(`ws://127.0.0.1:${port}`)),
      'cache-control': 'no-store',
    };
    if (url.searchParams.has('token')) headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(await readFile(file));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    if (!authorised(req, url)) return send(res, 401, 'web mode needs the token from the URL printed at start');
    serveStatic(req, res, url).catch((error: unknown) => {
      log('static file failed', { path: url.pathname, error: String(error) });
      send(res, 500, 'internal error');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const originOk = req.headers.origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== '/ws' || !originOk || !authorised(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const unsubscribe = options.subscribe((name, payload) => {
    if (!Object.hasOwn(EVENTS, name)) return;
    const frame = JSON.stringify({ t: 'event', name, payload } satisfies ServerFrame);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return ws.close(1007, 'malformed JSON');
      }
      const frame = ClientFrameSchema.safeParse(json);
      if (!frame.success) return ws.close(1008, 'not a call frame');
      const { id, name, request } = frame.data;
      void options.dispatch(name, request).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id, result } satisfies ServerFrame));
      });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
