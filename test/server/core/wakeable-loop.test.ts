import { afterEach, describe, expect, it, vi } from 'vitest';
import { WakeableLoop, type WakeableLoopTimer } from '../../../src-server/core/wakeable-loop';

/** A run that blocks until released, so kicks can be made while it is in progress. */
function gatedRuns() {
  let release: () => void = () => undefined;
  const runs: number[] = [];
  const run = () => {
    runs.push(runs.length + 1);
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  return { runs, run, release: () => release() };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WakeableLoop', () => {
  it('does nothing when kicked before start()', async () => {
    const run = vi.fn(async () => undefined);
    const loop = new WakeableLoop({ run, onRunError: () => undefined });
    loop.kick();
    await loop.idle();
    expect(run).not.toHaveBeenCalled();
    expect(loop.isStopped).toBe(true);
  });

  it('runs never overlap, and any number of kicks during a run cause exactly one more run', async () => {
    const g = gatedRuns();
    const loop = new WakeableLoop({ run: g.run, onRunError: () => undefined });
    loop.start();
    loop.kick();
    loop.kick();
    loop.kick();
    expect(g.runs).toEqual([1]);
    g.release();
    await vi.waitFor(() => expect(g.runs).toEqual([1, 2]));
    g.release();
    await loop.idle();
    expect(g.runs).toEqual([1, 2]);
  });

  it('reports a failed run and keeps serving kicks', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = new WakeableLoop({
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
      onRunError: (err) => errors.push(err),
    });
    loop.start();
    loop.kick();
    await loop.idle();
    loop.kick();
    await loop.idle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
  });

  it('after a run arms a timer for the next due instant, capped by maxSleepMs', async () => {
    vi.useFakeTimers();
    let now = 1_000;
    let nextDue: number | null = 1_500;
    const run = vi.fn(async () => undefined);
    const timer: WakeableLoopTimer = {
      nextDueAt: async () => nextDue,
      now: () => now,
      maxSleepMs: 10_000,
      onNextDueError: () => undefined,
    };
    const loop = new WakeableLoop({ run, onRunError: () => undefined, timer });
    loop.start();
    loop.kick();
    await loop.idle();
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(run).toHaveBeenCalledTimes(1);
    nextDue = null;
    now = 1_500;
    await vi.advanceTimersByTimeAsync(1);
    await loop.idle();
    expect(run).toHaveBeenCalledTimes(2);
    // Nothing due: only the safety net wakes it.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    await loop.idle();
    expect(run).toHaveBeenCalledTimes(3);
    await loop.stop();
  });

  it('a failed look-up of the next due instant is reported and falls back to maxSleepMs', async () => {
    vi.useFakeTimers();
    const lookupErrors: unknown[] = [];
    const run = vi.fn(async () => undefined);
    const loop = new WakeableLoop({
      run,
      onRunError: () => undefined,
      timer: {
        nextDueAt: () => Promise.reject(new Error('db down')),
        now: () => 0,
        maxSleepMs: 5_000,
        onNextDueError: (err) => lookupErrors.push(err),
      },
    });
    loop.start();
    loop.kick();
    await loop.idle();
    expect(lookupErrors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await loop.idle();
    expect(run).toHaveBeenCalledTimes(2);
    await loop.stop();
  });

  it('stop() waits for the run in progress, clears the timer and ignores later kicks', async () => {
    vi.useFakeTimers();
    const g = gatedRuns();
    const loop = new WakeableLoop({
      run: g.run,
      onRunError: () => undefined,
      timer: { nextDueAt: async () => 0, now: () => 0, maxSleepMs: 1_000, onNextDueError: () => undefined },
    });
    loop.start();
    loop.kick();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    g.release();
    await stopping;
    expect(loop.isStopped).toBe(true);
    loop.kick();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(g.runs).toEqual([1]);
  });
});
