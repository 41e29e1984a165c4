import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../app/desk-context';
import { Dialog } from '../app/Dialog';
import { runAction, useActionHandlers, useShortcutDefinitions } from './action-registry';
import { displayKeys } from './shortcuts';
import { isMacPlatform, shortcutLabel } from './shortcut-label';

/** Ctrl/Cmd+K: every action of the registry with its key; type to filter, arrows to move, Enter to run. */
export function CommandPalette() {
  const { t } = useTranslation();
  const definitions = useShortcutDefinitions();
  const handlers = useActionHandlers();
  const savedViews = useDesk((s) => s.settings?.savedViews);
  const setOverlay = useDesk((s) => s.setOverlay);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const mac = isMacPlatform();

  const entries = useMemo(() => {
    const q = query.trim().toLowerCase();
    return definitions
      .filter((d) => d.id !== 'general.palette')
      // Empty saved-view slots are noise in a palette; the overlay still documents g 1…9.
      .filter((d) => !d.id.startsWith('view.saved.') || savedViews?.[Number(d.id.slice(-1)) - 1] !== undefined)
      .map((d) => ({ def: d, label: shortcutLabel(d, t, savedViews) }))
      .filter((e) => q === '' || e.label.toLowerCase().includes(q) || e.def.keys.toLowerCase().includes(q));
  }, [definitions, query, savedViews, t]);

  function run(id: string) {
    setOverlay(null);
    runAction(id);
  }

  const current = Math.min(active, Math.max(0, entries.length - 1));
  return (
    <Dialog label={t('palette.title')} className="palette">
      <input
        type="text"
        className="palette-input"
        aria-label={t('palette.search')}
        placeholder={t('palette.placeholder')}
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={entries[current] ? `palette-${entries[current].def.id}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive(Math.min(current + 1, entries.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(Math.max(current - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const entry = entries[current];
            if (entry && handlers[entry.def.id]) run(entry.def.id);
          }
        }}
      />
      <ul id="palette-list" role="listbox" aria-label={t('palette.title')} className="palette-list">
        {entries.map((e, i) => (
          <li
            key={e.def.id}
            id={`palette-${e.def.id}`}
            role="option"
            aria-selected={i === current}
            aria-disabled={!handlers[e.def.id]}
            className={i === current ? 'palette-item is-active' : 'palette-item'}
            onMouseEnter={() => setActive(i)}
            onClick={() => handlers[e.def.id] && run(e.def.id)}
          >
            <span className="palette-label">{e.label}</span>
            <span className="keys">
              {displayKeys(e.def.keys, mac).map((k, j) => (
                <kbd key={j}>{k}</kbd>
              ))}
            </span>
          </li>
        ))}
        {entries.length === 0 && <li className="muted">{t('palette.noMatch')}</li>}
      </ul>
    </Dialog>
  );
}
