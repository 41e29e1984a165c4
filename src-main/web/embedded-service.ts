import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface EmbeddedServiceOptions {
  readonly appRoot: string;
  /** <user data>/service: holds tickets.sqlite and the "seeded" marker */
  readonly dir: string;
  readonly tickets: number;
  readonly randomSeed: number;
  readonly log: (line: string) => void;
  /** how long seeding + start may take before we give up */
  readonly startTimeoutMs?: number;
}

export interface EmbeddedService {
  readonly url: string;
  readonly seededNow: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the ticket service as a child process on 127.0.0.1 with a port the OS picks (so a taken port can
 * never block the demo). The first start seeds demo data; later starts reuse the database as it is (the
 * agent's changes survive). A start that died while seeding left no "seeded" marker, so it seeds afresh.
 */
export async function startEmbeddedService(o: EmbeddedServiceOptions): Promise<EmbeddedService> {
  mkdirSync(o.dir, { recursive: true });
  const db = join(o.dir, 'tickets.sqlite');
  const marker = join(o.dir, 'seeded');
  const seed = !existsSync(marker);
  if (seed) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const require = createRequire(join(o.appRoot, 'package.json'));
  const tsxCli = require.resolve('tsx/cli');
  const args = [tsxCli, join(o.appRoot, 'src-server', 'cli.ts'), '--port', '0', '--db', db];
  if (seed) args.push('--seed', 'demo', '--tickets', String(o.tickets), '--random-seed', String(o.randomSeed));
  const child = spawn(process.execPath, args, { cwd: o.appRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  child.stderr!.on('data', (d: Buffer) => {
    for (const line of d.toString('utf8').split('\n')) if (line.trim()) o.log(`[service] ${line}`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the ticket service did not start within ${(o.startTimeoutMs ?? 180_000) / 1000} s`));
    }, o.startTimeoutMs ?? 180_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ticket service exited with code ${code} before it was ready`));
    });
  });
  if (seed) writeFileSync(marker, new Date().toISOString());
  return { url, seededNow: seed, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
