import { DomainError } from '../../src-shared/errors';

/** The only source of "now" in the service: logic never calls Date.now(), so tests and demos can steer time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to (`--clock manual`, tests). Listeners hear every change, so the
 * automation scheduler can apply transitions that became due.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly listeners = new Set<(now: number, previous: number) => void>();

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new DomainError('VALIDATION_FAILED', 'advanceMs must be a non-negative number');
    return this.set(this.current + ms);
  }

  set(instant: number): number {
    if (!Number.isFinite(instant)) throw new DomainError('VALIDATION_FAILED', 'not a valid instant');
    const previous = this.current;
    this.current = instant;
    for (const l of this.listeners) l(instant, previous);
    return instant;
  }

  onChange(listener: (now: number, previous: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
