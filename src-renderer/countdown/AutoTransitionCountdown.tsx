import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../src-shared/ipc/contract';
import { STATUS_INFO } from '../../src-shared/domain/status';
import { useNow } from '../clock/ui-clock';
import { formatCalendarDuration, formatDateTime } from './format';

/** The next automatic transition, counted in calendar time (the automation counts calendar days). */
export function AutoTransitionCountdown({ next }: { readonly next: QueueRow['nextAutoTransition'] }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [open, setOpen] = useState(false);
  if (!next) return <span className="muted">{t('countdown.none')}</span>;
  const left = Date.parse(next.dueAt) - now;
  const label = STATUS_INFO[next.to].label;
  return (
    <span className="tip-anchor" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <span className="auto-countdown">
        {t('autoTransition.short', { status: label, left: left <= 0 ? t('autoTransition.due') : formatCalendarDuration(left, i18n.language) })}
      </span>
      {open && (
        <span role="tooltip" className="tooltip">
          {t('autoTransition.explain', { status: label, at: formatDateTime(next.dueAt, i18n.language) })}
        </span>
      )}
    </span>
  );
}
