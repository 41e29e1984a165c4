import { useEffect } from 'react';
import { BUILT_IN_VIEWS } from '../../src-shared/ipc/contract';
import type { TicketStatus } from '../../src-shared/domain/status';
import { useDeskStore } from '../app/desk-context';
import { registerAction } from './action-registry';
import { requestComposer, type ComposerKind } from './composer-requests';
import { useGlobalKeys } from './useGlobalKeys';

const KEYED_TRANSITIONS: readonly TicketStatus[] = ['PEER_REVIEW', 'IN_PROGRESS', 'FEEDBACK_REQUEST', 'DONE', 'CLOSED'];

/** Registers the app's own handlers in the shortcut registry and installs the single key listener. */
export function QueueShortcuts() {
  const store = useDeskStore();
  useGlobalKeys(() => {
    const s = store.getState();
    return s.overlay !== null || s.confirm !== null;
  });

  useEffect(() => {
    const desk = () => store.getState();
    const openComposer = (kind: ComposerKind) => {
      desk().openDetail();
      const id = desk().detailTicketId;
      if (id) requestComposer(kind, id);
    };
    const toggle = (o: 'palette' | 'help' | 'settings' | 'rejections' | 'saveView') => desk().setOverlay(desk().overlay === o ? null : o);
    const handlers: [string, () => void][] = [
      ['nav.next', () => desk().move(1)],
      ['nav.prev', () => desk().move(-1)],
      ['nav.first', () => desk().select(0)],
      ['nav.last', () => desk().select(desk().total - 1)],
      ['ticket.open', () => desk().openDetail()],
      ['general.close', () => desk().closeTopmost()],
      ['general.search', () => desk().focusSearch()],
      ['general.palette', () => toggle('palette')],
      ['general.help', () => toggle('help')],
      ['general.settings', () => toggle('settings')],
      ['general.rejections', () => toggle('rejections')],
      ['general.saveView', () => toggle('saveView')],
      ['general.syncNow', () => void desk().syncNow()],
      ['general.clearFilters', () => desk().clearFilters()],
      ['area.team', () => desk().setArea('team')],
      ['ticket.why', () => desk().toggleWhy()],
      ['ticket.filterOrganization', () => void desk().filterBySelectedOrganization()],
      ['ticket.assignToMe', () => void desk().assignToMe()],
      ['ticket.reply', () => openComposer('reply')],
      ['ticket.note', () => openComposer('internal_note')],
      ...BUILT_IN_VIEWS.map((v): [string, () => void] => [`view.${v}`, () => desk().setView({ kind: 'builtin', id: v })]),
      ...KEYED_TRANSITIONS.map((to): [string, () => void] => [`ticket.transition.${to}`, () => desk().requestTransition(to)]),
    ];
    const offs = handlers.map(([id, run]) => registerAction(id, run));
    return () => offs.forEach((off) => off());
  }, [store]);

  // Saved-view slots exist only while a view occupies them, so the palette never offers an empty one.
  useEffect(() => {
    let offs: (() => void)[] = [];
    const apply = (views: readonly { id: string }[]) => {
      offs.forEach((off) => off());
      offs = views.slice(0, 9).map((v, i) => registerAction(`view.saved.${i + 1}`, () => store.getState().setView({ kind: 'saved', id: v.id })));
    };
    apply(store.getState().settings?.savedViews ?? []);
    const unsub = store.subscribe((s, prev) => {
      if (s.settings?.savedViews !== prev.settings?.savedViews) apply(s.settings?.savedViews ?? []);
    });
    return () => {
      unsub();
      offs.forEach((off) => off());
    };
  }, [store]);
  return null;
}
