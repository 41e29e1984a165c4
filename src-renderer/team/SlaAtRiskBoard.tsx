import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../src-shared/domain/status';
import type { ContractError, QueueRow, SupportDeskApi } from '../../src-shared/ipc/contract';
import { AutoTransitionCountdown } from '../countdown/AutoTransitionCountdown';
import { SlaCountdown } from '../countdown/SlaCountdown';

const PAGE = 200;

/**
 * Tickets whose SLA is at risk or breached (the core's 'sla_at_risk' view, in rule order), with the
 * assignee so a lead can rebalance. No cap: "Show more" pages on through the whole view.
 */
export function SlaAtRiskBoard({ api, onOpenTicket }: { api: SupportDeskApi; onOpenTicket?: (ticketId: string) => void }) {
  const { t } = useTranslation('team');
  const [rows, setRows] = useState<readonly QueueRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ContractError | null>(null);
  const shown = useRef(PAGE);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    void api.calls['queue.window']({ view: 'sla_at_risk', filter: {}, offset: 0, limit: Math.min(500, shown.current) }).then(async (first) => {
      if (mine !== generation.current) return;
      if (!first.ok) return setError(first.error);
      // Windows are capped at 500 per call; page on for anything the agent already expanded to.
      const all = [...first.value.rows];
      while (all.length < Math.min(shown.current, first.value.total)) {
        const next = await api.calls['queue.window']({ view: 'sla_at_risk', filter: {}, offset: all.length, limit: Math.min(500, shown.current - all.length) });
        if (mine !== generation.current) return;
        if (!next.ok || next.value.rows.length === 0) break;
        all.push(...next.value.rows);
      }
      setError(null);
      setRows(all);
      setTotal(first.value.total);
    });
  }, [api]);

  useEffect(() => {
    load();
    const off = api.events['tickets.changed'](() => load());
    return () => {
      generation.current += 1;
      off();
    };
  }, [api, load]);

  if (error) return <p role="alert">{t('board.failed', { message: error.message, code: error.code })}</p>;
  if (rows === null) return <p role="status">{t('board.loading')}</p>;
  if (rows.length === 0) return <p>{t('atRisk.empty')}</p>;
  return (
    <div className="sd-at-risk">
      <p>{t('atRisk.count', { shown: rows.length, total })}</p>
      <table className="sd-table">
        <caption>{t('atRisk.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('atRisk.key')}</th>
            <th scope="col">{t('atRisk.title')}</th>
            <th scope="col">{t('atRisk.organization')}</th>
            <th scope="col">{t('atRisk.status')}</th>
            <th scope="col">{t('atRisk.assignee')}</th>
            <th scope="col">{t('atRisk.sla')}</th>
            <th scope="col">{t('atRisk.next')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                {onOpenTicket ? (
                  <button type="button" className="sd-link-button" onClick={() => onOpenTicket(r.id)}>
                    {r.key}
                  </button>
                ) : (
                  r.key
                )}
              </td>
              <td>{r.title}</td>
              <td>{r.organizationName}</td>
              <td>{statusLabel(r.status)}</td>
              <td>{r.assigneeName ?? t('atRisk.unassigned')}</td>
              <td>
                <SlaCountdown clocks={r.sla} />
              </td>
              <td>
                <AutoTransitionCountdown next={r.nextAutoTransition} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < total ? (
        <button
          type="button"
          onClick={() => {
            shown.current += PAGE;
            load();
          }}
        >
          {t('atRisk.more')}
        </button>
      ) : null}
    </div>
  );
}
