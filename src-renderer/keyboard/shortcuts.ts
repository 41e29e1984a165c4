/**
 * The one shortcut registry: data that drives key handling, the command palette and the `?` overlay, so the
 * three can never disagree. Keys are single printable keys or two-key sequences ("g m"); the only modifier
 * chord is "mod+k" (Ctrl on Windows/Linux, Cmd on macOS): every other Ctrl/Cmd/Alt chord belongs to the OS or
 * the browser and is never bound (Zammad's Ctrl+Shift set clashed so often that agents gave up on it).
 */
export type ShortcutGroup = 'navigation' | 'views' | 'ticket' | 'general';

export interface ShortcutDef {
  readonly id: string;
  /** Space-separated sequence, e.g. "j", "g m", "mod+k". */
  readonly keys: string;
  /** Further keys that do the same (arrows next to j/k). */
  readonly alsoKeys?: readonly string[];
  readonly group: ShortcutGroup;
  /** i18n key of the label shown in the palette, the overlay and as the button name. */
  readonly labelKey: string;
  readonly labelParams?: Readonly<Record<string, string | number>>;
}

const savedViewShortcuts: ShortcutDef[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
  id: `view.saved.${n}`,
  keys: `g ${n}`,
  group: 'views',
  labelKey: 'shortcuts.savedView',
  labelParams: { n },
}));

export const BUILT_IN_SHORTCUTS: readonly ShortcutDef[] = [
  { id: 'nav.next', keys: 'j', alsoKeys: ['ArrowDown'], group: 'navigation', labelKey: 'shortcuts.next' },
  { id: 'nav.prev', keys: 'k', alsoKeys: ['ArrowUp'], group: 'navigation', labelKey: 'shortcuts.prev' },
  { id: 'nav.first', keys: 'Home', group: 'navigation', labelKey: 'shortcuts.first' },
  { id: 'nav.last', keys: 'End', group: 'navigation', labelKey: 'shortcuts.last' },
  { id: 'ticket.open', keys: 'Enter', group: 'navigation', labelKey: 'shortcuts.open' },
  { id: 'general.close', keys: 'Escape', group: 'navigation', labelKey: 'shortcuts.close' },
  { id: 'general.search', keys: '/', group: 'general', labelKey: 'shortcuts.search' },
  { id: 'general.palette', keys: 'mod+k', group: 'general', labelKey: 'shortcuts.palette' },
  { id: 'general.help', keys: '?', group: 'general', labelKey: 'shortcuts.help' },
  { id: 'general.settings', keys: ',', group: 'general', labelKey: 'shortcuts.settings' },
  { id: 'general.syncNow', keys: 's', group: 'general', labelKey: 'shortcuts.syncNow' },
  { id: 'general.rejections', keys: 'x', group: 'general', labelKey: 'shortcuts.rejections' },
  { id: 'general.saveView', keys: 'v', group: 'views', labelKey: 'shortcuts.saveView' },
  { id: 'general.clearFilters', keys: 'g c', group: 'views', labelKey: 'shortcuts.clearFilters' },
  { id: 'view.my_queue', keys: 'g m', group: 'views', labelKey: 'views.my_queue' },
  { id: 'view.unassigned', keys: 'g u', group: 'views', labelKey: 'views.unassigned' },
  { id: 'view.sla_at_risk', keys: 'g r', group: 'views', labelKey: 'views.sla_at_risk' },
  { id: 'view.waiting_for_customer', keys: 'g w', group: 'views', labelKey: 'views.waiting_for_customer' },
  { id: 'view.escalations', keys: 'g e', group: 'views', labelKey: 'views.escalations' },
  { id: 'view.all_open', keys: 'g o', group: 'views', labelKey: 'views.all_open' },
  { id: 'area.team', keys: 'g t', group: 'views', labelKey: 'shortcuts.teamBoards' },
  ...savedViewShortcuts,
  { id: 'ticket.why', keys: 'w', group: 'ticket', labelKey: 'shortcuts.why' },
  { id: 'ticket.filterOrganization', keys: 'o', group: 'ticket', labelKey: 'shortcuts.filterOrganization' },
  { id: 'ticket.transition.PEER_REVIEW', keys: 'p', group: 'ticket', labelKey: 'shortcuts.transition', labelParams: { status: 'PEER REVIEW' } },
  { id: 'ticket.transition.IN_PROGRESS', keys: 'i', group: 'ticket', labelKey: 'shortcuts.transition', labelParams: { status: 'IN PROGRESS' } },
  { id: 'ticket.transition.FEEDBACK_REQUEST', keys: 'f', group: 'ticket', labelKey: 'shortcuts.transition', labelParams: { status: 'FEEDBACK REQUEST' } },
  { id: 'ticket.transition.DONE', keys: 'd', group: 'ticket', labelKey: 'shortcuts.transitionConfirm', labelParams: { status: 'DONE' } },
  { id: 'ticket.transition.CLOSED', keys: 'c', group: 'ticket', labelKey: 'shortcuts.transitionConfirm', labelParams: { status: 'CLOSED' } },
  { id: 'ticket.assignToMe', keys: 'a', group: 'ticket', labelKey: 'shortcuts.assignToMe' },
  { id: 'ticket.reply', keys: 'r', group: 'ticket', labelKey: 'shortcuts.reply' },
  { id: 'ticket.note', keys: 'n', group: 'ticket', labelKey: 'shortcuts.note' },
];

/** Every key a shortcut answers to, as full sequences. */
export function sequencesOf(def: ShortcutDef): string[] {
  return [def.keys, ...(def.alsoKeys ?? [])];
}

/** Chords that belong to the OS/browser: any Ctrl/Cmd/Alt combination except mod+k. */
export function isForbiddenSequence(seq: string): boolean {
  return seq.split(' ').some((k) => /^(ctrl|cmd|meta|alt|mod)\+/i.test(k) && k !== 'mod+k');
}

/**
 * The key a keydown stands for, or null when the UI must not react (OS/browser chords, IME composition).
 * Shift is not a modifier here: "?" arrives as key "?" with shift held.
 */
export function keyOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing'>): string | null {
  if (e.isComposing) return null;
  if (e.ctrlKey || e.metaKey) return !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k' ? 'mod+k' : null;
  if (e.altKey) return null;
  return e.key;
}

/** How a sequence is shown: "g then m", "Ctrl+K"/"⌘K". */
export function displayKeys(seq: string, isMac: boolean): string[] {
  return seq.split(' ').map((k) => (k === 'mod+k' ? (isMac ? '⌘K' : 'Ctrl+K') : k === 'ArrowDown' ? '↓' : k === 'ArrowUp' ? '↑' : k));
}
