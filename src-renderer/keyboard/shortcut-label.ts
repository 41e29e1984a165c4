import type { TFunction } from 'i18next';
import type { Settings } from '../../src-shared/ipc/contract';
import type { ShortcutDef } from './shortcuts';

const SAVED = /^view\.saved\.(\d)$/;

/** The label of a shortcut in the current language; saved-view slots show the view's name. */
export function shortcutLabel(def: ShortcutDef, t: TFunction, savedViews: Settings['savedViews'] | undefined): string {
  const m = SAVED.exec(def.id);
  if (m) {
    const view = savedViews?.[Number(m[1]) - 1];
    return view ? t('shortcuts.savedViewNamed', { n: m[1], name: view.name }) : t('shortcuts.savedView', { n: m[1] });
  }
  return t(def.labelKey, def.labelParams ?? {});
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
