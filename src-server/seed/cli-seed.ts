import type { Logger } from 'pino';
import type { SlaTier } from '../../src-shared/domain/sla-config';
import { DEFAULT_SCRYPT, hashPassword } from '../accounts/passwords';
import type { Store } from '../storage/store';
import { seedDemo } from './seed-demo';

/**
 * `--seed demo [--tickets N] [--random-seed S]`: runs before the server starts listening (and before the
 * workers start, so the notification outbox does not mail thousands of invented customers). A refused seed
 * (non-empty database) throws a DomainError whose message tells the operator what to do; the CLI prints it.
 */
export async function seedFromCli(
  store: Store,
  args: { tickets?: number | undefined; randomSeed?: number | undefined },
  logger: Logger,
  slaTiers?: Readonly<Record<string, SlaTier>>,
): Promise<void> {
  const report = await seedDemo(
    store,
    { ...(args.tickets === undefined ? {} : { tickets: args.tickets }), ...(args.randomSeed === undefined ? {} : { randomSeed: args.randomSeed }) },
    {
      hashPassword: (password) => hashPassword(password, DEFAULT_SCRYPT),
      ...(slaTiers ? { slaTiers } : {}),
      log: (message, details) => logger.info(details ?? {}, message),
    },
  );
  logger.info({ status: report.status, tickets: report.tickets, randomSeed: report.randomSeed, durationMs: report.durationMs, rows: report.rows }, 'demo seed');
}
