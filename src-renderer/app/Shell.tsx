import { useTranslation } from 'react-i18next';
import { TicketDetail } from '../detail/TicketDetail';
import { CommandPalette } from '../keyboard/CommandPalette';
import { QueueShortcuts } from '../keyboard/QueueShortcuts';
import { ShortcutOverlay } from '../keyboard/ShortcutOverlay';
import { FilterBar } from '../queue/FilterBar';
import { QueueTable } from '../queue/QueueTable';
import { WhyPopover } from '../queue/WhyPopover';
import { SettingsDialog } from '../settings/SettingsDialog';
import { RejectionInbox } from '../status/RejectionInbox';
import { StatusBar } from '../status/StatusBar';
import { TeamBoards } from '../team/TeamBoards';
import { ConfirmTransition } from './ConfirmTransition';
import { useDesk } from './desk-context';
import { NoticeBar } from './NoticeBar';
import { SaveViewDialog } from './SaveViewDialog';
import { Sidebar } from './Sidebar';

/** The signed-in layout: views sidebar, queue (or team boards), detail pane, status bar, overlays. */
export function Shell() {
  const { t } = useTranslation();
  const area = useDesk((s) => s.area);
  const view = useDesk((s) => s.view);
  const savedName = useDesk((s) => (s.view.kind === 'saved' ? s.settings?.savedViews.find((v) => v.id === s.view.id)?.name : undefined));
  const detailTicketId = useDesk((s) => s.detailTicketId);
  const overlay = useDesk((s) => s.overlay);
  const closeDetail = useDesk((s) => s.closeTopmost);
  const heading = view.kind === 'builtin' ? t(`views.${view.id}`) : (savedName ?? '');

  return (
    <div className={detailTicketId ? 'app has-detail' : 'app'}>
      <Sidebar />
      <main className="main" aria-label={area === 'queue' ? heading : t('shortcuts.teamBoards')}>
        <NoticeBar />
        {area === 'queue' ? (
          <>
            <h1 className="view-title">{heading}</h1>
            <FilterBar />
            <div className="queue-wrap">
              <QueueTable />
              <WhyPopover />
            </div>
          </>
        ) : (
          <TeamBoards />
        )}
      </main>
      {detailTicketId && (
        <aside className="detail-pane" aria-label={t('detail.pane')}>
          <TicketDetail ticketId={detailTicketId} onClose={closeDetail} />
        </aside>
      )}
      <StatusBar />
      <QueueShortcuts />
      {overlay === 'palette' && <CommandPalette />}
      {overlay === 'help' && <ShortcutOverlay />}
      {overlay === 'settings' && <SettingsDialog />}
      {overlay === 'rejections' && <RejectionInbox />}
      {overlay === 'saveView' && <SaveViewDialog />}
      <ConfirmTransition />
    </div>
  );
}
