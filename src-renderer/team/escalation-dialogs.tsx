import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import type { EscalationRecord } from '../../src-shared/sync/records';
import { Dialog } from '../detail/Dialog';
import { formatFullDateTime, fromDateTimeLocalValue } from '../detail/format';
import { mutate } from '../detail/mutate';
import { DialogButtons as SharedDialogButtons, ErrorLine, useSubmit as useSharedSubmit } from '../detail/dialog-form';

const MAX_SLOTS = 10;

function useSubmit(onDone: () => void) {
  const { t } = useTranslation('team');
  return useSharedSubmit(onDone, (e) => t('actions.failed', { message: e.message, code: e.code }));
}

function DialogButtons(props: { busy: boolean; submitLabel: string; onCancel: () => void }) {
  const { t } = useTranslation('team');
  return <SharedDialogButtons {...props} cancelLabel={t('actions.cancel')} />;
}

interface Base {
  readonly api: SupportDeskApi;
  readonly escalation: EscalationRecord;
  readonly ticketKey: string;
  readonly onClose: () => void;
}

/** Up to ten appointment slots, entered as local date-times in the desk's time zone (Europe/Berlin). */
export function ProposeSlotsDialog({ api, escalation, ticketKey, onClose }: Base) {
  const { t } = useTranslation('team');
  const { busy, run, error, setError } = useSubmit(onClose);
  const [slots, setSlots] = useState<string[]>(['', '', '']);
  const id = useId();
  return (
    <Dialog title={t('propose.title', { key: ticketKey })} onClose={onClose} description={t('propose.hint')}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const filled = slots.filter((s) => s.trim() !== '');
          const instants = filled.map(fromDateTimeLocalValue);
          if (filled.length === 0) return setError(t('propose.none'));
          if (instants.some((v) => v === null)) return setError(t('propose.invalid'));
          const iso = [...new Set(instants.map((v) => new Date(v as number).toISOString()))];
          void run(() => mutate(api, 'escalation_propose_slots', { escalationId: escalation.id, slots: iso }));
        }}
      >
        <fieldset>
          <legend>{t('propose.slots')}</legend>
          {slots.map((value, i) => (
            <div key={i}>
              <label htmlFor={`${id}-${i}`}>{t('propose.slot', { n: i + 1 })}</label>
              <input
                id={`${id}-${i}`}
                type="datetime-local"
                value={value}
                onChange={(e) => setSlots((s) => s.map((v, j) => (j === i ? e.target.value : v)))}
                {...(i === 0 ? { 'data-autofocus': true } : {})}
              />
            </div>
          ))}
        </fieldset>
        <button type="button" disabled={slots.length >= MAX_SLOTS} onClick={() => setSlots((s) => [...s, ''])}>
          {t('propose.addSlot')}
        </button>
        <ErrorLine text={error} />
        <DialogButtons busy={busy} submitLabel={t('propose.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function isMeetingUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Confirms one of the proposed slots (the service refuses any other) with the meeting link. */
export function ConfirmSlotDialog({ api, escalation, ticketKey, onClose }: Base) {
  const { t, i18n } = useTranslation('team');
  const { busy, run, error, setError } = useSubmit(onClose);
  const [slot, setSlot] = useState(escalation.proposedSlots[0] ?? '');
  const [link, setLink] = useState(escalation.meetingLink ?? '');
  const id = useId();
  return (
    <Dialog title={t('confirmSlot.title', { key: ticketKey })} onClose={onClose}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!escalation.proposedSlots.includes(slot)) return setError(t('confirmSlot.pickSlot'));
          if (!isMeetingUrl(link.trim())) return setError(t('confirmSlot.invalidLink'));
          void run(() => mutate(api, 'escalation_confirm', { escalationId: escalation.id, slot, meetingLink: link.trim() }));
        }}
      >
        <fieldset>
          <legend>{t('confirmSlot.slot')}</legend>
          {escalation.proposedSlots.map((s, i) => (
            <div key={s}>
              <input
                type="radio"
                id={`${id}-${i}`}
                name={`${id}-slot`}
                value={s}
                checked={slot === s}
                onChange={() => setSlot(s)}
                {...(i === 0 ? { 'data-autofocus': true } : {})}
              />
              <label htmlFor={`${id}-${i}`}>{formatFullDateTime(s, i18n.language)}</label>
            </div>
          ))}
        </fieldset>
        <label htmlFor={`${id}-link`}>{t('confirmSlot.link')}</label>
        <input id={`${id}-link`} type="url" value={link} onChange={(e) => setLink(e.target.value)} placeholder={t('confirmSlot.linkPlaceholder')} />
        <ErrorLine text={error} />
        <DialogButtons busy={busy} submitLabel={t('confirmSlot.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** After the meeting: what came out of it and what happens next (both go to the ticket's dossier). */
export function ResolveDialog({ api, escalation, ticketKey, onClose }: Base) {
  const { t } = useTranslation('team');
  const { busy, run, error, setError } = useSubmit(onClose);
  const [outcome, setOutcome] = useState(escalation.outcome ?? '');
  const [nextSteps, setNextSteps] = useState(escalation.nextSteps ?? '');
  const id = useId();
  return (
    <Dialog title={t('resolve.title', { key: ticketKey })} onClose={onClose}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (outcome.trim() === '' || nextSteps.trim() === '') return setError(t('resolve.missing'));
          void run(() => mutate(api, 'escalation_resolve', { escalationId: escalation.id, outcome: outcome.trim(), nextSteps: nextSteps.trim() }));
        }}
      >
        <label htmlFor={`${id}-o`}>{t('resolve.outcome')}</label>
        <textarea id={`${id}-o`} value={outcome} maxLength={20_000} onChange={(e) => setOutcome(e.target.value)} data-autofocus />
        <label htmlFor={`${id}-n`}>{t('resolve.nextSteps')}</label>
        <textarea id={`${id}-n`} value={nextSteps} maxLength={20_000} onChange={(e) => setNextSteps(e.target.value)} />
        <ErrorLine text={error} />
        <DialogButtons busy={busy} submitLabel={t('resolve.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
