import { useTranslation } from 'react-i18next';
import { useDesk } from '../app/desk-context';
import { Dialog } from '../app/Dialog';
import { useShortcutDefinitions } from './action-registry';
import { displayKeys, sequencesOf, type ShortcutGroup } from './shortcuts';
import { isMacPlatform, shortcutLabel } from './shortcut-label';

const GROUPS: readonly ShortcutGroup[] = ['navigation', 'views', 'ticket', 'general'];

/** `?`: every shortcut in the registry, grouped. */
export function ShortcutOverlay() {
  const { t } = useTranslation();
  const definitions = useShortcutDefinitions();
  const savedViews = useDesk((s) => s.settings?.savedViews);
  const setOverlay = useDesk((s) => s.setOverlay);
  const mac = isMacPlatform();
  return (
    <Dialog label={t('shortcuts.title')} className="shortcut-overlay">
      <header className="dialog-header">
        <h2>{t('shortcuts.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => setOverlay(null)}>
          ×
        </button>
      </header>
      <div className="shortcut-groups">
        {GROUPS.map((g) => (
          <table key={g} className="shortcut-table">
            <caption>{t(`shortcuts.group.${g}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('shortcuts.keyColumn')}</th>
                <th scope="col">{t('shortcuts.actionColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {definitions
                .filter((d) => d.group === g)
                .map((d) => (
                  <tr key={d.id} data-shortcut={d.id}>
                    <td>
                      {sequencesOf(d).map((seq, i) => (
                        <span key={seq} className="keys">
                          {i > 0 && ' / '}
                          {displayKeys(seq, mac).map((k, j) => (
                            <kbd key={j}>{k}</kbd>
                          ))}
                        </span>
                      ))}
                    </td>
                    <td>{shortcutLabel(d, t, savedViews)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
      </div>
    </Dialog>
  );
}
