import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_ACCOUNTS } from '../../src-server/seed/world';
import { stopChild } from '../../src-main/web/embedded-service';

export const APP_ROOT = resolve(__dirname, '../..');
export const DEMO_AGENT = DEMO_ACCOUNTS.find((a) => a.key === 'agent')!;
const tsxCli = createRequire(join(APP_ROOT, 'package.json')).resolve('tsx/cli');

/** Starts a process and resolves with the first stdout match of `pattern` (group 1). */
function startAndWait(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv, what: string): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, [tsxCli, ...args], { cwd: APP_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolveStart, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
      // Without demo data the sign-in can only fail later and vaguely: say why right here.
      if (/seed module is not wired in yet/.test(err)) {
        child.kill('SIGTERM');
        reject(new Error(`${what}: \`--seed demo\` is not wired into src-server/cli.ts yet, so there are no demo accounts`));
      }
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolveStart({ child, match: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready\nstdout: ${out}\nstderr: ${err}`)));
  });
}

export interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** `--clock manual`: time moves only through POST /api/v1/dev/clock (automation tests). */
  readonly manualClock?: boolean;
  /** `--clock-start` for the manual clock, e.g. the clock a stopped instance had reached. */
  readonly clockStart?: string;
  /** Fixed port (a restart must keep the URL the agent's cache syncs with); 0 = any free port. */
  readonly port?: number;
  /** Database file to use and keep (a restart reuses it); without it a temporary one is removed on stop. */
  readonly dbPath?: string;
}

export interface RunningService extends Running {
  readonly port: number;
}

/** The real ticket service on 127.0.0.1 with deterministic demo data in a temporary database. */
export async function startTicketService(tickets = 300, options: ServiceOptions = {}): Promise<RunningService> {
  const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'e2e-service-'));
  const dbPath = options.dbPath ?? join(dir!, 'tickets.sqlite');
  const clockArgs = options.manualClock ? ['--clock', 'manual', ...(options.clockStart ? ['--clock-start', options.clockStart] : [])] : [];
  const { child, match } = await startAndWait(
    ['src-server/cli.ts', '--port', String(options.port ?? 0), '--db', dbPath, '--seed', 'demo', '--tickets', String(tickets), '--random-seed', '42', ...clockArgs],
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    { LOG_LEVEL: 'warn' },
    'the ticket service',
  );
  return {
    url: match,
    port: Number(new URL(match).port),
    async stop() {
      await stopChild(child);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm run web -- --server <url> --port 0` with its own data folder and English settings. With `keptDataDir`
 * it uses (and keeps) that folder instead, e.g. a cache bootstrapped beforehand (bench/ui-bench.ts).
 */
export async function startWebModeCli(serverUrl: string, keptDataDir?: string): Promise<Running> {
  const dataDir = keptDataDir ?? mkdtempSync(join(tmpdir(), 'e2e-web-'));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    join(dataDir, 'web-settings.json'),
    JSON.stringify({ language: 'en', theme: 'light', notifications: { slaAtRisk: true, slaBreached: true, assignedToMe: true }, savedViews: [] }),
  );
  const { child, match } = await startAndWait(['scripts/web.ts', '--server', serverUrl, '--port', '0'], /web mode at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, { SUPPORT_DESK_DATA_DIR: dataDir }, 'web mode');
  return {
    url: match,
    async stop() {
      await stopChild(child);
      if (!keptDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The service's REST API as the demo agent: used to check that a change really reached the service. */
export async function serviceTicket(serverUrl: string, key: string): Promise<{ status: string }> {
  const login = await fetch(`${serverUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_AGENT.email, password: DEMO_AGENT.password }),
  });
  if (!login.ok) throw new Error(`REST login failed: HTTP ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${serverUrl}/api/v1/tickets/${encodeURIComponent(key)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ticket ${key}: HTTP ${res.status}`);
  return (await res.json()) as { status: string };
}
