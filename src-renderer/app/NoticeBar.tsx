import { useTranslation } from 'react-i18next';
import { STATUS_INFO, type TicketStatus } from '../../src-shared/domain/status';
import { useDesk } from './desk-context';

/** The latest message for the agent (errors by code), until dismissed. */
export function NoticeBar() {
  const { t } = useTranslation();
  const notice = useDesk((s) => s.notice);
  const notify = useDesk((s) => s.notify);
  if (!notice) return null;
  const params: Record<string, string | number> = { ...(notice.params ?? {}) };
  for (const k of ['from', 'to'] as const) {
    const v = params[k];
    if (typeof v === 'string' && v in STATUS_INFO) params[k] = STATUS_INFO[v as TicketStatus].label;
  }
  return (
    <div className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{t(notice.key, params)}</span>
      <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => notify(null)}>
        ×
      </button>
    </div>
  );
}
