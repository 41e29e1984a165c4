import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { QueueRow } from '../../src-shared/ipc/contract';
import { STATUS_INFO } from '../../src-shared/domain/status';
import { AutoTransitionCountdown } from '../countdown/AutoTransitionCountdown';
import { SlaCountdown } from '../countdown/SlaCountdown';
import { formatDateTime } from '../countdown/format';
import { WhyButton } from './WhyButton';

const col = createColumnHelper<QueueRow>();

/** Column widths in px (the grid template is built from these, so header and rows always line up). */
export function queueColumns(t: TFunction, language: string) {
  return [
    col.accessor('rank', {
      header: () => t('columns.rank'),
      size: 64,
      cell: (c) => (
        <span className="rank-cell">
          <span>{c.getValue()}</span>
          <WhyButton row={c.row.original} />
        </span>
      ),
    }),
    col.accessor('key', {
      header: () => t('columns.key'),
      size: 96,
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
    col.accessor('title', { header: () => t('columns.title'), size: 300, cell: (c) => <span className="title-cell">{c.getValue()}</span> }),
    col.accessor('organizationName', { header: () => t('columns.organization'), size: 150 }),
    col.accessor('endUserCompany', {
      header: () => t('columns.endUserCompany'),
      size: 150,
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
      size: 140,
      cell: (c) => (
        <span className={`status status--${c.getValue()}`} title={STATUS_INFO[c.getValue()].meaning[language === 'de' ? 'de' : 'en']}>
          {STATUS_INFO[c.getValue()].label}
        </span>
      ),
    }),
    col.accessor('category', { header: () => t('columns.category'), size: 140, cell: (c) => t(`categories.${c.getValue()}`) }),
    col.accessor('severity', {
      header: () => t('columns.severity'),
      size: 110,
      cell: (c) => <span className={`severity severity--${c.getValue()}`}>{t(`severity.${c.getValue()}`)}</span>,
    }),
    col.accessor('sla', { header: () => t('columns.sla'), size: 150, cell: (c) => <SlaCountdown clocks={c.getValue()} /> }),
    col.accessor('nextAutoTransition', { header: () => t('columns.nextTransition'), size: 190, cell: (c) => <AutoTransitionCountdown next={c.getValue()} /> }),
    col.accessor('assigneeName', {
      header: () => t('columns.assignee'),
      size: 130,
      cell: (c) => c.getValue() ?? <span className="muted">{t('queue.unassigned')}</span>,
    }),
    col.accessor('updatedAt', { header: () => t('columns.updated'), size: 130, cell: (c) => formatDateTime(c.getValue(), language) }),
  ];
}
