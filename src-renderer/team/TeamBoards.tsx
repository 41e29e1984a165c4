import { useTranslation } from 'react-i18next';

/**
 * Mount point for the team-lead boards (escalations, SLA at risk, workload), owned by the team engineer,
 * who replaces this file. The layout shows it in the main area when the agent picks "Team boards" (g t).
 * The contract API: useApi() from src-renderer/app/desk-context.tsx.
 */
export function TeamBoards() {
  const { t } = useTranslation();
  return <section className="team-placeholder" aria-label={t('team.region')} />;
}
