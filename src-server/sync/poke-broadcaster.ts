import type { ServerResponse } from 'node:http';

export const HEARTBEAT_MS = 15_000;

/**
 * Fans "the newest sync id is now n" out to every open SSE stream (docs/sync-protocol.md "Pokes"). Pokes carry
 * no data; coalescing is safe because a client pulls everything after its cursor anyway. One heartbeat timer
 * serves all streams and runs only while a stream is open.
 */
export class PokeBroadcaster {
  private readonly streams = new Set<ServerResponse>();
  private newest = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly heartbeatMs = HEARTBEAT_MS) {}

  get size(): number {
    return this.streams.size;
  }

  get newestAnnounced(): number {
    return this.newest;
  }

  /** Takes over `res` as an event stream, sends the current newest id at once; returns the detach function. */
  attach(res: ServerResponse, currentSyncId: number): () => void {
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'service is shutting down' } }));
      return () => undefined;
    }
    this.newest = Math.max(this.newest, currentSyncId);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n\n`);
    this.streams.add(res);
    res.write(pokeFrame(this.newest));
    const detach = (): void => {
      this.streams.delete(res);
      if (this.streams.size === 0) this.stopHeartbeat();
    };
    res.on('close', detach);
    this.startHeartbeat();
    return detach;
  }

  /** Called after a commit that appended sync ids; only growth is announced. */
  announce(syncId: number): void {
    if (syncId <= this.newest) return;
    this.newest = syncId;
    const frame = pokeFrame(syncId);
    for (const res of this.streams) res.write(frame);
  }

  /** Ends every stream (service shutdown): the HTTP server cannot finish closing while streams are open. */
  closeAll(): void {
    this.closed = true;
    this.stopHeartbeat();
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const res of this.streams) res.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

function pokeFrame(syncId: number): string {
  return `event: poke\ndata: ${JSON.stringify({ syncId })}\n\n`;
}
