import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { QueueRow } from '../../src-shared/ipc/contract';
import { STATUS_INFO } from '../../src-shared/domain/status';
import { AutoTransitionCountdown } from '../countdown/AutoTransitionCountdown';
import { SlaCountdown } from '../countdown/SlaCountdown';
import { formatDateTime, formatShortDateTime } from '../countdown/format';
import { WhyButton } from './WhyButton';

const col = createColumnHelper<QueueRow>();

/**
 * Column tracks for the CSS grid (header and rows share one template, so they always line up). Sized for a
 * 1440 px window with the sidebar (about 1170 px of queue): values that are always short get a fixed width that
 * fits them whole (rank, key, status, "S2", the SLA countdown, "30.10. 14:05"); text columns share the rest
 * with a minimum that still shows a readable start, and every cut text has its full value as a tooltip.
 */
export const COLUMN_TRACKS: Readonly<Record<string, string>> = {
  rank: '52px',
  key: '82px',
  title: 'minmax(160px, 3fr)',
  organizationName: 'minmax(96px, 1.2fr)',
  endUserCompany: 'minmax(88px, 1fr)',
  status: '120px',
  category: '80px',
  severity: '56px',
  sla: '152px',
  nextAutoTransition: '104px',
  assigneeName: 'minmax(88px, 1fr)',
  updatedAt: '104px',
};

/** A text cell that may be cut with an ellipsis: the full text is its tooltip. */
function Text({ text, shown, className }: { readonly text: string; readonly shown?: string; readonly className?: string }) {
  return (
    <span className={className} title={text}>
      {shown ?? text}
    </span>
  );
}

/** A header whose visible label is shortened: the full label stays its accessible name and tooltip. */
function Header({ full, short }: { readonly full: string; readonly short: string }) {
  return (
    <span title={full} aria-label={full}>
      {short}
    </span>
  );
}

/**
 * Columns hidden while the detail pane takes the right side of the window (the pane shows all of them for the
 * open ticket); what stays fits the ~640 px left at 1440 px.
 */
export const HIDDEN_WHEN_COMPACT: readonly string[] = ['endUserCompany', 'category', 'assigneeName', 'updatedAt', 'organizationName', 'nextAutoTransition'];

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
    col.accessor('title', { header: () => t('columns.title'), cell: (c) => <Text className="title-cell" text={c.getValue()} /> }),
    col.accessor('organizationName', { header: () => t('columns.organization'), cell: (c) => <Text text={c.getValue()} /> }),
    col.accessor('endUserCompany', {
      header: () => <Header full={t('columns.endUserCompany')} short={t('columnsShort.endUserCompany')} />,
      cell: (c) => {
        const name = c.getValue();
        if (name === null) return <Text className="muted" text={t('queue.endUserSelf')} shown={t('queue.endUserSelfShort')} />;
        const registered = c.row.original.endUserRegistered;
        return (
          <span title={registered ? `${name} (${t('queue.registered')})` : name}>
            {registered && (
              <span className="badge badge--lead" aria-label={t('queue.registered')}>
                {t('queue.registeredShort')}
              </span>
            )}
            {name}
          </span>
        );
      },
    }),
    col.accessor('status', {
      header: () => t('columns.status'),
      cell: (c) => (
        <span className={`status status--${c.getValue()}`} title={STATUS_INFO[c.getValue()].meaning[language === 'de' ? 'de' : 'en']}>
          {STATUS_INFO[c.getValue()].label}
        </span>
      ),
    }),
    col.accessor('category', {
      header: () => t('columns.category'),
      cell: (c) => <Text text={t(`categories.${c.getValue()}`)} shown={t(`categoriesShort.${c.getValue()}`)} />,
    }),
    col.accessor('severity', {
      header: () => <Header full={t('columns.severity')} short={t('columnsShort.severity')} />,
      cell: (c) => (
        <span className={`severity severity--${c.getValue()}`} title={t(`severity.${c.getValue()}`)} aria-label={t(`severity.${c.getValue()}`)}>
          {t(`severityShort.${c.getValue()}`)}
        </span>
      ),
    }),
    col.accessor('sla', { header: () => t('columns.sla'), cell: (c) => <SlaCountdown clocks={c.getValue()} /> }),
    col.accessor('nextAutoTransition', {
      header: () => <Header full={t('columns.nextTransition')} short={t('columnsShort.nextTransition')} />,
      cell: (c) => <AutoTransitionCountdown next={c.getValue()} />,
    }),
    col.accessor('assigneeName', {
      header: () => t('columns.assignee'),
      cell: (c) => {
        const name = c.getValue();
        return name === null ? <Text className="muted" text={t('queue.unassigned')} /> : <Text text={name} />;
      },
    }),
    col.accessor('updatedAt', {
      header: () => t('columns.updated'),
      cell: (c) => <Text text={formatDateTime(c.getValue(), language)} shown={formatShortDateTime(c.getValue(), language)} />,
    }),
  ];
}
