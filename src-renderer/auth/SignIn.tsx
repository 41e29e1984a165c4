import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../src-shared/ipc/contract';
import { useDesk } from '../app/desk-context';

/** Shown while `auth.getSession` answers null. Errors are shown by their stable code, translated. */
export function SignIn() {
  const { t } = useTranslation();
  const signIn = useDesk((s) => s.signIn);
  // Web mode prints its URL with `&server=<ticket service>`; prefill it so the agent only types credentials.
  const [serverUrl, setServerUrl] = useState(() => new URLSearchParams(window.location.search).get('server') ?? 'http://127.0.0.1:8080');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setError(await signIn(serverUrl.trim(), email.trim(), password));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" aria-labelledby="signin-title">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-describedby={error ? 'signin-error' : undefined}>
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <label>
          <span>{t('signIn.serverUrl')}</span>
          <input type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoComplete="url" />
        </label>
        <label>
          <span>{t('signIn.email')}</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" autoFocus />
        </label>
        <label>
          <span>{t('signIn.password')}</span>
          <input type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
        </label>
        {error && (
          <p id="signin-error" role="alert" className="error-text" data-code={error.code}>
            {t(`errors.${error.code}`)}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
