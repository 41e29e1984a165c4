import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { QueueRow } from '../../src-shared/ipc/contract';
import { STATUS_INFO } from '../../src-shared/domain/status';
import { AutoTransitionCountdown } from '../countdown/AutoTransitionCountdown';
import { SlaCountdown } from '../countdown/SlaCountdown';
import { formatShortDateTime } from '../countdown/format';
import { WhyButton } from './WhyButton';

const col = createColumnHelper<QueueRow>();

/**
 * Column tracks for the CSS grid (header and rows share one template, so they always line up): short fixed
 * columns keep keys and countdowns readable; the rest share the remaining width with a minimum each.
 */
export const COLUMN_TRACKS: Readonly<Record<string, string>> = {
  rank: '52px',
  key: '88px',
  title: 'minmax(130px, 3fr)',
  organizationName: 'minmax(70px, 1.2fr)',
  endUserCompany: 'minmax(70px, 1.2fr)',
  status: '132px',
  category: 'minmax(70px, 1fr)',
  severity: 'minmax(60px, 0.8fr)',
  sla: 'minmax(172px, 1.4fr)',
  nextAutoTransition: 'minmax(96px, 1.2fr)',
  assigneeName: 'minmax(70px, 1fr)',
  updatedAt: 'minmax(84px, 0.9fr)',
};

/** Columns hidden while the detail pane takes the right side of the window. */
export const HIDDEN_WHEN_COMPACT: readonly string[] = ['endUserCompany', 'category', 'assigneeName', 'updatedAt', 'organizationName'];

export function queueColumns(t: TFunction, language: string) {
  return [
    col.accessor('rank', {
      header: () => t('columns.rank'),
      cell: (c) => (
        <span className="rank-cell">
          <span>{c.getValue()}</span>
          <WhyButton row={c.row.original} />
        </span>
      ),
    }),
    col.accessor('key', {
      header: () => t('columns.key'),
      cell: (c) => (
        <span className="key-cell">
          {c.getValue()}
          {c.row.original.pendingLocalChanges && (
            <span className="pending-dot" role="img" aria-label={t('queue.pendingLocal')}>
              ●
            </span>
          )}
        </span>
      ),
    }),
    col.accessor('title', { header: () => t('columns.title'), cell: (c) => <span className="title-cell">{c.getValue()}</span> }),
    col.accessor('organizationName', { header: () => t('columns.organization') }),
    col.accessor('endUserCompany', {
      header: () => t('columns.endUserCompany'),
      cell: (c) =>
        c.getValue() === null ? (
          <span className="muted">{t('queue.endUserSelf')}</span>
        ) : (
          <span>
            {c.getValue()}
            {c.row.original.endUserRegistered && <span className="badge">{t('queue.registered')}</span>}
          </span>
        ),
    }),
    col.accessor('status', {
      header: () => t('columns.status'),
      cell: (c) => (
        <span className={`status status--${c.getValue()}`} title={STATUS_INFO[c.getValue()].meaning[language === 'de' ? 'de' : 'en']}>
          {STATUS_INFO[c.getValue()].label}
        </span>
      ),
    }),
    col.accessor('category', { header: () => t('columns.category'), cell: (c) => t(`categories.${c.getValue()}`) }),
    col.accessor('severity', {
      header: () => t('columns.severity'),
      cell: (c) => <span className={`severity severity--${c.getValue()}`}>{t(`severity.${c.getValue()}`)}</span>,
    }),
    col.accessor('sla', { header: () => t('columns.sla'), cell: (c) => <SlaCountdown clocks={c.getValue()} /> }),
    col.accessor('nextAutoTransition', { header: () => t('columns.nextTransition'), cell: (c) => <AutoTransitionCountdown next={c.getValue()} /> }),
    col.accessor('assigneeName', {
      header: () => t('columns.assignee'),
      cell: (c) => c.getValue() ?? <span className="muted">{t('queue.unassigned')}</span>,
    }),
    col.accessor('updatedAt', { header: () => t('columns.updated'), cell: (c) => formatShortDateTime(c.getValue(), language) }),
  ];
}
