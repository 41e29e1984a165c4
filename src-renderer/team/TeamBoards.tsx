import '../detail/detail.css';
import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import { useApi, useDeskStore } from '../app/desk-context';
import { EscalationBoard } from './EscalationBoard';
import { SlaAtRiskBoard } from './SlaAtRiskBoard';
import { WorkloadTable } from './WorkloadTable';

const TABS = ['escalations', 'atRisk', 'workload'] as const;
type Tab = (typeof TABS)[number];

/** Mount point in the app frame ("Team boards", g t): opens tickets in the desk's detail pane. */
export function TeamBoards() {
  const api = useApi();
  const desk = useDeskStore();
  const open = useCallback((ticketId: string) => desk.setState({ detailTicketId: ticketId }), [desk]);
  return <TeamBoardsView api={api} onOpenTicket={open} />;
}

/** The three team-lead boards as tabs (arrow keys move between tabs, as the ARIA tabs pattern expects). */
export function TeamBoardsView({ api, onOpenTicket }: { api: SupportDeskApi; onOpenTicket?: (ticketId: string) => void }) {
  const { t } = useTranslation('team');
  const [tab, setTab] = useState<Tab>('escalations');
  const base = useId();
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  function onKeyDown(e: React.KeyboardEvent): void {
    const i = TABS.indexOf(tab);
    let next: Tab | undefined;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length];
    else if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    setTab(next);
    refs.current[next]?.focus();
  }

  return (
    <section className="sd-team" aria-labelledby={`${base}-h`}>
      <h1 id={`${base}-h`} className="view-title">
        {t('heading')}
      </h1>
      <div role="tablist" aria-label={t('tabs')} onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            ref={(el) => {
              refs.current[id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`${base}-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
          >
            {t(`tab.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel-${tab}`} aria-labelledby={`${base}-tab-${tab}`} tabIndex={0}>
        {tab === 'escalations' ? <EscalationBoard api={api} onOpenTicket={onOpenTicket} /> : null}
        {tab === 'atRisk' ? <SlaAtRiskBoard api={api} onOpenTicket={onOpenTicket} /> : null}
        {tab === 'workload' ? <WorkloadTable api={api} /> : null}
      </div>
    </section>
  );
}
