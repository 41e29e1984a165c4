/**
 * Retry policy for SMTP delivery. Exponential with full jitter so many rows failing together (the mail server
 * was down) do not all hit it again at the same instant when it comes back.
 */
export interface RetryPolicy {
  /** Delay before the first retry. */
  readonly baseMs: number;
  /** No single wait is longer than this. */
  readonly maxMs: number;
  /** After this many failed attempts the row is given up ("failed") and an admin has to look at it. */
  readonly maxAttempts: number;
}

/** ≈ 30 s, 1 min, 2 min, … capped at 1 h; 12 attempts span roughly half a day of mail-server trouble. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 12 };

/**
 * Wait before the next attempt after `failedAttempts` failures (≥ 1). `random` in [0, 1) is injectable so tests
 * can check the bounds deterministically. The wait lies in [ceiling/2, ceiling] (half jitter): never zero, so a
 * flapping server is not hammered.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2 ** 40 is already far beyond any maxMs; capping the exponent keeps the arithmetic finite.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 40));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
