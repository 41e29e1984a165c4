import i18next, { type i18n as I18n } from 'i18next';
import type { Language } from '../../src-shared/ipc/contract';
import { de } from './de';
import { detailDe } from './detail.de';
import { detailEn } from './detail.en';
import { en } from './en';
import { teamDe } from './team.de';
import { teamEn } from './team.en';

/** Namespaces: "translation" (frame, queue, keyboard, status), "detail" (ticket detail pane), "team" (team-lead boards). */
export const RESOURCES = {
  de: { translation: de, detail: detailDe, team: teamDe },
  en: { translation: en, detail: detailEn, team: teamEn },
} as const;

/** Before settings arrive: the OS/browser language if it is German, else English. */
export function initialLanguage(): Language {
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** One i18next instance per app root (tests mount several); resources are bundled, so init is synchronous. */
export function createI18n(language: Language = initialLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
