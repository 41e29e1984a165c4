import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

export interface Instance {
  readonly base: string;
  stop(): Promise<void>;
}

/** The REAL ticket service (`src-server/cli.ts`, as `npm run server` starts it) on a free loopback port. */
export function startInstance(db: string): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--db', db], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  let errTail = '';
  child.stderr!.on('data', (d: Buffer) => (errTail = (errTail + d.toString('utf8')).slice(-4000)));
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
