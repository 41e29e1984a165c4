import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type DraftKind = 'reply' | 'note';

export interface TicketDrafts {
  readonly reply: string;
  readonly note: string;
}

const EMPTY: TicketDrafts = { reply: '', note: '' };

interface DraftsState {
  readonly drafts: Readonly<Record<string, TicketDrafts>>;
  setDraft(ticketId: string, kind: DraftKind, text: string): void;
  /**
   * Clears a draft after its text was handed to the outbox, but only if the agent has not typed on since:
   * a send that resolves late must never wipe newer text.
   */
  clearIfUnchanged(ticketId: string, kind: DraftKind, sentText: string): void;
  /** Puts a rejected text back. Newer text the agent typed meanwhile stays in front of it, nothing is lost. */
  restore(ticketId: string, kind: DraftKind, text: string): void;
}

/**
 * Drafts per ticket and kind, kept across ticket switches and (via localStorage) across restarts: the
 * complaint we design against is "I typed a long answer, clicked elsewhere and it was gone".
 */
export const useDraftsStore = create<DraftsState>()(
  persist(
    (set) => ({
      drafts: {},
      setDraft: (ticketId, kind, text) =>
        set((s) => ({ drafts: { ...s.drafts, [ticketId]: { ...(s.drafts[ticketId] ?? EMPTY), [kind]: text } } })),
      clearIfUnchanged: (ticketId, kind, sentText) =>
        set((s) => {
          const current = s.drafts[ticketId] ?? EMPTY;
          if (current[kind] !== sentText) return s;
          const next = { ...current, [kind]: '' };
          const drafts = { ...s.drafts };
          if (next.reply === '' && next.note === '') delete drafts[ticketId];
          else drafts[ticketId] = next;
          return { drafts };
        }),
      restore: (ticketId, kind, text) =>
        set((s) => {
          const current = s.drafts[ticketId] ?? EMPTY;
          if (current[kind].includes(text)) return s;
          const merged = current[kind].trim() === '' ? text : `${text}\n\n${current[kind]}`;
          return { drafts: { ...s.drafts, [ticketId]: { ...current, [kind]: merged } } };
        }),
    }),
    {
      name: 'support-desk.drafts',
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ drafts: s.drafts }),
    },
  ),
);

export function draftOf(drafts: Readonly<Record<string, TicketDrafts>>, ticketId: string, kind: DraftKind): string {
  return drafts[ticketId]?.[kind] ?? '';
}
