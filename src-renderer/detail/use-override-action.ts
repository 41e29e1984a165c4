import { useEffect } from 'react';
import { actionRegistry, registerAction, type ActionHandler } from '../keyboard/action-registry';

/**
 * Registers `handler` for a shortcut id while the detail is mounted, and puts back whatever handler the
 * queue had registered for it before. The detail must own ticket shortcuts while it is open: it may show a
 * ticket that is not the queue's selected row (opened by key from a notification), and then the queue's
 * handler would act on the wrong ticket.
 */
export function useOverrideAction(id: string, handler: ActionHandler | null): void {
  useEffect(() => {
    if (!handler) return undefined;
    const previous = actionRegistry.getState().handlers[id];
    const off = registerAction(id, handler);
    return () => {
      off();
      if (previous && !actionRegistry.getState().handlers[id]) registerAction(id, previous);
    };
  }, [id, handler]);
}
