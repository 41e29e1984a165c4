import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallResponse, SupportDeskApi } from '../../src-shared/ipc/contract';
import { ESCALATION_STATES, type EscalationState } from '../../src-shared/sync/records';
import { useNow } from '../clock/ui-clock';
import { formatCalendarDuration } from '../countdown/format';
import { formatFullDateTime } from '../detail/format';
import { mutate } from '../detail/mutate';
import { ConfirmSlotDialog, ProposeSlotsDialog, ResolveDialog } from './escalation-dialogs';
import { EscalationDossier } from './EscalationDossier';
import { useLiveCall } from './use-live-call';

export type BoardEntry = CallResponse<'escalations.board'>[number];

type OpenDialog = { readonly kind: 'propose' | 'confirm' | 'resolve'; readonly entry: BoardEntry } | null;

/**
 * Escalations in lifecycle columns (requested → appointment proposed → confirmed → held → resolved), each card
 * with its appointment countdown and exactly the next steps its state allows (the service's lifecycle).
 */
export function EscalationBoard({ api, onOpenTicket }: { api: SupportDeskApi; onOpenTicket?: (ticketId: string) => void }) {
  const { t } = useTranslation('team');
  const { state } = useLiveCall(api, () => api.calls['escalations.board']({}));
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [dossierId, setDossierId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (state.kind === 'loading') return <p role="status">{t('board.loading')}</p>;
  if (state.kind === 'error') return <p role="alert">{t('board.failed', { message: state.error.message, code: state.error.code })}</p>;

  const entries = state.value;
  const byState = new Map<EscalationState, BoardEntry[]>(ESCALATION_STATES.map((s) => [s, []]));
  for (const e of entries) byState.get(e.escalation.state)?.push(e);
  for (const list of byState.values()) list.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const dossier = entries.find((e) => e.escalation.id === dossierId) ?? null;

  async function markHeld(entry: BoardEntry): Promise<void> {
    setError(null);
    const r = await mutate(api, 'escalation_mark_held', { escalationId: entry.escalation.id });
    if (!r.ok) setError(t('actions.failed', { message: r.error.message, code: r.error.code }));
  }

  return (
    <div className="sd-escalations">
      {error ? (
        <p role="alert" className="sd-error">
          {error}
        </p>
      ) : null}
      <div className="sd-board-columns">
        {ESCALATION_STATES.map((s) => {
          const list = byState.get(s) ?? [];
          const headingId = `sd-esc-col-${s}`;
          return (
            <section key={s} className="sd-board-column" aria-labelledby={headingId} data-state={s}>
              {/* h2: the board sits under the page's h1 (Team boards); an h3 here skipped a level (axe heading-order). */}
              <h2 id={headingId}>{t('board.column', { state: t(`escalationState.${s}`), count: list.length })}</h2>
              {list.length === 0 ? <p className="muted">{t('board.emptyColumn')}</p> : null}
              <ul className="sd-board-cards">
                {list.map((entry) => (
                  <li key={entry.escalation.id}>
                    <EscalationCard
                      entry={entry}
                      onDossier={() => setDossierId(entry.escalation.id)}
                      onPropose={() => setDialog({ kind: 'propose', entry })}
                      onConfirm={() => setDialog({ kind: 'confirm', entry })}
                      onHeld={() => void markHeld(entry)}
                      onResolve={() => setDialog({ kind: 'resolve', entry })}
                    />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {dossier ? <EscalationDossier api={api} entry={dossier} onClose={() => setDossierId(null)} onOpenTicket={onOpenTicket} /> : null}
      {dialog?.kind === 'propose' ? (
        <ProposeSlotsDialog api={api} escalation={dialog.entry.escalation} ticketKey={dialog.entry.ticketKey} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'confirm' ? (
        <ConfirmSlotDialog api={api} escalation={dialog.entry.escalation} ticketKey={dialog.entry.ticketKey} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'resolve' ? (
        <ResolveDialog api={api} escalation={dialog.entry.escalation} ticketKey={dialog.entry.ticketKey} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

/** Confirmed meetings by appointment, everything else oldest request first. */
function sortKey(e: BoardEntry): string {
  return e.escalation.chosenSlot ?? e.escalation.proposedSlots[0] ?? e.escalation.requestedAt;
}

interface CardProps {
  readonly entry: BoardEntry;
  readonly onDossier: () => void;
  readonly onPropose: () => void;
  readonly onConfirm: () => void;
  readonly onHeld: () => void;
  readonly onResolve: () => void;
}

function EscalationCard({ entry, onDossier, onPropose, onConfirm, onHeld, onResolve }: CardProps) {
  const { t, i18n } = useTranslation('team');
  const now = useNow();
  const { escalation: e, ticketKey, ticketTitle, organizationName } = entry;
  const lang = i18n.language;
  const headingId = `sd-esc-${e.id}`;
  return (
    <article className="sd-escalation-card" aria-labelledby={headingId} data-state={e.state}>
      <h3 id={headingId}>
        {t('card.title', { key: ticketKey, title: ticketTitle })}
      </h3>
      <p>{organizationName}</p>
      <p>{t('card.requested', { when: formatFullDateTime(e.requestedAt, lang) })}</p>
      {e.reason ? <p className="sd-escalation-reason">{t('card.reason', { reason: e.reason })}</p> : null}
      <Appointment entry={entry} now={now} />
      {e.state === 'resolved' || e.state === 'held' ? (
        <>
          {e.outcome ? <p>{t('card.outcome', { outcome: e.outcome })}</p> : null}
          {e.nextSteps ? <p>{t('card.nextSteps', { nextSteps: e.nextSteps })}</p> : null}
        </>
      ) : null}
      <div className="sd-card-actions" role="group" aria-label={t('card.actions', { key: ticketKey })}>
        <button type="button" onClick={onDossier}>
          {t('card.dossier')}
        </button>
        {e.state === 'requested' || e.state === 'appointment_proposed' ? (
          <button type="button" aria-haspopup="dialog" onClick={onPropose}>
            {e.state === 'requested' ? t('card.propose') : t('card.proposeAgain')}
          </button>
        ) : null}
        {e.state === 'appointment_proposed' ? (
          <button type="button" aria-haspopup="dialog" onClick={onConfirm}>
            {t('card.confirm')}
          </button>
        ) : null}
        {e.state === 'confirmed' ? (
          <button type="button" onClick={onHeld}>
            {t('card.markHeld')}
          </button>
        ) : null}
        {e.state === 'held' ? (
          <button type="button" aria-haspopup="dialog" onClick={onResolve}>
            {t('card.resolve')}
          </button>
        ) : null}
      </div>
    </article>
  );
}

/** The appointment with a countdown in calendar time (a meeting is at a wall-clock time, not business time). */
function Appointment({ entry, now }: { entry: BoardEntry; now: number }) {
  const { t, i18n } = useTranslation('team');
  const e = entry.escalation;
  const lang = i18n.language;
  const countdown = (iso: string) => {
    const ms = Date.parse(iso) - now;
    return ms >= 0 ? t('card.in', { duration: formatCalendarDuration(ms, lang) }) : t('card.ago', { duration: formatCalendarDuration(-ms, lang) });
  };
  if (e.chosenSlot) {
    // Time and link on separate lines; a long link wraps inside the card (and its title shows it whole).
    return (
      <>
        <p className="sd-appointment" data-upcoming={Date.parse(e.chosenSlot) > now}>
          {t('card.appointment', { when: formatFullDateTime(e.chosenSlot, lang), countdown: countdown(e.chosenSlot) })}
        </p>
        {e.meetingLink ? (
          <p className="sd-meeting-link" title={e.meetingLink}>
            {t('card.meetingLink', { link: e.meetingLink })}
          </p>
        ) : null}
      </>
    );
  }
  if (e.proposedSlots.length > 0) {
    return (
      <div className="sd-appointment">
        <p>{t('card.proposed', { count: e.proposedSlots.length })}</p>
        <ul>
          {e.proposedSlots.map((s) => (
            <li key={s}>{t('card.slot', { when: formatFullDateTime(s, lang), countdown: countdown(s) })}</li>
          ))}
        </ul>
      </div>
    );
  }
  return <p className="sd-appointment">{t('card.noAppointment')}</p>;
}
