import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const LockSchema = z.object({ pid: z.number().int().positive(), url: z.string() });
export type LockInfo = z.infer<typeof LockSchema>;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One `npm start` per user-data folder: a second start finds the first one's lock (pid still alive) and
 * points at its URL instead of starting a second service on the same database. A lock left by a crashed
 * start (pid gone) is taken over.
 */
export function acquireInstanceLock(file: string): { ok: true; update(url: string): void; release(): void } | { ok: false; holder: LockInfo } {
  try {
    const holder = LockSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (holder.pid !== process.pid && alive(holder.pid)) return { ok: false, holder };
  } catch {
    // no lock, or an unreadable one: ours now
  }
  mkdirSync(dirname(file), { recursive: true });
  const write = (url: string) => writeFileSync(file, JSON.stringify({ pid: process.pid, url } satisfies LockInfo));
  write('');
  return {
    ok: true,
    update: write,
    release: () => {
      try {
        const holder = LockSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
        if (holder.pid === process.pid) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
