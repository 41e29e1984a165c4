import { extname } from 'node:path';

/** Content types of the files the renderer build produces; anything else is served as octet-stream. */
const RENDERER_MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * The one CSP for the renderer, in Electron (app://) and in web mode: no 'unsafe-eval' and no 'unsafe-inline'
 * scripts. Web mode adds its WebSocket origin to connect-src; Electron talks to the core over IPC only.
 */
export function contentSecurityPolicy(extraConnectSrc?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    extraConnectSrc ? `connect-src 'self' ${extraConnectSrc}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every served renderer file carries, in both modes. */
export function rendererFileHeaders(file: string, csp: string): Record<string, string> {
  return {
    'content-type': RENDERER_MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}
