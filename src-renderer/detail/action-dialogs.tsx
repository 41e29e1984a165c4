import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel, type TicketStatus } from '../../src-shared/domain/status';
import { TICKET_CATEGORIES, type Severity, type TicketCategory } from '../../src-shared/domain/ticket';
import type { Result, SupportDeskApi, TicketDetail } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';
import { Dialog } from './Dialog';
import { mutate } from './mutate';
import { DialogButtons as SharedDialogButtons, useSubmit as useSharedSubmit } from './dialog-form';

function useSubmit(onDone: () => void) {
  const { t } = useTranslation('detail');
  return useSharedSubmit(onDone, (e) => t('actions.failed', { message: e.message, code: e.code }));
}

function DialogButtons(props: { busy: boolean; submitLabel: string; onCancel: () => void }) {
  const { t } = useTranslation('detail');
  return <SharedDialogButtons {...props} cancelLabel={t('actions.cancel')} />;
}

interface Base {
  readonly api: SupportDeskApi;
  readonly detail: TicketDetail;
  readonly onClose: () => void;
}

/** DONE and CLOSED end the work on a ticket (CLOSED for good): the agent confirms, naming the ticket. */
export function ConfirmTransitionDialog({ api, detail, to, onClose }: Base & { to: TicketStatus }) {
  const { t } = useTranslation('detail');
  const { busy, run, errorView } = useSubmit(onClose);
  const { ticket } = detail;
  return (
    <Dialog title={t('confirm.title', { status: statusLabel(to) })} onClose={onClose} description={t(`confirm.body.${to === 'CLOSED' ? 'closed' : 'done'}`, { key: ticket.key })}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => mutate(api, 'transition', { ticketId: ticket.id, to, expectedStatus: ticket.status }));
        }}
      >
        {errorView}
        <DialogButtons busy={busy} submitLabel={t('confirm.submit', { status: statusLabel(to) })} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function AssignDialog({ api, detail, onClose, users }: Base & { users: readonly UserRecord[] }) {
  const { t } = useTranslation('detail');
  const { busy, run, errorView } = useSubmit(onClose);
  const [assigneeId, setAssigneeId] = useState(detail.ticket.assigneeId ?? '');
  const id = useId();
  return (
    <Dialog title={t('assign.title', { key: detail.ticket.key })} onClose={onClose}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => mutate(api, 'assign', { ticketId: detail.ticket.id, assigneeId: assigneeId === '' ? null : assigneeId }));
        }}
      >
        <label htmlFor={id}>{t('assign.label')}</label>
        <select id={id} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} data-autofocus>
          <option value="">{t('assign.nobody')}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {t('assign.option', { name: u.displayName, role: t(`people.role.${u.role}`) })}
            </option>
          ))}
        </select>
        {errorView}
        <DialogButtons busy={busy} submitLabel={t('assign.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function FieldsDialog({ api, detail, onClose }: Base) {
  const { t } = useTranslation('detail');
  const { busy, run, errorView } = useSubmit(onClose);
  const { ticket } = detail;
  const [category, setCategory] = useState<TicketCategory>(ticket.category);
  const [severity, setSeverity] = useState<Severity>(ticket.severity);
  const [impact, setImpact] = useState(String(ticket.impact));
  const [invalid, setInvalid] = useState(false);
  const id = useId();
  return (
    <Dialog title={t('fields.title', { key: ticket.key })} onClose={onClose}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(impact);
          if (!/^\d+$/.test(impact.trim()) || n > 1_000_000) {
            setInvalid(true);
            return;
          }
          setInvalid(false);
          // Only changed fields travel: a concurrent change of another field by a colleague stays intact.
          const patch = {
            ...(category !== ticket.category ? { category } : {}),
            ...(severity !== ticket.severity ? { severity } : {}),
            ...(n !== ticket.impact ? { impact: n } : {}),
          };
          if (Object.keys(patch).length === 0) {
            onClose();
            return;
          }
          void run(() => mutate(api, 'set_fields', { ticketId: ticket.id, ...patch }));
        }}
      >
        <label htmlFor={`${id}-c`}>{t('fields.category')}</label>
        <select id={`${id}-c`} value={category} onChange={(e) => setCategory(e.target.value as TicketCategory)} data-autofocus>
          {TICKET_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-s`}>{t('fields.severity')}</label>
        <select id={`${id}-s`} value={severity} onChange={(e) => setSeverity(Number(e.target.value) as Severity)}>
          {([1, 2, 3] as const).map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-i`}>{t('fields.impact')}</label>
        <input
          id={`${id}-i`}
          type="number"
          min={0}
          max={1_000_000}
          step={1}
          value={impact}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-ie` : undefined}
          onChange={(e) => setImpact(e.target.value)}
        />
        {invalid ? (
          <p id={`${id}-ie`} role="alert" className="sd-error">
            {t('fields.impactInvalid')}
          </p>
        ) : null}
        {errorView}
        <DialogButtons busy={busy} submitLabel={t('fields.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Marking (or unmarking) a misconfiguration exempts the ticket from its SLA, so it needs a stated reason. */
export function MisconfigurationDialog({ api, detail, onClose }: Base) {
  const { t } = useTranslation('detail');
  const { busy, run, errorView } = useSubmit(onClose);
  const marking = !detail.ticket.misconfiguration;
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const id = useId();
  return (
    <Dialog title={t(marking ? 'misconfiguration.markTitle' : 'misconfiguration.unmarkTitle', { key: detail.ticket.key })} onClose={onClose} description={t(marking ? 'misconfiguration.markHint' : 'misconfiguration.unmarkHint')}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() === '') {
            setMissing(true);
            return;
          }
          void run(() => mutate(api, 'mark_misconfiguration', { ticketId: detail.ticket.id, misconfiguration: marking, reason: reason.trim() }));
        }}
      >
        <label htmlFor={id}>{t('misconfiguration.reason')}</label>
        <textarea id={id} value={reason} maxLength={2000} aria-required="true" aria-invalid={missing} onChange={(e) => setReason(e.target.value)} data-autofocus />
        {missing ? (
          <p role="alert" className="sd-error">
            {t('misconfiguration.reasonMissing')}
          </p>
        ) : null}
        {errorView}
        <DialogButtons busy={busy} submitLabel={t(marking ? 'misconfiguration.mark' : 'misconfiguration.unmark')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Links the ticket to an outage/known-problem ticket picked by its key (PS-…), or removes the link. */
export function LinkOutageDialog({ api, detail, onClose }: Base) {
  const { t } = useTranslation('detail');
  const { busy, run, errorView } = useSubmit(onClose);
  const [key, setKey] = useState('');
  const id = useId();
  const linked = detail.ticket.linkedToTicketId !== null;

  async function link(): Promise<Result<unknown>> {
    const wanted = key.trim().toUpperCase();
    if (!/^PS-\d{1,9}$/.test(wanted)) return { ok: false, error: { code: 'VALIDATION_FAILED', message: t('outage.keyInvalid') } };
    const found = await api.calls['ticket.findByKey']({ key: wanted });
    if (!found.ok) return found;
    if (found.value === null) return { ok: false, error: { code: 'NOT_FOUND', message: t('outage.notFound', { key: wanted }) } };
    if (found.value.ticketId === detail.ticket.id) return { ok: false, error: { code: 'VALIDATION_FAILED', message: t('outage.self') } };
    return mutate(api, 'link_to_outage', { ticketId: detail.ticket.id, targetTicketId: found.value.ticketId });
  }

  return (
    <Dialog title={t('outage.title', { key: detail.ticket.key })} onClose={onClose}>
      <form noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(link);
        }}
      >
        <label htmlFor={id}>{t('outage.keyLabel')}</label>
        <input id={id} value={key} maxLength={12} placeholder={t('outage.keyPlaceholder')} onChange={(e) => setKey(e.target.value)} data-autofocus />
        {errorView}
        <DialogButtons busy={busy} submitLabel={t('outage.submit')} onCancel={onClose} />
        {linked ? (
          <button type="button" disabled={busy} onClick={() => void run(() => mutate(api, 'link_to_outage', { ticketId: detail.ticket.id, targetTicketId: null }))}>
            {t('outage.unlink')}
          </button>
        ) : null}
      </form>
    </Dialog>
  );
}
