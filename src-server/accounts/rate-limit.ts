import type { Clock } from '../core/clock';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface LoginLimits {
  perAccount: RateLimit;
  perAddress: RateLimit;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: { max: 5, windowMs: 15 * 60_000 },
  perAddress: { max: 20, windowMs: 15 * 60_000 },
};

/**
 * Failed-login counters per key in fixed windows. In memory on purpose: the service is one process, and losing
 * counters on restart only resets a 15-minute window.
 */
export class FailureCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  blockedFor(key: string): number {
    const w = this.windows.get(key);
    const now = this.clock.now();
    if (!w || now - w.start >= this.limit.windowMs) return 0;
    return w.count >= this.limit.max ? Math.ceil((w.start + this.limit.windowMs - now) / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.clock.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.limit.windowMs) this.windows.set(key, { start: now, count: 1 });
    else w.count += 1;
    if (this.windows.size > 100_000) this.prune(now);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.limit.windowMs) this.windows.delete(k);
  }
}
