import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

/**
 * `r` (reply) and `n` (internal note) are queue shortcuts whose work happens in the ticket detail. The queue
 * opens the detail for the selected ticket and files a request here; the detail (src-renderer/detail/) reads
 * it with `useComposerRequest()`, opens its composer and calls `consumeComposerRequest(request.seq)`.
 */
export type ComposerKind = 'reply' | 'internal_note';

export interface ComposerRequest {
  readonly kind: ComposerKind;
  readonly ticketId: string;
  readonly seq: number;
}

const store = createStore<{ request: ComposerRequest | null; seq: number }>(() => ({ request: null, seq: 0 }));

export function requestComposer(kind: ComposerKind, ticketId: string): void {
  store.setState((s) => ({ seq: s.seq + 1, request: { kind, ticketId, seq: s.seq + 1 } }));
}

export function consumeComposerRequest(seq: number): void {
  store.setState((s) => (s.request?.seq === seq ? { request: null } : s));
}

export function useComposerRequest(): ComposerRequest | null {
  return useStore(store, (s) => s.request);
}

export function currentComposerRequest(): ComposerRequest | null {
  return store.getState().request;
}
