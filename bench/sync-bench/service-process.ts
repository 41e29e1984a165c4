import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServiceProcess {
  readonly base: string;
  /** wall time from spawn to "listening" (process start + migrations + demo seed) */
  readonly startupMs: number;
  /** the seed's own figure from its "demo seed" log line, or null if the line was not seen */
  readonly seedMs: number | null;
  readonly seedRows: Record<string, number> | null;
  stop(): Promise<void>;
}

const REPO = join(__dirname, '..', '..');

/**
 * Starts the REAL ticket service (`src-server/cli.ts`, the same entry `npm run server` uses) as a child process
 * on 127.0.0.1 with a demo seed of `tickets` tickets in the SQLite file `db`. Resolves once it prints its
 * "listening on" line. stderr (pino JSON) is scanned for the seed report and otherwise discarded, so the
 * pipe never fills and stalls the service.
 */
export function startService(db: string, tickets: number, randomSeed: number): Promise<ServiceProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--db', db, '--seed', 'demo', '--tickets', String(tickets), '--random-seed', String(randomSeed)],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' } },
  );
  let seedMs: number | null = null;
  let seedRows: Record<string, number> | null = null;
  let errTail = '';
  let errBuf = '';
  child.stderr!.on('data', (d: Buffer) => {
    errBuf += d.toString('utf8');
    let nl: number;
    while ((nl = errBuf.indexOf('\n')) >= 0) {
      const line = errBuf.slice(0, nl);
      errBuf = errBuf.slice(nl + 1);
      errTail = (errTail + line + '\n').slice(-4000);
      if (line.includes('"demo seed"')) {
        try {
          const parsed = JSON.parse(line) as { durationMs?: number; rows?: Record<string, number> };
          seedMs = parsed.durationMs ?? null;
          seedRows = parsed.rows ?? null;
        } catch {
          // not JSON (pretty printer?): the wall time below still says how long it took
        }
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`ticket service exited (${code}) before listening:\n${errTail}`));
    child.on('exit', onExit);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      child.off('exit', onExit);
      resolve({
        base: m[1]!,
        startupMs: performance.now() - started,
        // getters: stderr and stdout are separate pipes, the seed line may be read after "listening"
        get seedMs() {
          return seedMs;
        },
        get seedRows() {
          return seedRows;
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
