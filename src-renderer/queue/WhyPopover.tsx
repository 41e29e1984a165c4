import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, TicketDetail } from '../../src-shared/ipc/contract';
import { STATUS_INFO } from '../../src-shared/domain/status';
import { useApi, useDesk } from '../app/desk-context';
import { useNow } from '../clock/ui-clock';
import { SlaDerivation } from '../countdown/SlaDerivation';
import { formatDateTime } from '../countdown/format';
import { reasonText } from './reason-text';

/**
 * "Why is this here": the priority reasons the core computed for the ticket's rank (none of JSM, Zendesk or
 * Zammad explains a rank), plus each SLA clock's derivation and the projected automatic transition.
 */
export function WhyPopover() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const ticketId = useDesk((s) => s.whyTicketId);
  const toggleWhy = useDesk((s) => s.toggleWhy);
  const rowsVersion = useDesk((s) => s.rowsVersion);
  const now = useNow();
  const [detail, setDetail] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<ContractError | null>(null);

  useEffect(() => {
    if (!ticketId) return;
    let live = true;
    void api.calls['ticket.detail']({ ticketId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setDetail(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api, ticketId, rowsVersion]);

  if (!ticketId) return null;
  const shown = detail && detail.ticket.id === ticketId ? detail : null;
  return (
    <section className="why-popover" role="dialog" aria-label={t('why.title', { key: shown?.ticket.key ?? '' })}>
      <header className="why-header">
        <h2>{t('why.title', { key: shown?.ticket.key ?? '' })}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => toggleWhy(ticketId)}>
          ×
        </button>
      </header>
      {error && <p role="alert" className="error-text">{t(`errors.${error.code}`)}</p>}
      {!shown && !error && <p className="muted">{t('common.loading')}</p>}
      {shown && (
        <>
          <h3>{t('why.reasons')}</h3>
          {shown.reasons.length === 0 ? (
            <p className="muted">{t('why.noReasons')}</p>
          ) : (
            <ol className="why-reasons">
              {shown.reasons.map((r) => (
                <li key={r.code} data-code={r.code}>
                  {reasonText(r, shown, t)}
                </li>
              ))}
            </ol>
          )}
          <h3>{t('why.clocks')}</h3>
          {shown.sla.length === 0 ? (
            <p className="muted">{t('why.noClocks')}</p>
          ) : (
            <ul className="why-clocks">
              {shown.sla.map((c) => (
                <li key={c.kind}>
                  <SlaDerivation clock={c} now={now} />
                </li>
              ))}
            </ul>
          )}
          {shown.nextAutoTransition && (
            <p>{t('autoTransition.explain', { status: STATUS_INFO[shown.nextAutoTransition.to].label, at: formatDateTime(shown.nextAutoTransition.dueAt, i18n.language) })}</p>
          )}
        </>
      )}
    </section>
  );
}
