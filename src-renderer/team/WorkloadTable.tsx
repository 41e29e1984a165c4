import { useTranslation } from 'react-i18next';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import { useLiveCall } from './use-live-call';

/** Open, at-risk and breached tickets per agent, busiest first (breaches weigh most: they need a lead now). */
export function WorkloadTable({ api }: { api: SupportDeskApi }) {
  const { t, i18n } = useTranslation('team');
  const { state } = useLiveCall(api, () => api.calls['team.workload']({}));
  if (state.kind === 'loading') return <p role="status">{t('board.loading')}</p>;
  if (state.kind === 'error') return <p role="alert">{t('board.failed', { message: state.error.message, code: state.error.code })}</p>;
  const rows = [...state.value].sort((a, b) => b.breached - a.breached || b.atRisk - a.atRisk || b.open - a.open || a.displayName.localeCompare(b.displayName));
  const n = new Intl.NumberFormat(i18n.language);
  if (rows.length === 0) return <p>{t('workload.empty')}</p>;
  return (
    <table className="sd-table sd-workload">
      <caption>{t('workload.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('workload.agent')}</th>
          <th scope="col">{t('workload.open')}</th>
          <th scope="col">{t('workload.atRisk')}</th>
          <th scope="col">{t('workload.breached')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.userId} data-breached={r.breached > 0}>
            <th scope="row">{r.displayName}</th>
            <td>{n.format(r.open)}</td>
            <td>{n.format(r.atRisk)}</td>
            <td>{n.format(r.breached)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
