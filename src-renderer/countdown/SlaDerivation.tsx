import { useTranslation } from 'react-i18next';
import type { SlaClockView } from '../../src-shared/ipc/contract';
import { deriveCountdown } from './countdown-model';
import { formatBusinessDuration, formatCalendarDuration, formatDateTime } from './format';

/**
 * "How was this number computed": the deadline, the wall-clock span to it, and every kind of closed time the
 * business calendar skipped (off-hours, public holidays by name, closed days). A paused clock says why.
 */
export function SlaDerivation({ clock, now }: { readonly clock: SlaClockView; readonly now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = clock.state === 'running' || clock.state === 'breached' ? deriveCountdown(clock, now) : null;
  return (
    <span className="derivation">
      <span className="derivation-line">
        {t(`slaKind.${clock.kind}`)} · {t(`clockState.${clock.state}`)}
      </span>
      <span className="derivation-line">{t(`slaReason.${clock.reasonCode}`, { defaultValue: clock.reasonCode })}</span>
      {clock.dueAt && <span className="derivation-line">{t('derivation.due', { at: formatDateTime(clock.dueAt, lang) })}</span>}
      {clock.state === 'paused' && clock.remainingMs !== null && (
        <span className="derivation-line">{t('derivation.pausedLeft', { left: formatBusinessDuration(clock.remainingMs, lang) })}</span>
      )}
      {d && (
        <>
          <span className="derivation-line">{t('derivation.wall', { span: formatCalendarDuration(d.wallMs, lang) })}</span>
          {d.closed.map((c) => (
            <span key={c.reason} className="derivation-line">
              {t(`derivation.closed.${c.reason}`, { span: formatCalendarDuration(c.totalMs, lang), count: c.count, names: c.names.join(', ') })}
            </span>
          ))}
          <span className="derivation-line derivation-result">{t('derivation.business', { span: formatBusinessDuration(d.businessMs, lang) })}</span>
        </>
      )}
    </span>
  );
}
