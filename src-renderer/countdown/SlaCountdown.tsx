import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaClockView } from '../../src-shared/ipc/contract';
import { useNow } from '../clock/ui-clock';
import { countdownAt, headlineClock } from './countdown-model';
import { formatBusinessDuration } from './format';
import { SlaDerivation } from './SlaDerivation';

/**
 * The row's most urgent SLA clock, re-derived from its deadline on every tick of the shared clock.
 * Hovering shows how the number was computed (lazily: only while the tooltip is open).
 */
export function SlaCountdown({ clocks }: { readonly clocks: readonly SlaClockView[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [open, setOpen] = useState(false);
  const clock = headlineClock(clocks);
  const value = countdownAt(clock, now);
  if (!clock || value.tone === 'none') return <span className="countdown countdown--none">{t('countdown.none')}</span>;
  const text =
    value.tone === 'met' ? t('countdown.met') : value.remainingMs === null ? t('countdown.unknown') : formatBusinessDuration(value.remainingMs, i18n.language);
  return (
    <span className="tip-anchor" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <span className={`countdown countdown--${value.tone}`} data-tone={value.tone}>
        <span className="countdown-kind">{t(`slaKind.${clock.kind}`)}</span> {text}
        <span className="sr-only">{` (${t(`countdown.tone.${value.tone}`)})`}</span>
      </span>
      {open && (
        <span role="tooltip" className="tooltip">
          <SlaDerivation clock={clock} now={now} />
        </span>
      )}
    </span>
  );
}
