import {
  type AutomaticTransitionConfig,
  DEFAULT_AUTOMATIC_TRANSITION_CONFIG,
} from '../../src-shared/domain/automatic-transitions';
import type { ServiceContext } from '../core/context';
import type { BackgroundWorker } from '../core/events';
import { WakeableLoop } from '../core/wakeable-loop';
import { applyDueTransitions } from './apply';
import { dueTicketIds, indexChanges, nextDueAt } from './due-index';

export interface AutomationOptions {
  config?: AutomaticTransitionConfig;
  /** The timer never sleeps longer than this (real time), a safety net against a missed wake-up. */
  maxSleepMs?: number;
  /** Tickets handled per due-query; the loop continues until nothing is due. */
  batch?: number;
  /** After a ticket fails to apply, it is tried again this much later (business time). */
  failureRetryMs?: number;
}

export interface TickResult {
  applied: number;
  tickets: number;
  failed: number;
}

/**
 * Applies due automatic transitions: on start (catch-up after downtime, before the server takes requests),
 * whenever a ticket changes or the manual clock moves, and on a timer set to the next due instant.
 * Runs never overlap within a process; across processes the per-ticket transaction keeps it exactly once.
 */
export class AutomationScheduler implements BackgroundWorker {
  readonly name = 'automation';
  private readonly config: AutomaticTransitionConfig;
  private readonly batch: number;
  private readonly failureRetryMs: number;
  private readonly loop: WakeableLoop;
  /** Set by stop(): a tick in progress finishes its current ticket and returns. */
  private stopping = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly ctx: ServiceContext,
    options: AutomationOptions = {},
  ) {
    this.config = options.config ?? DEFAULT_AUTOMATIC_TRANSITION_CONFIG;
    this.batch = options.batch ?? 200;
    this.failureRetryMs = options.failureRetryMs ?? 3_600_000;
    this.loop = new WakeableLoop({
      run: () => this.tick(),
      onRunError: (err) => this.ctx.log.error({ err }, 'automation tick failed; will retry on the next wake-up'),
      timer: {
        nextDueAt: () => this.ctx.store.read((tx) => nextDueAt(tx)),
        now: () => this.ctx.clock.now(),
        maxSleepMs: options.maxSleepMs ?? 60_000,
        onNextDueError: (err) => this.ctx.log.error({ err }, 'could not read the next due instant'),
      },
    });
  }

  async start(): Promise<void> {
    this.loop.start();
    this.stopping = false;
    // Catch-up first and awaited: the server opens only after overdue tickets have moved on.
    const caughtUp = await this.tick();
    if (caughtUp.applied > 0) this.ctx.log.info(caughtUp, 'automation caught up on transitions due while the service was down');
    this.unsubscribe.push(this.ctx.events.ticketChanged.on(() => this.kick()));
    // Returning idle() lets the dev clock route answer only after the transitions the move caused are applied.
    this.unsubscribe.push(
      this.ctx.events.clockChanged.on(() => {
        this.kick();
        return this.idle();
      }),
    );
    await this.loop.scheduleNext();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const u of this.unsubscribe.splice(0)) u();
    await this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }

  /** Resolves when no run is in progress (tests wait on this instead of sleeping). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Updates the due index from the change log, then applies everything due now. Public for tests and tools. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { applied: 0, tickets: 0, failed: 0 };
    for (;;) {
      const r = await this.ctx.store.transaction((tx) => indexChanges(tx, this.config));
      if (!r.more) break;
    }
    const tried = new Set<string>();
    while (!this.stopping) {
      const nowIso = new Date(this.ctx.clock.now()).toISOString();
      const ids = (await this.ctx.store.read((tx) => dueTicketIds(tx, nowIso, this.batch))).filter((id) => !tried.has(id));
      if (ids.length === 0) break;
      for (const id of ids) {
        tried.add(id);
        try {
          const steps = await applyDueTransitions(this.ctx, id, this.config);
          result.applied += steps.length;
          if (steps.length > 0) {
            result.tickets += 1;
            this.ctx.log.info(
              { ticketId: id, steps: steps.map((s) => ({ from: s.from, to: s.to, at: new Date(s.dueAt).toISOString(), rule: s.rule })) },
              'automatic transition applied',
            );
          }
        } catch (err) {
          result.failed += 1;
          await this.postpone(id, err);
        }
        if (this.stopping) break;
      }
    }
    return result;
  }

  private async postpone(ticketId: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.ctx.log.error({ err, ticketId }, 'automatic transition failed; postponed');
    await this.ctx.store.transaction((tx) =>
      tx.run(
        'UPDATE automation_due SET failures = failures + 1, last_error = ?, due_at = ? WHERE ticket_id = ?',
        [message.slice(0, 500), new Date(tx.nowMs + this.failureRetryMs).toISOString(), ticketId],
      ),
    );
  }
}
