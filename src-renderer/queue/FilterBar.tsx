import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, TICKET_CATEGORIES, type Severity, type TicketCategory } from '../../src-shared/domain/ticket';
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { SlaFilterSchema, type QueueFilter } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';
import { useApi, useDesk } from '../app/desk-context';
import { formatCount } from '../countdown/format';
import { MultiFilter } from './MultiFilter';

const SLA_FILTERS = SlaFilterSchema.options;
type SlaFilter = (typeof SLA_FILTERS)[number];
const TEXT_DEBOUNCE_MS = 200;

/**
 * Filters on top of the current view. Status, category, severity and SLA state take several values each
 * (MultiFilter; none = any), as QueueFilter does; the assignee stays one value (a ticket has one assignee).
 */
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
      <MultiFilter<TicketStatus>
        label={t('filters.status')}
        anyLabel={t('filters.anyStatus')}
        options={TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_INFO[s].label }))}
        selected={filter.statuses}
        onChange={(statuses) => setFilter({ statuses })}
      />
      <MultiFilter<TicketCategory>
        label={t('filters.category')}
        anyLabel={t('filters.anyCategory')}
        options={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
        selected={filter.categories}
        onChange={(categories) => setFilter({ categories })}
      />
      <MultiFilter<Severity>
        label={t('filters.severity')}
        anyLabel={t('filters.anySeverity')}
        options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
        selected={filter.severities}
        onChange={(severities) => setFilter({ severities })}
      />
      <MultiFilter<SlaFilter>
        label={t('filters.sla')}
        anyLabel={t('filters.anySla')}
        options={SLA_FILTERS.map((s) => ({ value: s, label: t(`slaState.${s}`) }))}
        selected={filter.sla}
        onChange={(sla) => setFilter({ sla })}
      />
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
