/** How a loop finds its next timed wake-up; without it the loop runs only when kicked. */
export interface WakeableLoopTimer {
  /** The next instant work falls due (ms on `now`'s clock), or null when nothing is pending. */
  nextDueAt(): Promise<number | null>;
  now(): number;
  /** The timer never sleeps longer than this (real time), a safety net against a missed wake-up. */
  maxSleepMs: number;
  /** A failed look-up still arms the timer with maxSleepMs. */
  onNextDueError(err: unknown): void;
}

export interface WakeableLoopOptions {
  /** One pass of the worker's job. */
  run(): Promise<unknown>;
  /** A failed pass is reported here; the loop carries on and the next wake-up retries. */
  onRunError(err: unknown): void;
  timer?: WakeableLoopTimer;
}

/**
 * The run loop shared by the background workers: runs never overlap, a kick during a run causes exactly one
 * more run, and after a run a timer is set for the next due instant. Stopped until start().
 */
export class WakeableLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WakeableLoopOptions) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Lets kicks and timers run passes; does not run one by itself. */
  start(): void {
    this.stopped = false;
  }

  /** No further passes or timers; resolves when the pass in progress (if any) has returned. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a run soon; cheap to call often. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no run is in progress and none is queued (tests wait on this instead of sleeping). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** (Re-)arms the timer for the next due instant; a no-op without a timer or once stopped. */
  async scheduleNext(): Promise<void> {
    const timer = this.options.timer;
    if (this.stopped || !timer) return;
    if (this.timer) clearTimeout(this.timer);
    let wait = timer.maxSleepMs;
    try {
      const next = await timer.nextDueAt();
      if (next !== null) wait = Math.min(wait, Math.max(0, next - timer.now()));
    } catch (err) {
      timer.onNextDueError(err);
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, wait);
    // The safety-net timer must not keep a process alive that is otherwise done (tests, CLI tools).
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      try {
        await this.options.run();
      } catch (err) {
        this.options.onRunError(err);
      }
      if (this.stopped) return;
      if (this.again) continue;
      await this.scheduleNext();
      // A kick that arrived while the timer was being set must not be lost.
      if (!this.again || this.stopped) return;
    }
  }
}
