import { useTranslation } from 'react-i18next';
import { BUILT_IN_VIEWS } from '../../src-shared/ipc/contract';
import { formatCount } from '../countdown/format';
import { useDesk } from './desk-context';

const VIEW_KEYS: Record<(typeof BUILT_IN_VIEWS)[number], string> = {
  my_queue: 'g m',
  unassigned: 'g u',
  sla_at_risk: 'g r',
  waiting_for_customer: 'g w',
  escalations: 'g e',
  all_open: 'g o',
};

/** Views with counts that are never capped (JSM stops at 999+, Zammad at 2,100 rows). */
export function Sidebar() {
  const { t, i18n } = useTranslation();
  const view = useDesk((s) => s.view);
  const area = useDesk((s) => s.area);
  const counts = useDesk((s) => s.counts);
  const savedViews = useDesk((s) => s.settings?.savedViews);
  const setView = useDesk((s) => s.setView);
  const setArea = useDesk((s) => s.setArea);
  const deleteSavedView = useDesk((s) => s.deleteSavedView);
  const setOverlay = useDesk((s) => s.setOverlay);
  const signOut = useDesk((s) => s.signOut);
  const user = useDesk((s) => s.session?.user);
  const lang = i18n.language;

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="brand">{t('app.name')}</div>
      <h2 className="sidebar-heading">{t('sidebar.views')}</h2>
      <ul className="view-list">
        {BUILT_IN_VIEWS.map((v) => {
          const current = area === 'queue' && view.kind === 'builtin' && view.id === v;
          const count = counts?.views[v];
          return (
            <li key={v}>
              <button
                type="button"
                className="view-button"
                aria-current={current ? 'page' : undefined}
                aria-keyshortcuts={VIEW_KEYS[v].replace(' ', '+')}
                onClick={() => setView({ kind: 'builtin', id: v })}
              >
                <span className="view-name">{t(`views.${v}`)}</span>
                <span className="view-count" aria-label={t('sidebar.countLabel', { count: count ?? 0 })}>
                  {count === undefined ? '…' : formatCount(count, lang)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <h2 className="sidebar-heading">{t('sidebar.savedViews')}</h2>
      {savedViews && savedViews.length > 0 ? (
        <ul className="view-list">
          {savedViews.map((v, i) => (
            <li key={v.id} className="saved-view">
              <button
                type="button"
                className="view-button"
                aria-current={area === 'queue' && view.kind === 'saved' && view.id === v.id ? 'page' : undefined}
                onClick={() => setView({ kind: 'saved', id: v.id })}
              >
                <span className="view-name">{v.name}</span>
                {i < 9 && <kbd className="view-key">{`g ${i + 1}`}</kbd>}
              </button>
              <button type="button" className="icon-button" aria-label={t('sidebar.deleteView', { name: v.name })} onClick={() => void deleteSavedView(v.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('sidebar.noSavedViews')}</p>
      )}
      <button type="button" className="link-button" onClick={() => setOverlay('saveView')}>
        {t('sidebar.saveView')}
      </button>
      <h2 className="sidebar-heading">{t('sidebar.team')}</h2>
      <button type="button" className="view-button" aria-current={area === 'team' ? 'page' : undefined} onClick={() => setArea('team')}>
        <span className="view-name">{t('shortcuts.teamBoards')}</span>
      </button>
      <div className="sidebar-footer">
        {user && <p className="muted small user-name">{user.displayName}</p>}
        <button type="button" className="link-button" onClick={() => setOverlay('settings')}>
          {t('settings.title')}
        </button>
        <button type="button" className="link-button" onClick={() => setOverlay('help')}>
          {t('shortcuts.help')}
        </button>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t('sidebar.signOut')}
        </button>
      </div>
    </nav>
  );
}
