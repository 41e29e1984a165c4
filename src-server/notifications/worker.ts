import type { BaseLogger } from 'pino';
import { systemClock, type Clock } from '../core/clock';
import type { BackgroundWorker, ServiceEvents } from '../core/events';
import { WakeableLoop } from '../core/wakeable-loop';
import type { Store } from '../storage/store';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import { deliverDue, nextRetryAt, recoverInterrupted, type DeliveryOutcome } from './delivery';
import type { Mailer } from './mailer';
import { ensureCursor, produceBatch } from './producer';

export interface NotificationWorkerOptions {
  store: Store;
  events: ServiceEvents;
  /** pino or Fastify's logger (both are pino BaseLoggers). */
  logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
  /** null: notifications are queued in the outbox but not sent (no --smtp). */
  mailer: Mailer | null;
  retry?: RetryPolicy;
  /**
   * Time for retry scheduling. Real time by default even under `--clock manual`: whether the mail server is
   * back is a question about the real world, not about the demo's business time.
   */
  deliveryClock?: Clock;
  random?: () => number;
  /** Safety net: the worker looks at the outbox at least this often even without events. */
  maxSleepMs?: number;
}

/**
 * Background worker: on every ticket change (and at start) it turns new changes into outbox rows, then
 * delivers what is due; a timer wakes it for the next retry. Runs never overlap; a kick during a run causes
 * exactly one more run.
 */
export class NotificationWorker implements BackgroundWorker {
  readonly name = 'notifications';
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly loop: WakeableLoop;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: NotificationWorkerOptions) {
    this.clock = options.deliveryClock ?? systemClock;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    this.loop = new WakeableLoop({
      run: () => this.runOnce(),
      onRunError: (err) => options.logger.error({ err }, 'notification run failed; will retry on the next wake-up'),
      // Without a mailer nothing is ever due for delivery, so there is nothing to wake up for.
      timer: options.mailer
        ? {
            nextDueAt: () => nextRetryAt(options.store),
            now: () => this.clock.now(),
            maxSleepMs: options.maxSleepMs ?? 60_000,
            onNextDueError: (err) => options.logger.error({ err }, 'could not read the next retry time'),
          }
        : undefined,
    });
  }

  async start(): Promise<void> {
    const { store, logger } = this.options;
    // Before any request can commit: changes from now on are ours, older data never mails anybody.
    await store.transaction((tx) => ensureCursor(tx));
    const interrupted = await recoverInterrupted(store);
    if (interrupted > 0) logger.warn({ interrupted }, 'notifications interrupted mid-delivery were marked failed, not resent');
    this.loop.start();
    this.unsubscribe = this.options.events.ticketChanged.on(() => this.kick());
    this.kick();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.loop.stop();
    this.options.mailer?.close();
  }

  /** Asks for a run soon; cheap to call often. */
  kick(): void {
    this.loop.kick();
  }

  /** Resolves when no run is in progress and none is queued (tests wait on this instead of sleeping). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Produces outbox rows for all unread changes, then delivers what is due. Public for tests and tooling. */
  async runOnce(): Promise<{ queued: number; delivery: DeliveryOutcome | null }> {
    const { store, mailer, logger } = this.options;
    let queued = 0;
    for (;;) {
      const r = await store.transaction((tx) => produceBatch(tx));
      queued += r.queued;
      if (!r.more) break;
    }
    if (queued > 0) logger.info({ queued }, 'notifications queued');
    if (!mailer) return { queued, delivery: null };
    const delivery = await deliverDue(store, mailer, () => this.clock.now(), this.retry, this.random, () => this.loop.isStopped);
    if (delivery.sent + delivery.retried + delivery.failed > 0) logger.info(delivery, 'notification delivery');
    return { queued, delivery };
  }
}
