/**
 * A second ticket-service process for the cross-process exactly-once test: opens the same database (SQLite file or PostgreSQL URL),
 * runs one automation tick at the given instant and prints the number of steps it applied.
 * Usage: tsx tick-child.ts <db file> <iso instant>
 */
import { buildApp } from '../../../src-server/app';
import { AutomationScheduler } from '../../../src-server/automation/scheduler';
import { ManualClock } from '../../../src-server/core/clock';
import { openStore } from '../../../src-server/storage/open-store';
import { allMigrations } from './service-fixture';

async function main(): Promise<void> {
  const [file, iso] = process.argv.slice(2);
  if (!file || !iso) throw new Error('usage: tick-child <db> <iso>');
  const clock = new ManualClock(Date.parse(iso));
  const store = await openStore({ db: file, clock, migrations: allMigrations() });
  const { app, ctx } = await buildApp({ store, clock, logger: false });
  let applied = 0;
  for (let i = 0; i < 3; i++) applied += (await new AutomationScheduler(ctx).tick()).applied;
  await app.close();
  await store.close();
  process.stdout.write(`${JSON.stringify({ applied })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
