import './detail.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import type { UserRole } from '../../src-shared/domain/ticket';
import type { SupportDeskApi, TicketDetail as TicketDetailData } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';
import { useApi, useDesk } from '../app/desk-context';
import { consumeComposerRequest, useComposerRequest } from '../keyboard/composer-requests';
import { ActionBar, type DetailDialog } from './ActionBar';
import { AssignDialog, ConfirmTransitionDialog, FieldsDialog, LinkOutageDialog, MisconfigurationDialog } from './action-dialogs';
import { Composer, type ComposerHandle } from './Composer';
import { Conversation } from './Conversation';
import { HistoryTimeline } from './HistoryTimeline';
import { LinksPanel } from './LinksPanel';
import { mutate } from './mutate';
import { useAssignableUsers } from './people';
import { SlaPanel } from './SlaPanel';
import { DescriptionPanel, PeoplePanel } from './TicketFacts';
import { useDraftRecovery } from './use-draft-recovery';
import { reasonText } from '../queue/reason-text';
import { useOverrideAction } from './use-override-action';
import { useTicketDetail } from './use-ticket-detail';

const NEEDS_CONFIRMATION: ReadonlySet<TicketStatus> = new Set(['DONE', 'CLOSED']);

export interface Me {
  readonly id: string;
  readonly role: UserRole;
}

/**
 * Mount point used by the app frame: the ticket the desk opened (or `ticketId`), with the signed-in user
 * from the desk session and the API from context.
 */
export function TicketDetail({
  ticketId,
  onClose,
  onOpenTicket,
}: {
  ticketId?: string;
  onClose?: () => void;
  onOpenTicket?: (ticketId: string) => void;
}) {
  const api = useApi();
  const session = useDesk((s) => s.session);
  const openId = useDesk((s) => s.detailTicketId);
  const id = ticketId ?? openId;
  const me = useMemo<Me | null>(() => (session ? { id: session.user.id, role: session.user.role } : null), [session]);
  if (id === null) return null;
  return <TicketDetailView key={id} api={api} ticketId={id} me={me} onClose={onClose} onOpenTicket={onOpenTicket} />;
}

interface ViewProps {
  readonly api: SupportDeskApi;
  readonly ticketId: string;
  readonly me: Me | null;
  readonly onClose?: () => void;
  readonly onOpenTicket?: (ticketId: string) => void;
}

type Notice = { readonly kind: 'error' | 'info'; readonly text: string } | null;

export function TicketDetailView({ api, ticketId, me, onClose, onOpenTicket }: ViewProps) {
  const { t } = useTranslation('detail');
  const { t: tApp } = useTranslation();
  const { state } = useTicketDetail(api, ticketId);
  const users = useAssignableUsers(api);
  const [dialog, setDialog] = useState<DetailDialog | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const composer = useRef<ComposerHandle>(null);

  const onRestored = useCallback(
    (restoredFor: string, kind: 'reply' | 'note', code: string) => {
      if (restoredFor === ticketId) setNotice({ kind: 'error', text: t(kind === 'reply' ? 'composer.replyRestored' : 'composer.noteRestored', { code }) });
    },
    [ticketId, t],
  );
  useDraftRecovery(api, onRestored);

  const detail = state.kind === 'ready' ? state.detail : null;
  const latest = useRef<TicketDetailData | null>(detail);
  latest.current = detail;

  const people = useMemo(() => {
    const map = new Map<string, UserRecord>(users.map((u) => [u.id, u]));
    if (detail?.reporter) map.set(detail.reporter.id, detail.reporter);
    if (detail?.assignee) map.set(detail.assignee.id, detail.assignee);
    return map;
  }, [users, detail?.reporter, detail?.assignee]);

  const fail = useCallback((message: string, code: string) => setNotice({ kind: 'error', text: t('actions.failed', { message, code }) }), [t]);

  const transition = useCallback(
    (to: TicketStatus) => {
      const d = latest.current;
      if (!d) return;
      if (!d.allowedTransitions.includes(to)) {
        setNotice({ kind: 'error', text: t('actions.notAllowed', { from: statusLabel(d.ticket.status), to: statusLabel(to) }) });
        return;
      }
      if (NEEDS_CONFIRMATION.has(to)) {
        setDialog({ kind: 'confirm', to });
        return;
      }
      setNotice(null);
      void mutate(api, 'transition', { ticketId: d.ticket.id, to, expectedStatus: d.ticket.status }).then((r) => {
        if (!r.ok) fail(r.error.message, r.error.code);
      });
    },
    [api, fail, t],
  );

  const assignToMe = useCallback(() => {
    const d = latest.current;
    if (!d || !me || d.ticket.assigneeId === me.id) return;
    setNotice(null);
    void mutate(api, 'assign', { ticketId: d.ticket.id, assigneeId: me.id }).then((r) => {
      if (!r.ok) fail(r.error.message, r.error.code);
    });
  }, [api, me, fail]);

  const compose = useCallback((kind: 'reply' | 'note') => composer.current?.focus(kind), []);

  // Keyboard: while open, the detail owns the ticket shortcuts (see use-override-action.ts).
  const transitionHandlers = useMemo(() => Object.fromEntries(TICKET_STATUSES.map((s) => [s, () => transition(s)])), [transition]);
  useOverrideAction('ticket.transition.PEER_REVIEW', transitionHandlers.PEER_REVIEW ?? null);
  useOverrideAction('ticket.transition.IN_PROGRESS', transitionHandlers.IN_PROGRESS ?? null);
  useOverrideAction('ticket.transition.FEEDBACK_REQUEST', transitionHandlers.FEEDBACK_REQUEST ?? null);
  useOverrideAction('ticket.transition.DONE', transitionHandlers.DONE ?? null);
  useOverrideAction('ticket.transition.CLOSED', transitionHandlers.CLOSED ?? null);
  useOverrideAction('ticket.assignToMe', assignToMe);
  const replyHandler = useCallback(() => compose('reply'), [compose]);
  const noteHandler = useCallback(() => compose('note'), [compose]);
  useOverrideAction('ticket.reply', replyHandler);
  useOverrideAction('ticket.note', noteHandler);

  // `r`/`n` pressed in the queue before this pane existed arrive as a composer request.
  const request = useComposerRequest();
  useEffect(() => {
    if (!detail || !request || request.ticketId !== ticketId) return;
    compose(request.kind === 'reply' ? 'reply' : 'note');
    consumeComposerRequest(request.seq);
  }, [request, ticketId, detail, compose]);

  const closeButton = onClose ? (
    <button type="button" className="sd-detail-close" onClick={onClose}>
      {t('detail.close')}
    </button>
  ) : null;
  if (state.kind === 'loading') {
    return (
      <section className="sd-detail" aria-busy="true" aria-label={t('detail.loading')}>
        {closeButton}
        <p role="status">{t('detail.loading')}</p>
      </section>
    );
  }
  if (state.kind === 'error') {
    return (
      <section className="sd-detail" aria-label={t('detail.errorRegion')}>
        {closeButton}
        <p role="alert">{t('detail.loadFailed', { message: state.error.message, code: state.error.code })}</p>
      </section>
    );
  }
  const d = state.detail;
  const { ticket } = d;
  const closeDialog = () => setDialog(null);
  return (
    <article className="sd-detail" aria-labelledby="sd-detail-title">
      <header className="sd-detail-header">
        {closeButton}
        <h2 id="sd-detail-title">
          <span className="sd-detail-key">{ticket.key}</span> {ticket.title}
        </h2>
        <p className="sd-detail-meta">
          <span className={`status-badge status-${ticket.status}`}>{statusLabel(ticket.status)}</span>{' '}
          {t('detail.meta', {
            category: t(`category.${ticket.category}`),
            severity: t(`severity.${ticket.severity}`),
          })}
          {ticket.misconfiguration ? <span className="sd-badge sd-badge--misconfiguration"> {t('detail.misconfigurationBadge')}</span> : null}
        </p>
        <p role="status" aria-live="polite" className="sd-detail-pending">
          {d.pendingMutations > 0 ? t('detail.pending', { count: d.pendingMutations }) : ''}
        </p>
        {d.reasons.length > 0 ? (
          <ul className="sd-detail-reasons" aria-label={t('detail.reasons')}>
            {d.reasons.map((r) => (
              <li key={r.code} data-code={r.code}>
                {reasonText(r, d, tApp)}
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      <ActionBar detail={d} meId={me?.id ?? null} onTransition={transition} onAssignToMe={assignToMe} onOpen={setDialog} onCompose={compose} />
      {notice ? (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'sd-error' : 'sd-info'}>
          {notice.text}{' '}
          <button type="button" onClick={() => setNotice(null)}>
            {t('actions.dismiss')}
          </button>
        </p>
      ) : null}
      <div className="sd-detail-columns">
        <div className="sd-detail-main">
          <DescriptionPanel detail={d} />
          <Conversation comments={d.comments} people={people} />
          <Composer ref={composer} api={api} ticketId={ticket.id} disabled={ticket.status === 'CLOSED'} />
          <HistoryTimeline detail={d} people={people} />
        </div>
        <aside className="sd-detail-side" aria-label={t('detail.sidebar')}>
          <SlaPanel detail={d} />
          <PeoplePanel detail={d} />
          <LinksPanel detail={d} onOpenTicket={onOpenTicket} />
        </aside>
      </div>
      {dialog?.kind === 'confirm' ? <ConfirmTransitionDialog api={api} detail={d} to={dialog.to} onClose={closeDialog} /> : null}
      {dialog?.kind === 'assign' ? <AssignDialog api={api} detail={d} users={users} onClose={closeDialog} /> : null}
      {dialog?.kind === 'fields' ? <FieldsDialog api={api} detail={d} onClose={closeDialog} /> : null}
      {dialog?.kind === 'misconfiguration' ? <MisconfigurationDialog api={api} detail={d} onClose={closeDialog} /> : null}
      {dialog?.kind === 'outage' ? <LinkOutageDialog api={api} detail={d} onClose={closeDialog} /> : null}
    </article>
  );
}
