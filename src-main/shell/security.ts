import { readFile } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { protocol, type Session, type WebContents, type WebPreferences } from 'electron';
import { isSafeExternalUrl } from '../host/front-handlers';
import { contentSecurityPolicy, rendererFileHeaders } from '../web/renderer-headers';
import { APP_HOST, APP_SCHEME } from './ipc-wiring';

/**
 * Electron's security checklist, applied in one place so unit tests can assert every setting:
 * isolated, sandboxed renderer without Node; our own app:// origin instead of file://; a strict CSP sent
 * as a header by the protocol handler; no navigation, no new windows, no <webview>, no permissions.
 */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** No 'unsafe-eval' and no 'unsafe-inline' scripts; the renderer talks to the core over IPC only. */
export const APP_CSP = contentSecurityPolicy();

/** Must run before app `ready`: app:// behaves like https (standard, secure origin, fetch allowed). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false } },
  ]);
}

/**
 * Maps an app://support-desk/… URL to a file inside the renderer folder, or null: other hosts, encoded
 * "..", backslashes and anything that normalises outside the folder are refused (directory traversal).
 */
export function resolveAppFile(rendererDir: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const root = resolve(rendererDir);
  const rel = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file;
}

/** Serves the built renderer on app://support-desk with the CSP as a response header. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (file === null) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: rendererFileHeaders(file, APP_CSP),
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/** The app needs no camera, microphone, notifications-from-web, geolocation …: deny every request and check. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/**
 * Every webContents: navigation and redirects are denied (the UI is one page); window.open is denied,
 * an https link to a public host is handed to the OS browser instead; <webview> never attaches.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
