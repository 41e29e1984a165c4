import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

export interface ServiceChild {
  /** http://127.0.0.1:<port> as the service printed it */
  readonly base: string;
  stop(): Promise<void>;
}

export interface SpawnServiceOptions {
  /** LOG_LEVEL of the child (pino, on stderr) */
  readonly logLevel: string;
  /** every complete stderr line, e.g. to pick a figure out of a log line */
  readonly onStderrLine?: (line: string) => void;
}

/**
 * Starts the REAL ticket service (`src-server/cli.ts`, the same entry `npm run server` uses) as a child process
 * on a free 127.0.0.1 port with the SQLite file or PostgreSQL URL `db` and further CLI `args`. Resolves once it
 * prints its "listening on" line; rejects with the tail of its stderr if it exits before. stderr is always
 * read, so the pipe never fills and stalls the service.
 */
export function spawnTicketService(db: string, args: readonly string[], options: SpawnServiceOptions): Promise<ServiceChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--db', db, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: options.logLevel },
  });
  let errTail = '';
  let errBuf = '';
  const onLine = options.onStderrLine;
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString('utf8');
    errTail = (errTail + text).slice(-4000);
    if (!onLine) return;
    errBuf += text;
    let nl: number;
    while ((nl = errBuf.indexOf('\n')) >= 0) {
      const line = errBuf.slice(0, nl);
      errBuf = errBuf.slice(nl + 1);
      onLine(line);
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
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
