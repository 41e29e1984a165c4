import type { ServiceContext } from '../core/context';
import { createSmtpMailer } from './mailer';
import { notificationsMigration } from './migration-0200-outbox';
import { describeSmtp, parseSmtpUrl } from './smtp-config';
import { NotificationWorker } from './worker';

export { notificationsMigration };

/**
 * The notifications worker for the service (cli.ts: `workers: (ctx) => [..., createNotificationWorker(ctx, { smtp: args.smtp })]`).
 * Without `smtp` notifications are still queued in the outbox (and visible to admins), just not sent.
 * A bad URL throws VALIDATION_FAILED before the server starts.
 */
export function createNotificationWorker(ctx: ServiceContext, options: { smtp?: string | undefined; from?: string }): NotificationWorker {
  const config = options.smtp ? parseSmtpUrl(options.smtp, options.from) : null;
  if (config) ctx.log.info({ smtp: describeSmtp(config) }, 'notifications are delivered by SMTP');
  else ctx.log.info('no --smtp: notifications are queued in the outbox but not sent');
  return new NotificationWorker({
    store: ctx.store,
    events: ctx.events,
    logger: ctx.log,
    mailer: config ? createSmtpMailer(config) : null,
  });
}
