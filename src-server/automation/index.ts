import type { ServiceContext } from '../core/context';
import { automationMigration } from './migration-0400-due-queue';
import { type AutomationOptions, AutomationScheduler } from './scheduler';

export { automationMigration };

/** The automation worker for the service (cli.ts: `workers: (ctx) => [createAutomationScheduler(ctx), …]`). */
export function createAutomationScheduler(ctx: ServiceContext, options: AutomationOptions = {}): AutomationScheduler {
  return new AutomationScheduler(ctx, options);
}
