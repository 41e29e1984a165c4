import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContractError, Result, SupportDeskApi } from '../../src-shared/ipc/contract';

export type LiveState<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly error: ContractError }
  | { readonly kind: 'ready'; readonly value: T };

/**
 * Runs a read against the core and runs it again whenever tickets change (escalations, SLA states and
 * workload all derive from tickets). The previous value stays on screen while a reload runs, and a late
 * answer to an older request never overwrites a newer one.
 */
export function useLiveCall<T>(api: SupportDeskApi, read: () => Promise<Result<T>>): { state: LiveState<T>; reload: () => void } {
  const [state, setState] = useState<LiveState<T>>({ kind: 'loading' });
  const generation = useRef(0);
  const readRef = useRef(read);
  readRef.current = read;

  const reload = useCallback(() => {
    const mine = ++generation.current;
    void readRef.current().then(
      (r) => {
        if (mine === generation.current) setState(r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error });
      },
      (e: unknown) => {
        if (mine === generation.current) setState({ kind: 'error', error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } });
      },
    );
  }, []);

  useEffect(() => {
    reload();
    const off = api.events['tickets.changed'](() => reload());
    return () => {
      generation.current += 1;
      off();
    };
  }, [api, reload]);

  return { state, reload };
}
