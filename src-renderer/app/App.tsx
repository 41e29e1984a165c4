import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import { SignIn } from '../auth/SignIn';
import { createI18n } from '../i18n/setup';
import { ApiContext, DeskContext, useDesk } from './desk-context';
import { createDeskStore } from './desk-store';
import { Shell } from './Shell';

/** Applies the chosen language (no restart) and theme (system follows prefers-color-scheme via CSS). */
function PreferenceSync({ i18n }: { readonly i18n: I18n }) {
  const language = useDesk((s) => s.settings?.language ?? s.session?.user.language);
  const theme = useDesk((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    if (language && i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = i18n.language;
  }, [language, i18n]);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  return null;
}

function Root() {
  const { t } = useTranslation();
  const checked = useDesk((s) => s.sessionChecked);
  const session = useDesk((s) => s.session);
  const expired = useDesk((s) => s.reauth !== null);
  if (!checked) return <p className="boot muted" role="status">{t('common.loading')}</p>;
  // An expired session shows the sign-in prompt instead of the desk; the desk state stays in the store.
  return session && !expired ? <Shell /> : <SignIn />;
}

export function App({ api, i18n: given }: { readonly api: SupportDeskApi; readonly i18n?: I18n }) {
  const [store] = useState(() => createDeskStore(api));
  const [i18n] = useState(() => given ?? createI18n());
  useEffect(() => store.getState().start(), [store]);
  return (
    <ApiContext.Provider value={api}>
      <DeskContext.Provider value={store}>
        <I18nextProvider i18n={i18n}>
          <PreferenceSync i18n={i18n} />
          <Root />
        </I18nextProvider>
      </DeskContext.Provider>
    </ApiContext.Provider>
  );
}
