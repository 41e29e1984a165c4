/**
 * The seams other parts of the service plug into without editing route code: automation listens for
 * ticket and clock changes, notifications and sync SSE listen for ticket changes, and background workers
 * are started with the server and stopped on shutdown.
 */
export interface TicketChangedEvent {
  ticketId: string;
  /** What happened, e.g. 'created', 'status', 'comment', 'participants', 'fields', 'escalation'. */
  kind: string;
  /** Highest sync_changes.sync_id written by the transaction (lets SSE tell clients what to pull). */
  syncId: number | null;
}

export interface ClockChangedEvent {
  now: number;
  previous: number;
}

type Listener<E> = (event: E) => void | Promise<void>;

class Channel<E> {
  private readonly listeners = new Set<Listener<E>>();
  private readonly inflight = new Set<Promise<void>>();
  on(listener: Listener<E>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Listener failures are reported, never thrown back into the request that caused the event. */
  emit(event: E, onError: (err: unknown) => void): void {
    for (const l of this.listeners) {
      try {
        const r = l(event);
        if (r instanceof Promise) {
          const tracked: Promise<void> = r.catch(onError).finally(() => this.inflight.delete(tracked));
          this.inflight.add(tracked);
        }
      } catch (err) {
        onError(err);
      }
    }
  }
  /**
   * Resolves once every asynchronous listener started by earlier emits has finished. The dev clock route uses
   * it so that "advance 7 days" answers after the automatic transitions it caused are committed.
   */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}

export class ServiceEvents {
  readonly ticketChanged = new Channel<TicketChangedEvent>();
  readonly clockChanged = new Channel<ClockChangedEvent>();
  readonly syncChanged = new Channel<{ syncId: number }>();
}

/** Something that runs beside the HTTP server (scheduler, outbox sender, …). */
export interface BackgroundWorker {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
  /**
   * Optional: runs when shutdown begins, before the HTTP server waits for open connections to finish. Workers
   * that hold long-lived responses (sync SSE streams) end them here, or the server could never close.
   */
  beforeClose?(): void | Promise<void>;
}
