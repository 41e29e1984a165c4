import { join } from 'node:path';
import { MemoryVault } from '../core/session-vault';
import { startCoreHost, type CoreHost } from '../host/core-host';
import { createFrontHandlers } from '../host/front-handlers';
import { JsonSettingsFile } from '../host/settings-file';
import { startWebServer, type WebServer } from './web-server';

export interface WebModeOptions {
  readonly dataDir: string;
  readonly appRoot: string;
  /** the built renderer (out/renderer) */
  readonly staticDir: string;
  readonly port: number;
  /** sign in right away (embedded demo); otherwise the page shows the sign-in screen */
  readonly autoSignIn?: { readonly serverUrl: string; readonly email: string; readonly password: string };
  readonly workerScript?: string;
  readonly log?: (msg: string, ctx?: Record<string, unknown>) => void;
}

export interface WebMode {
  readonly url: string;
  readonly host: CoreHost;
  readonly server: WebServer;
  /** true when the requested port was taken and another one was used */
  readonly portChanged: boolean;
  close(): Promise<void>;
}

const isAddrInUse = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EADDRINUSE';

/**
 * Web mode: the same core (worker thread) as the desktop app, behind the token-guarded loopback server.
 * The session lives in memory (there is no OS keychain to keep it safely), so a restart asks again.
 */
export async function startWebMode(o: WebModeOptions): Promise<WebMode> {
  const log = o.log ?? (() => undefined);
  let emit: (name: Parameters<CoreHost['emitFront']>[0], payload: unknown) => void = () => undefined;
  const host = await startCoreHost({
    dataDir: o.dataDir,
    appRoot: o.appRoot,
    vault: new MemoryVault(),
    front: createFrontHandlers({ settings: new JsonSettingsFile(join(o.dataDir, 'web-settings.json')), emit: (n, p) => emit(n, p) }),
    workerScript: o.workerScript,
    log,
  });
  emit = host.emitFront;
  try {
    if (o.autoSignIn) {
      const r = await host.dispatch('auth.signIn', o.autoSignIn);
      if (!r.ok) throw new Error(`signing in as ${o.autoSignIn.email} failed: ${r.error.code} ${r.error.message}`);
    }
    let server: WebServer;
    let portChanged = false;
    const common = { staticDir: o.staticDir, dispatch: host.dispatch, subscribe: host.subscribe, log };
    try {
      server = await startWebServer({ ...common, port: o.port });
    } catch (e) {
      if (!isAddrInUse(e) || o.port === 0) throw e;
      // Another program (or a second web mode) holds the port: take a free one rather than fail.
      server = await startWebServer({ ...common, port: 0 });
      portChanged = true;
    }
    return {
      url: server.url,
      host,
      server,
      portChanged,
      async close() {
        await server.close();
        await host.close();
      },
    };
  } catch (e) {
    await host.close();
    throw e;
  }
}
