import { useTranslation } from 'react-i18next';
import { useDesk } from '../app/desk-context';
import { useNow } from '../clock/ui-clock';
import { formatCount, formatRelative } from '../countdown/format';

/** Sync status: connection, pending local changes, last sync, bootstrap progress and the rejection inbox. */
export function StatusBar() {
  const { t, i18n } = useTranslation();
  const sync = useDesk((s) => s.sync);
  const rejections = useDesk((s) => s.rejections.length);
  const setOverlay = useDesk((s) => s.setOverlay);
  const syncNow = useDesk((s) => s.syncNow);
  const now = useNow();
  const lang = i18n.language;
  const connection = sync?.connection ?? 'connecting';
  const boot = sync?.bootstrap;
  const percent = boot && boot.total > 0 ? Math.min(100, Math.round((boot.done / boot.total) * 100)) : 0;

  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <span className={`connection connection--${connection}`} role="status">
        <span className="dot" aria-hidden="true" />
        {t(`status.connection.${connection}`)}
      </span>
      <span className="pending" data-testid="pending-count">
        {t('status.pending', { count: sync?.pendingChanges ?? 0, formatted: formatCount(sync?.pendingChanges ?? 0, lang) })}
      </span>
      <span className="last-synced">
        {sync?.lastSyncedAt ? t('status.lastSynced', { when: formatRelative(Date.parse(sync.lastSyncedAt), now, lang) }) : t('status.neverSynced')}
      </span>
      {boot?.active && (
        <span className="bootstrap">
          <span id="bootstrap-label">{t('status.bootstrap', { done: formatCount(boot.done, lang), total: formatCount(boot.total, lang) })}</span>
          <span
            className="progress"
            role="progressbar"
            aria-labelledby="bootstrap-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span className="progress-fill" style={{ width: `${percent}%` }} />
          </span>
        </span>
      )}
      {sync?.lastError && (
        <span className="error-text" role="alert">
          {t(`errors.${sync.lastError.code}`)}
        </span>
      )}
      <span className="status-spacer" />
      <button type="button" className="link-button" onClick={() => void syncNow()}>
        {t('shortcuts.syncNow')}
      </button>
      <button type="button" className={rejections > 0 ? 'inbox-button has-items' : 'inbox-button'} onClick={() => setOverlay('rejections')}>
        {t('rejections.button', { count: rejections, formatted: formatCount(rejections, lang) })}
      </button>
    </footer>
  );
}
