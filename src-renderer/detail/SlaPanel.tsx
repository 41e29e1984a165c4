import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../src-shared/domain/status';
import type { SlaClockView, TicketDetail } from '../../src-shared/ipc/contract';
import { useNow } from '../clock/ui-clock';
import { countdownAt } from '../countdown/countdown-model';
import { SlaDerivation } from '../countdown/SlaDerivation';
import { formatBusinessDuration, formatCalendarDuration } from '../countdown/format';
import { formatDue, formatFullDateTime } from './format';

interface Props {
  readonly detail: TicketDetail;
}

/** SLA contract, tier and each clock with its countdown and derivation, then the projected automatic change. */
export function SlaPanel({ detail }: Props) {
  const { t, i18n } = useTranslation('detail');
  const hSla = useId();
  const now = useNow();
  const { ticket } = detail;
  return (
    <section aria-labelledby={hSla} className="sd-detail-section">
      <h3 id={hSla}>{t('sla.heading')}</h3>
      <p>
        {ticket.slaContractNumber === null
          ? t('sla.noContract')
          : t('sla.contract', { number: ticket.slaContractNumber, tier: detail.slaTier ?? t('sla.tierUnknown') })}
        {ticket.misconfiguration ? ` ${t('sla.exemptMisconfiguration')}` : ''}
      </p>
      <ul className="sd-sla-clocks" aria-label={t('sla.clocks')}>
        {detail.sla.map((clock) => (
          <ClockItem key={clock.kind} clock={clock} now={now} language={i18n.language} />
        ))}
      </ul>
      <AutoTransitionLine detail={detail} now={now} />
    </section>
  );
}

function ClockItem({ clock, now, language }: { clock: SlaClockView; now: number; language: string }) {
  const { t } = useTranslation('detail');
  const value = countdownAt(clock, now);
  const kind = t(`sla.kind.${clock.kind}`);
  let countdown: string;
  if (value.tone === 'none') countdown = t('sla.state.not_applicable');
  else if (value.tone === 'met') countdown = t('sla.state.met');
  else if (value.tone === 'paused') {
    countdown =
      value.remainingMs === null
        ? t('sla.state.paused')
        : t('sla.pausedWithRemaining', { remaining: formatBusinessDuration(value.remainingMs, language) });
  } else if (value.tone === 'breached') {
    countdown = t('sla.overdue', { overdue: formatBusinessDuration(Math.abs(value.remainingMs ?? 0), language) });
  } else countdown = t('sla.remaining', { remaining: formatBusinessDuration(value.remainingMs ?? 0, language) });
  const showDerivation = clock.state !== 'not_applicable' && clock.state !== 'met';
  return (
    <li className={`sd-sla-clock sd-tone-${value.tone}`} data-tone={value.tone}>
      <span className="sd-sla-kind">{kind}</span>{' '}
      <span className={`countdown countdown--${value.tone}`}>{countdown}</span>{' '}
      <span className="sd-sla-reason">{t(`sla.reason.${clock.reasonCode}`, { defaultValue: clock.reasonCode })}</span>
      {showDerivation ? (
        <details className="sd-sla-derivation">
          <summary>{t('sla.howComputed')}</summary>
          <SlaDerivation clock={clock} now={now} />
        </details>
      ) : null}
    </li>
  );
}

function AutoTransitionLine({ detail, now }: { detail: TicketDetail; now: number }) {
  const { t, i18n } = useTranslation('detail');
  const next = detail.nextAutoTransition;
  if (next === null) return <p className="sd-auto-transition">{t('auto.none')}</p>;
  const due = Date.parse(next.dueAt);
  return (
    <p className="sd-auto-transition" title={formatFullDateTime(due, i18n.language)}>
      {t(due <= now ? 'auto.overdue' : 'auto.projected', {
        to: statusLabel(next.to),
        when: formatDue(due, now, i18n.language),
        date: formatFullDateTime(due, i18n.language),
        in: formatCalendarDuration(Math.max(0, due - now), i18n.language),
      })}
    </p>
  );
}
