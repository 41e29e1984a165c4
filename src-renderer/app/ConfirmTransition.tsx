import { useTranslation } from 'react-i18next';
import { STATUS_INFO } from '../../src-shared/domain/status';
import { useDesk } from './desk-context';
import { Dialog } from './Dialog';

/** DONE and CLOSED end the agent's work on a ticket, so they ask once (Enter confirms, Escape cancels). */
export function ConfirmTransition() {
  const { t, i18n } = useTranslation();
  const confirm = useDesk((s) => s.confirm);
  const ok = useDesk((s) => s.confirmTransition);
  const cancel = useDesk((s) => s.cancelConfirm);
  if (!confirm) return null;
  const status = STATUS_INFO[confirm.to];
  return (
    <Dialog role="alertdialog" label={t('confirm.title', { key: confirm.ticketKey, status: status.label })} className="confirm">
      <h2>{t('confirm.title', { key: confirm.ticketKey, status: status.label })}</h2>
      <p className="muted">{status.meaning[i18n.language === 'de' ? 'de' : 'en']}</p>
      <div className="dialog-actions">
        <button type="button" onClick={cancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" data-autofocus onClick={() => void ok()}>
          {t('confirm.ok', { status: status.label })}
        </button>
      </div>
    </Dialog>
  );
}
