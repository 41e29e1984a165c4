import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// No Electron binary here: the code that creates windows and sessions runs against recording fakes.
const created: Record<string, unknown>[] = [];
const loaded: string[] = [];
const privileged: unknown[] = [];
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { id: 1 };
    constructor(opts: Record<string, unknown>) {
      created.push(opts);
    }
    maximize() {}
    once() {}
    on() {}
    loadURL(url: string) {
      loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  };
});

const security = await import('../../src-main/shell/security');
const { createMainWindow, visibleBounds } = await import('../../src-main/shell/main-window');

type Listener = (event: { preventDefault: () => void }, ...args: unknown[]) => void;
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on: (name: string, fn: Listener) => listeners.set(name, fn),
    setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (openHandler = fn),
    fire(name: string, ...args: unknown[]) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)!(event, ...args);
      return event.preventDefault;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('window and webPreferences', () => {
  beforeEach(() => {
    created.length = 0;
    loaded.length = 0;
  });

  it('creates the main window isolated, sandboxed, without Node, with web security and no webview', () => {
    createMainWindow('/app/out/preload', null, () => undefined);
    const prefs = created[0]!.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: join('/app/out/preload', 'index.js'),
    });
  });

  it('loads the renderer from app://support-desk, never file://', () => {
    createMainWindow('/p', null, () => undefined);
    expect(loaded).toEqual(['app://support-desk/index.html']);
  });

  it('restores a saved size and position when it is on a connected display, else only the size', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(visibleBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, displays)).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
    expect(visibleBounds({ x: 4000, y: 50, width: 1000, height: 700, maximized: false }, displays)).toEqual({ width: 1000, height: 700 });
    createMainWindow('/p', { x: 100, y: 50, width: 1000, height: 700, maximized: false }, () => undefined);
    expect(created[0]).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
  });
});

describe('app:// protocol and CSP', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers app:// as a standard, secure, privileged scheme', () => {
    security.registerAppScheme();
    expect(privileged).toContainEqual({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) });
  });

  it('has a strict CSP without unsafe-eval or inline scripts', () => {
    expect(security.APP_CSP).toContain("script-src 'self'");
    expect(security.APP_CSP).toContain("object-src 'none'");
    expect(security.APP_CSP).not.toMatch(/unsafe-eval|unsafe-inline/);
  });

  it('serves files with the CSP header and refuses traversal, other hosts and odd paths', async () => {
    let handler: ((r: { url: string }) => Promise<Response>) | null = null;
    security.serveRenderer({ protocol: { handle: (_s: string, fn: typeof handler) => (handler = fn) } } as never, dir);
    const ok = await handler!({ url: 'app://support-desk/assets/app.js' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(security.APP_CSP);
    expect(ok.headers.get('content-type')).toMatch(/javascript/);
    expect((await handler!({ url: 'app://support-desk/' })).status).toBe(200);
    for (const bad of ['app://support-desk/..%2f..%2fetc%2fpasswd', 'app://evil/index.html', 'app://support-desk/a%5c..%5c..%5cx', 'app://support-desk/%00']) {
      expect((await handler!({ url: bad })).status, bad).toBe(403);
    }
    // a real file next to the renderer folder is never reachable, however the dots are spelled
    const secret = join(dir, '..', `secret-${process.pid}.txt`);
    writeFileSync(secret, 'secret');
    try {
      const name = `secret-${process.pid}.txt`;
      for (const attempt of [`../${name}`, `%2e%2e/${name}`, `..%2f${name}`, `%2e%2e%2f${name}`, `assets/../../${name}`]) {
        expect((await handler!({ url: `app://support-desk/${attempt}` })).status, attempt).not.toBe(200);
      }
    } finally {
      rmSync(secret, { force: true });
    }
    expect((await handler!({ url: 'app://support-desk/missing.js' })).status).toBe(404);
  });
});

describe('session and webContents hardening', () => {
  it('denies every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: ((...a: unknown[]) => boolean) | null = null;
    security.hardenSession({ setPermissionRequestHandler: (fn: typeof request) => (request = fn), setPermissionCheckHandler: (fn: typeof check) => (check = fn) } as never);
    const cb = vi.fn();
    request!({}, 'media', cb);
    request!({}, 'notifications', cb);
    expect(cb.mock.calls).toEqual([[false], [false]]);
    expect(check!({}, 'geolocation', 'app://support-desk')).toBe(false);
  });

  it('prevents navigation, redirects and <webview>', () => {
    const c = fakeContents();
    security.hardenWebContents(c as never, () => undefined);
    expect(c.fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(c.fire('will-redirect', 'https://evil.example/')).toHaveBeenCalled();
    expect(c.fire('will-attach-webview', {}, {})).toHaveBeenCalled();
  });

  it('denies window.open; only public https links go to the OS browser', () => {
    const c = fakeContents();
    const opened: string[] = [];
    security.hardenWebContents(c as never, (u) => opened.push(u));
    for (const url of ['https://www.estos.de/kb/1', 'http://www.estos.de/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://127.0.0.1/', 'https://localhost/x', 'https://user:pw@estos.de/', 'app://support-desk/index.html']) {
      expect(c.open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://www.estos.de/kb/1']);
  });
});
