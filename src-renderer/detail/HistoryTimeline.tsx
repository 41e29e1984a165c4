import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { TICKET_CATEGORIES, type Actor } from '../../src-shared/domain/ticket';
import type { TicketDetail } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';
import { formatFullDateTime } from './format';

interface Entry {
  readonly id: string;
  readonly at: string;
  readonly actor: Actor;
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

const isStatus = (v: string): v is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(v);
const isCategory = (v: string): v is (typeof TICKET_CATEGORIES)[number] => (TICKET_CATEGORIES as readonly string[]).includes(v);

/**
 * Who changed what and when, oldest first. Status changes come from the history entries; a ticket synced
 * before history entries existed still shows its status history so the timeline is never blank.
 */
export function HistoryTimeline({ detail, people }: { detail: TicketDetail; people: ReadonlyMap<string, UserRecord> }) {
  const { t, i18n } = useTranslation('detail');
  const hHistory = useId();
  const entries: Entry[] = detail.history.map((h) => ({ ...h }));
  if (!entries.some((e) => e.field === 'status')) {
    detail.ticket.statusHistory.forEach((s, i) => entries.push({ id: `status-${i}`, at: s.at, actor: s.actor, field: 'status', from: s.from, to: s.to }));
  }
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const actorName = (actor: Actor): string =>
    actor.kind === 'system' ? t('history.system') : (people.get(actor.userId)?.displayName ?? t('history.unknownUser'));
  const value = (field: string, v: string | null): string => {
    if (v === null || v === '') return t('history.none');
    if (field === 'status' && isStatus(v)) return statusLabel(v);
    if (field === 'assignee') return people.get(v)?.displayName ?? v;
    if (field === 'category' && isCategory(v)) return t(`category.${v}`);
    if (field === 'misconfiguration') return t(v === 'true' ? 'history.yes' : 'history.no');
    return v;
  };

  return (
    <section aria-labelledby={hHistory} className="sd-detail-section">
      <h3 id={hHistory}>{t('history.heading')}</h3>
      {entries.length === 0 ? <p>{t('history.empty')}</p> : null}
      <ol className="sd-timeline">
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{formatFullDateTime(e.at, i18n.language)}</time>{' '}
            {t('history.change', {
              actor: actorName(e.actor),
              field: t(`history.field.${e.field}`, { defaultValue: e.field }),
              from: value(e.field, e.from),
              to: value(e.field, e.to),
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}
