import { useSyncExternalStore } from 'react';

/**
 * The ONE ticking clock of the UI. Every countdown reads `now` from here instead of owning a timer, so
 * 30 visible rows or 100k cached ones cost one interval, and all countdowns tick in the same frame.
 * The interval runs only while something is subscribed.
 */
export interface UiClock {
  subscribe(listener: () => void): () => void;
  getNow(): number;
  /** Number of live intervals (0 or 1); exposed for tests and diagnostics. */
  activeTimers(): number;
}

export function createUiClock(tickMs = 1000, read: () => number = () => Date.now()): UiClock {
  const listeners = new Set<() => void>();
  let now = read();
  let timer: ReturnType<typeof setInterval> | null = null;

  function tick(): void {
    now = read();
    for (const l of [...listeners]) l();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (timer === null) {
        now = read();
        timer = setInterval(tick, tickMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    getNow: () => now,
    activeTimers: () => (timer === null ? 0 : 1),
  };
}

export const uiClock = createUiClock();

/** Current time from the shared clock; re-renders the caller once per tick. */
export function useNow(clock: UiClock = uiClock): number {
  return useSyncExternalStore(clock.subscribe, clock.getNow, clock.getNow);
}
