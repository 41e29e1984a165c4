import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../src-shared/domain/status';
import type { TicketDetail } from '../../src-shared/ipc/contract';
import { formatFullDateTime } from './format';

/** The outage this ticket is linked to, the reports linked to it, and its escalation. */
export function LinksPanel({ detail, onOpenTicket }: { detail: TicketDetail; onOpenTicket?: (ticketId: string) => void }) {
  const { t, i18n } = useTranslation('detail');
  const hLinks = useId();
  const { ticket, escalation } = detail;
  const outage = detail.linkedTickets.find((l) => l.id === ticket.linkedToTicketId) ?? null;
  const reports = detail.linkedTickets.filter((l) => l.id !== ticket.linkedToTicketId && l.id !== ticket.id);
  const link = (l: TicketDetail['linkedTickets'][number]) => {
    const text = t('links.ticket', { key: l.key, title: l.title, status: statusLabel(l.status) });
    return onOpenTicket ? (
      <button type="button" className="sd-link-button" onClick={() => onOpenTicket(l.id)}>
        {text}
      </button>
    ) : (
      text
    );
  };
  return (
    <section aria-labelledby={hLinks} className="sd-detail-section">
      <h3 id={hLinks}>{t('links.heading')}</h3>
      <dl className="sd-facts">
        <div>
          <dt>{t('links.outage')}</dt>
          <dd>{outage ? link(outage) : ticket.linkedToTicketId ? t('links.outageNotCached') : t('links.noOutage')}</dd>
        </div>
        <div>
          <dt>{t('links.reports', { count: reports.length })}</dt>
          <dd>
            {reports.length === 0 ? (
              t('links.noReports')
            ) : (
              <ul>
                {reports.map((r) => (
                  <li key={r.id}>{link(r)}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('links.impact')}</dt>
          <dd>{new Intl.NumberFormat(i18n.language).format(ticket.impact)}</dd>
        </div>
        <div>
          <dt>{t('escalation.heading')}</dt>
          <dd>
            {escalation === null ? (
              t('escalation.none')
            ) : (
              <div className="sd-escalation-summary">
                <p>{t(`escalation.state.${escalation.state}`)}</p>
                <p>{t('escalation.reason', { reason: escalation.reason })}</p>
                {escalation.chosenSlot ? <p>{t('escalation.appointment', { when: formatFullDateTime(escalation.chosenSlot, i18n.language) })}</p> : null}
                {escalation.meetingLink ? <p>{t('escalation.meetingLink', { link: escalation.meetingLink })}</p> : null}
                {escalation.outcome ? <p>{t('escalation.outcome', { outcome: escalation.outcome })}</p> : null}
                {escalation.nextSteps ? <p>{t('escalation.nextSteps', { nextSteps: escalation.nextSteps })}</p> : null}
              </div>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
