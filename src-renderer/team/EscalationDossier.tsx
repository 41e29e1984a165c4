import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../src-shared/domain/status';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';
import { SlaCountdown } from '../countdown/SlaCountdown';
import { HistoryTimeline } from '../detail/HistoryTimeline';
import { useAssignableUsers } from '../detail/people';
import { SlaPanel } from '../detail/SlaPanel';
import { PeoplePanel } from '../detail/TicketFacts';
import { useTicketDetail } from '../detail/use-ticket-detail';
import type { BoardEntry } from './EscalationBoard';
import { useLiveCall } from './use-live-call';

// The dossier is a briefing, not a queue: the organisation's other open tickets up to this many, with the total.
const OTHER_TICKETS_LIMIT = 100;

/**
 * Everything a team lead needs for the escalation meeting on one page: the escalation, the ticket's clocks,
 * participants and timeline, and the organisation's other open tickets (read from the local cache through
 * queue.window, so it works offline).
 */
export function EscalationDossier({
  api,
  entry,
  onClose,
  onOpenTicket,
}: {
  api: SupportDeskApi;
  entry: BoardEntry;
  onClose: () => void;
  onOpenTicket?: (ticketId: string) => void;
}) {
  const { t } = useTranslation('team');
  const { state } = useTicketDetail(api, entry.escalation.ticketId);
  const users = useAssignableUsers(api);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [entry.escalation.id]);
  const detail = state.kind === 'ready' ? state.detail : null;
  const people = useMemo(() => {
    const map = new Map<string, UserRecord>(users.map((u) => [u.id, u]));
    if (detail?.reporter) map.set(detail.reporter.id, detail.reporter);
    return map;
  }, [users, detail?.reporter]);

  return (
    <section className="sd-dossier" aria-labelledby="sd-dossier-title">
      <h2 id="sd-dossier-title" tabIndex={-1} ref={headingRef}>
        {t('dossier.title', { key: entry.ticketKey, title: entry.ticketTitle })}
      </h2>
      <button type="button" onClick={onClose}>
        {t('dossier.close')}
      </button>
      {onOpenTicket ? (
        <button type="button" onClick={() => onOpenTicket(entry.escalation.ticketId)}>
          {t('dossier.openTicket', { key: entry.ticketKey })}
        </button>
      ) : null}
      <p>{t('dossier.organization', { name: entry.organizationName })}</p>
      <p>{t('card.reason', { reason: entry.escalation.reason || t('dossier.noReason') })}</p>
      {state.kind === 'loading' ? <p role="status">{t('board.loading')}</p> : null}
      {state.kind === 'error' ? <p role="alert">{t('board.failed', { message: state.error.message, code: state.error.code })}</p> : null}
      {detail ? (
        <>
          <p>{t('dossier.status', { status: statusLabel(detail.ticket.status) })}</p>
          <SlaPanel detail={detail} />
          <PeoplePanel detail={detail} />
          <HistoryTimeline detail={detail} people={people} />
          <OrganizationTickets api={api} organizationId={detail.ticket.organizationId} excludeId={detail.ticket.id} onOpenTicket={onOpenTicket} />
        </>
      ) : null}
    </section>
  );
}

function OrganizationTickets({
  api,
  organizationId,
  excludeId,
  onOpenTicket,
}: {
  api: SupportDeskApi;
  organizationId: string;
  excludeId: string;
  onOpenTicket?: (ticketId: string) => void;
}) {
  const { t } = useTranslation('team');
  const { state } = useLiveCall(api, () =>
    api.calls['queue.window']({ view: 'all_open', filter: { organizationId }, offset: 0, limit: OTHER_TICKETS_LIMIT }),
  );
  return (
    <section aria-labelledby="sd-dossier-org" className="sd-detail-section">
      <h3 id="sd-dossier-org">{t('dossier.otherTickets')}</h3>
      {state.kind === 'loading' ? <p role="status">{t('board.loading')}</p> : null}
      {state.kind === 'error' ? <p role="alert">{t('board.failed', { message: state.error.message, code: state.error.code })}</p> : null}
      {state.kind === 'ready' ? (
        (() => {
          const rows = state.value.rows.filter((r) => r.id !== excludeId);
          const total = Math.max(0, state.value.total - (state.value.rows.length !== rows.length ? 1 : 0));
          if (rows.length === 0) return <p>{t('dossier.noOtherTickets')}</p>;
          return (
            <>
              {total > rows.length ? <p>{t('dossier.showing', { shown: rows.length, total })}</p> : null}
              <ul className="sd-dossier-tickets">
                {rows.map((r) => (
                  <li key={r.id}>
                    {onOpenTicket ? (
                      <button type="button" className="sd-link-button" onClick={() => onOpenTicket(r.id)}>
                        {t('dossier.ticket', { key: r.key, title: r.title, status: statusLabel(r.status) })}
                      </button>
                    ) : (
                      t('dossier.ticket', { key: r.key, title: r.title, status: statusLabel(r.status) })
                    )}{' '}
                    <SlaCountdown clocks={r.sla} />
                  </li>
                ))}
              </ul>
            </>
          );
        })()
      ) : null}
    </section>
  );
}
