import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from './desk-context';
import { Dialog } from './Dialog';

/** Saves the current view + filters under a name (Settings.savedViews, per user). */
export function SaveViewDialog() {
  const { t } = useTranslation();
  const saveCurrentView = useDesk((s) => s.saveCurrentView);
  const setOverlay = useDesk((s) => s.setOverlay);
  const [name, setName] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length === 0) return;
    await saveCurrentView(trimmed.slice(0, 80));
  }
  return (
    <Dialog label={t('saveView.title')} className="save-view">
      <form onSubmit={(e) => void submit(e)}>
        <h2>{t('saveView.title')}</h2>
        <p className="muted small">{t('saveView.hint')}</p>
        <label className="field">
          <span>{t('saveView.name')}</span>
          <input type="text" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={() => setOverlay(null)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('saveView.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
