import { pino } from 'pino';
import { buildApp } from './app';
import { parseCliArgs } from './cli-args';
import { ManualClock, systemClock } from './core/clock';
import { openStore, redactDbUrl } from './storage/open-store';
import { createSyncFeature } from './sync/routes';
import { kbRoutes } from './kb/kb-routes';
import { seedFromCli } from './seed/cli-seed';
import { createAutomationScheduler } from './automation/index';
import { createNotificationWorker } from './notifications/index';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  // Logs go to stderr so stdout carries exactly the "listening on" line that scripts wait for.
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const manualClock = args.clock === 'manual' ? new ManualClock(args['clock-start'] ? Date.parse(args['clock-start']) : Date.now()) : null;
  const clock = manualClock ?? systemClock;
  // --db postgres://… runs on PostgreSQL (several instances may share it), anything else is a SQLite file.
  const store = await openStore({ db: args.db, clock });
  logger.info({ db: redactDbUrl(args.db), dialect: store.dialect }, 'store opened');
  if (args.seed) await seedFromCli(store, { tickets: args.tickets, randomSeed: args['random-seed'] }, logger);

  const sync = createSyncFeature();
  const { app } = await buildApp({
    store,
    clock,
    manualClock,
    logger,
    routeModules: [sync.routes, kbRoutes],
    // Notifications before automation: the start-up catch-up's status changes must be after the outbox's
    // starting point in the change log so they are notified (docs/automation-and-notifications.md).
    workers: (ctx) => [sync.worker(ctx), createNotificationWorker(ctx, { smtp: args.smtp }), createAutomationScheduler(ctx)],
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app.close();
      await store.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: '127.0.0.1', port: args.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
