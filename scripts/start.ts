// npm start                      → embedded demo: local ticket service with demo data, signed in as a demo agent
// npm start -- --server <url>    → a real ticket service; the app asks for credentials
// Opens the Electron app when its binary is installed, otherwise web mode (URL printed).
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEMO_ACCOUNTS } from '../src-server/seed/world';
import { startEmbeddedService, stopChild, type EmbeddedService } from '../src-main/web/embedded-service';
import { acquireInstanceLock } from '../src-main/web/instance-lock';
import { electronBinary, ensureBuilt } from '../src-main/web/renderer-build';
import { userDataDir } from '../src-main/web/user-data-dir';
import { startWebMode, type WebMode } from '../src-main/web/web-mode';
import { parseScriptArgs } from './script-args';

const ArgsSchema = z.strictObject({
  server: z.url({ protocol: /^https?$/ }).optional(),
  port: z.coerce.number().int().min(0).max(65_535).default(5180),
  web: z.boolean().default(false),
  rebuild: z.boolean().default(false),
});

const DEMO_AGENT = DEMO_ACCOUNTS.find((a) => a.key === 'agent')!;

async function main(): Promise<void> {
  const args = parseScriptArgs(
    { server: { type: 'string' }, port: { type: 'string' }, web: { type: 'boolean' }, rebuild: { type: 'boolean' } },
    ArgsSchema,
    'npm start [-- --server https://tickets.example.com] [--port 5180] [--web] [--rebuild]',
  );

  const appRoot = resolve(__dirname, '..');
  const dataDir = userDataDir();
  const lock = acquireInstanceLock(join(dataDir, 'start.lock'));
  if (!lock.ok) {
    console.log(`Support Desk is already running (pid ${lock.holder.pid})${lock.holder.url ? ` at ${lock.holder.url}` : ''}.`);
    console.log('Stop it with Ctrl+C in its terminal before starting another one.');
    return;
  }

  let service: EmbeddedService | null = null;
  let web: WebMode | null = null;
  let electron: ChildProcess | null = null;
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    console.log('\nstopping Support Desk…');
    if (electron) await stopChild(electron);
    if (web) await web.close().catch((e: unknown) => console.error('web mode did not close cleanly', e));
    if (service) await service.stop();
    lock.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    let serverUrl = args.server ?? null;
    if (serverUrl === null) {
      const tickets = Number(process.env.SUPPORT_DESK_DEMO_TICKETS ?? 2000);
      console.log(`starting the local ticket service (data in ${join(dataDir, 'service')})…`);
      service = await startEmbeddedService({ appRoot, dir: join(dataDir, 'service'), tickets, randomSeed: 42, log: (l) => console.error(l) });
      serverUrl = service.url;
      console.log(service.seededNow ? `seeded ${tickets} demo tickets; ticket service at ${serverUrl}` : `reusing the demo data; ticket service at ${serverUrl}`);
    }
    const demo = args.server ? null : { serverUrl, email: DEMO_AGENT.email, password: DEMO_AGENT.password };
    const staticDir = ensureBuilt(appRoot, args.rebuild);
    const binary = args.web ? null : electronBinary(appRoot);

    if (binary) {
      console.log(demo ? `opening Support Desk, signed in as the demo agent ${demo.email}` : `opening Support Desk for ${serverUrl}`);
      const env: NodeJS.ProcessEnv = { ...process.env, SUPPORT_DESK_SERVER_URL: serverUrl, SUPPORT_DESK_DATA_DIR: join(dataDir, 'electron') };
      if (demo) Object.assign(env, { SUPPORT_DESK_DEMO_EMAIL: demo.email, SUPPORT_DESK_DEMO_PASSWORD: demo.password });
      electron = spawn(binary, [appRoot], { stdio: 'inherit', env });
      lock.update('electron');
      electron.once('exit', (code) => void shutdown(code ?? 0));
      return;
    }

    console.log(args.web ? 'web mode requested.' : 'No Electron binary is installed here (see docs/desktop-shell.md): starting web mode instead.');
    web = await startWebMode({ dataDir: join(dataDir, 'web'), appRoot, staticDir, port: args.port, autoSignIn: demo ?? undefined, log: (m, c) => console.error(m, c ?? '') });
    if (web.portChanged) console.log(`port ${args.port} is in use; using ${web.server.port} instead`);
    const url = demo ? web.url : `${web.url}&server=${encodeURIComponent(serverUrl)}`;
    lock.update(url);
    console.log(`web mode at ${url}`);
    console.log(demo ? `signed in as the demo agent ${demo.email}. Open the URL in a browser; Ctrl+C stops everything.` : 'Open the URL in a browser and sign in; Ctrl+C stops everything.');
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    await shutdown(1);
  }
}

void main();
