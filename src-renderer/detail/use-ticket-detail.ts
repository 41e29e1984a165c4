import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContractError, SupportDeskApi, TicketDetail } from '../../src-shared/ipc/contract';

export type DetailState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly error: ContractError }
  | { readonly kind: 'ready'; readonly detail: TicketDetail };

/**
 * Loads one ticket's detail from the core and reloads it whenever the core says the ticket changed (pull,
 * local optimistic edit, rejection, rebootstrap). While a reload runs the previous detail stays on screen,
 * so typing in the composer is never interrupted by a flash of "loading".
 */
export function useTicketDetail(api: SupportDeskApi, ticketId: string): { state: DetailState; reload: () => void } {
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    void api.calls['ticket.detail']({ ticketId }).then(
      (result) => {
        if (mine !== generation.current) return; // an answer for a ticket we already left
        setState(result.ok ? { kind: 'ready', detail: result.value } : { kind: 'error', error: result.error });
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setState({ kind: 'error', error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } });
      },
    );
  }, [api, ticketId]);

  useEffect(() => {
    setState({ kind: 'loading' });
    load();
    const unsubscribe = api.events['tickets.changed']((payload) => {
      if (payload.reason === 'rebootstrap' || payload.ids.includes(ticketId)) load();
    });
    return () => {
      generation.current += 1;
      unsubscribe();
    };
  }, [api, ticketId, load]);

  return { state, reload: load };
}
