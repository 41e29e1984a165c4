import {
  CALL_NAMES,
  EVENTS,
  EVENT_NAMES,
  type CallName,
  type EventName,
  type Result,
  type SupportDeskApi,
} from '../../src-shared/ipc/contract';
import { ServerFrameSchema, type ClientFrame } from '../../src-shared/ipc/wire';

/**
 * SupportDeskApi over web mode's WebSocket. The page was loaded with the launch token (kept as an HttpOnly
 * cookie), so the socket authenticates by cookie + Origin. Calls made while the socket is (re)connecting
 * wait for it; a call whose socket closes gets an error Result instead of hanging forever.
 */
export function createWebSocketApi(url: string, WebSocketImpl: typeof WebSocket = WebSocket): SupportDeskApi {
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let retryMs = 250;

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve) => {
      const ws = new WebSocketImpl(url);
      ws.addEventListener('open', () => {
        socket = ws;
        retryMs = 250;
        resolve(ws);
      });
      ws.addEventListener('message', (ev) => onFrame(String(ev.data)));
      ws.addEventListener('close', () => {
        socket = null;
        opened = null;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle({ ok: false, error: { code: 'INTERNAL', message: 'connection to the Support Desk core was lost' } });
        }
        // Reconnect with capped backoff so a restarted host is picked up again.
        setTimeout(() => void connect().then(resolve), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
    });
    return opened;
  }

  function onFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const frame = ServerFrameSchema.safeParse(json);
    if (!frame.success) return;
    if (frame.data.t === 'result') {
      const settle = pending.get(frame.data.id);
      pending.delete(frame.data.id);
      settle?.(frame.data.result as Result<unknown>);
    } else {
      const name = frame.data.name as EventName;
      if (!Object.hasOwn(EVENTS, name)) return;
      const payload = EVENTS[name].safeParse(frame.data.payload);
      if (!payload.success) return; // an event outside the contract is dropped, never half-applied
      for (const l of listeners.get(name) ?? []) l(payload.data);
    }
  }

  async function call(name: CallName, request: unknown): Promise<Result<unknown>> {
    const ws = socket ?? (await connect());
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ t: 'call', id, name, request } satisfies ClientFrame));
    });
  }

  const calls = Object.fromEntries(CALL_NAMES.map((n) => [n, (req: unknown) => call(n, req)]));
  const events = Object.fromEntries(
    EVENT_NAMES.map((n) => [
      n,
      (listener: (payload: unknown) => void) => {
        const set = listeners.get(n) ?? new Set();
        set.add(listener);
        listeners.set(n, set);
        void connect();
        return () => set.delete(listener);
      },
    ]),
  );
  void connect();
  return { calls, events } as unknown as SupportDeskApi;
}
