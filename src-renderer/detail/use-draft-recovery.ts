import { useEffect } from 'react';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import { MUTATION_ARGS } from '../../src-shared/sync/protocol';
import { useDraftsStore } from './drafts-store';

/**
 * When the service rejects a reply or note that already left the composer (conflict, permission, validation),
 * the core drops the optimistic comment. The text goes back into that ticket's draft so nothing typed is lost;
 * `onRestored` lets the open detail say so. Idempotent: a text already in the draft is not added twice.
 */
export function useDraftRecovery(api: SupportDeskApi, onRestored?: (ticketId: string, kind: 'reply' | 'note', code: string) => void): void {
  useEffect(
    () =>
      api.events['rejection.added']((rejection) => {
        if (rejection.mutationName !== 'reply' && rejection.mutationName !== 'internal_note') return;
        const parsed = MUTATION_ARGS[rejection.mutationName].safeParse(rejection.args);
        if (!parsed.success) return;
        const kind = rejection.mutationName === 'reply' ? 'reply' : 'note';
        useDraftsStore.getState().restore(parsed.data.ticketId, kind, parsed.data.body);
        onRestored?.(parsed.data.ticketId, kind, rejection.code);
      }),
    [api, onRestored],
  );
}
