import { useTranslation } from 'react-i18next';
import { LanguageSchema, type Settings } from '../../src-shared/ipc/contract';
import { useDesk } from '../app/desk-context';
import { Dialog } from '../app/Dialog';

const THEMES: readonly Settings['theme'][] = ['system', 'light', 'dark'];
const NOTIFICATIONS: readonly (keyof Settings['notifications'])[] = ['slaAtRisk', 'slaBreached', 'assignedToMe'];

/** Language (applied at once, no restart), theme and notification choices; each change is persisted via settings.set. */
export function SettingsDialog() {
  const { t } = useTranslation();
  const settings = useDesk((s) => s.settings);
  const save = useDesk((s) => s.saveSettings);
  const setOverlay = useDesk((s) => s.setOverlay);
  if (!settings) return null;
  return (
    <Dialog label={t('settings.title')} className="settings">
      <header className="dialog-header">
        <h2>{t('settings.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => setOverlay(null)}>
          ×
        </button>
      </header>
      <label className="field">
        <span>{t('settings.language')}</span>
        <select value={settings.language} onChange={(e) => void save({ language: LanguageSchema.parse(e.target.value) })}>
          {LanguageSchema.options.map((l) => (
            <option key={l} value={l}>
              {t(`settings.languages.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('settings.theme')}</span>
        <select value={settings.theme} onChange={(e) => void save({ theme: e.target.value as Settings['theme'] })}>
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`settings.themes.${th}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field">
        <legend>{t('settings.notifications')}</legend>
        {NOTIFICATIONS.map((n) => (
          <label key={n} className="check">
            <input
              type="checkbox"
              checked={settings.notifications[n]}
              onChange={(e) => void save({ notifications: { ...settings.notifications, [n]: e.target.checked } })}
            />
            <span>{t(`settings.notify.${n}`)}</span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
