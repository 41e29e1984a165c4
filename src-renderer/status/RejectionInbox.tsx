import { useTranslation } from 'react-i18next';
import { useDesk } from '../app/desk-context';
import { Dialog } from '../app/Dialog';
import { formatDateTime } from '../countdown/format';

/** Changes the service refused, with its reason; each can be reapplied or discarded with one click. */
export function RejectionInbox() {
  const { t, i18n } = useTranslation();
  const rejections = useDesk((s) => s.rejections);
  const retry = useDesk((s) => s.retryRejection);
  const discard = useDesk((s) => s.discardRejection);
  const setOverlay = useDesk((s) => s.setOverlay);
  return (
    <Dialog label={t('rejections.title')} className="rejections">
      <header className="dialog-header">
        <h2>{t('rejections.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => setOverlay(null)}>
          ×
        </button>
      </header>
      {rejections.length === 0 ? (
        <p className="muted">{t('rejections.empty')}</p>
      ) : (
        <ul className="rejection-list" aria-label={t('rejections.title')}>
          {rejections.map((r) => (
            <li key={r.id} className="rejection" aria-label={t('rejections.item', { key: r.ticketKey ?? '—', change: t(`mutations.${r.mutationName}`) })}>
              <div className="rejection-main">
                <strong>{r.ticketKey ?? '—'}</strong> {t(`mutations.${r.mutationName}`)}
                <span className="muted small"> · {formatDateTime(r.at, i18n.language)}</span>
              </div>
              <p className="rejection-reason" data-code={r.code}>
                {t(`errors.${r.code}`)} <span className="muted small">{r.message}</span>
              </p>
              <div className="rejection-actions">
                <button type="button" onClick={() => void retry(r.id)}>
                  {t('rejections.retry')}
                </button>
                <button type="button" onClick={() => void discard(r.id)}>
                  {t('rejections.discard')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
