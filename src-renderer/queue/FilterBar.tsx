import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, TICKET_CATEGORIES, type Severity, type TicketCategory } from '../../src-shared/domain/ticket';
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { SlaFilterSchema, type QueueFilter } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';
import { useApi, useDesk } from '../app/desk-context';
import { formatCount } from '../countdown/format';

const SLA_FILTERS = SlaFilterSchema.options;
type SlaFilter = (typeof SLA_FILTERS)[number];
const TEXT_DEBOUNCE_MS = 200;

/** Filters on top of the current view; each select narrows to one value (empty = any). */
export function FilterBar() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const filter = useDesk((s) => s.filter);
  const setFilter = useDesk((s) => s.setFilter);
  const clearFilters = useDesk((s) => s.clearFilters);
  const organizationName = useDesk((s) => s.organizationFilterName);
  const focusRequest = useDesk((s) => s.searchFocusRequest);
  const total = useDesk((s) => s.total);
  const searchRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(filter.text ?? '');
  const [users, setUsers] = useState<UserRecord[]>([]);

  useEffect(() => {
    if (focusRequest > 0) searchRef.current?.focus();
  }, [focusRequest]);

  useEffect(() => {
    setText(filter.text ?? '');
  }, [filter.text]);

  useEffect(() => {
    let live = true;
    void api.calls['users.assignable']({}).then((r) => {
      if (live && r.ok) setUsers(r.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if ((filter.text ?? '') === text.trim()) return;
    const timer = setTimeout(() => setFilter({ text: text.trim() === '' ? undefined : text.trim() }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, filter.text, setFilter]);

  const one = <T,>(values: readonly T[] | undefined): string => (values && values.length === 1 ? String(values[0]) : '');
  const anyFilter = Object.keys(filter).length > 0;

  return (
    <div className="filter-bar" role="search" aria-label={t('filters.label')}>
      <input
        ref={searchRef}
        type="search"
        className="search"
        aria-label={t('filters.search')}
        placeholder={t('filters.searchPlaceholder')}
        value={text}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFilter({ text: text.trim() === '' ? undefined : text.trim() });
        }}
      />
      <select aria-label={t('filters.status')} value={one(filter.statuses)} onChange={(e) => setFilter({ statuses: e.target.value ? [e.target.value as TicketStatus] : undefined })}>
        <option value="">{t('filters.anyStatus')}</option>
        {TICKET_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_INFO[s].label}
          </option>
        ))}
      </select>
      <select aria-label={t('filters.category')} value={one(filter.categories)} onChange={(e) => setFilter({ categories: e.target.value ? [e.target.value as TicketCategory] : undefined })}>
        <option value="">{t('filters.anyCategory')}</option>
        {TICKET_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`categories.${c}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('filters.severity')} value={one(filter.severities)} onChange={(e) => setFilter({ severities: e.target.value ? [Number(e.target.value) as Severity] : undefined })}>
        <option value="">{t('filters.anySeverity')}</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`severity.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('filters.sla')} value={one(filter.sla)} onChange={(e) => setFilter({ sla: e.target.value ? [e.target.value as SlaFilter] : undefined })}>
        <option value="">{t('filters.anySla')}</option>
        {SLA_FILTERS.map((s) => (
          <option key={s} value={s}>
            {t(`slaState.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('filters.assignee')} value={filter.assignee ?? ''} onChange={(e) => setFilter({ assignee: (e.target.value || undefined) as QueueFilter['assignee'] })}>
        <option value="">{t('filters.anyAssignee')}</option>
        <option value="me">{t('filters.me')}</option>
        <option value="unassigned">{t('filters.unassigned')}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName}
          </option>
        ))}
      </select>
      {filter.organizationId && (
        <button type="button" className="chip" aria-label={t('filters.removeOrganization', { name: organizationName ?? filter.organizationId })} onClick={() => setFilter({ organizationId: undefined }, null)}>
          {t('filters.organizationChip', { name: organizationName ?? filter.organizationId })}
          <span aria-hidden="true"> ×</span>
        </button>
      )}
      {anyFilter && (
        <button type="button" className="link-button" onClick={clearFilters}>
          {t('filters.clear')}
        </button>
      )}
      <span className="result-count" role="status">
        {t('filters.results', { count: total, formatted: formatCount(total, i18n.language) })}
      </span>
    </div>
  );
}
