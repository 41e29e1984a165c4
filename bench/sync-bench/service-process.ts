import { spawnTicketService } from '../lib/service-process';

export interface ServiceProcess {
  readonly base: string;
  /** wall time from spawn to "listening" (process start + migrations + demo seed) */
  readonly startupMs: number;
  /** the seed's own figure from its "demo seed" log line, or null if the line was not seen */
  readonly seedMs: number | null;
  readonly seedRows: Record<string, number> | null;
  stop(): Promise<void>;
}

/**
 * Starts the REAL ticket service with a demo seed of `tickets` tickets in the SQLite file `db` (bench/lib:
 * resolves on "listening on"). Its stderr (pino JSON) is scanned for the seed report.
 */
export async function startService(db: string, tickets: number, randomSeed: number): Promise<ServiceProcess> {
  const started = performance.now();
  let seedMs: number | null = null;
  let seedRows: Record<string, number> | null = null;
  const service = await spawnTicketService(db, ['--seed', 'demo', '--tickets', String(tickets), '--random-seed', String(randomSeed)], {
    logLevel: process.env.LOG_LEVEL ?? 'info',
    onStderrLine: (line) => {
      if (!line.includes('"demo seed"')) return;
      try {
        const parsed = JSON.parse(line) as { durationMs?: number; rows?: Record<string, number> };
        seedMs = parsed.durationMs ?? null;
        seedRows = parsed.rows ?? null;
      } catch {
        // not JSON (pretty printer?): the wall time still says how long it took
      }
    },
  });
  return {
    base: service.base,
    startupMs: performance.now() - started,
    // getters: stderr and stdout are separate pipes, the seed line may be read after "listening"
    get seedMs() {
      return seedMs;
    },
    get seedRows() {
      return seedRows;
    },
    stop: () => service.stop(),
  };
}
