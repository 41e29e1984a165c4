import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../src-shared/ipc/contract';
import { useDesk } from '../app/desk-context';

const LAST_SIGN_IN = 'supportDesk.lastSignIn';

/** Server and e-mail of the last successful sign-in (never the password), so a returning agent only types that. */
function lastSignIn(): { serverUrl?: string; email?: string } {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(LAST_SIGN_IN) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return {};
    const r = raw as Record<string, unknown>;
    return { serverUrl: typeof r.serverUrl === 'string' ? r.serverUrl : undefined, email: typeof r.email === 'string' ? r.email : undefined };
  } catch {
    return {};
  }
}

function rememberSignIn(serverUrl: string, email: string): void {
  try {
    window.localStorage.setItem(LAST_SIGN_IN, JSON.stringify({ serverUrl, email }));
  } catch {
    // Storage full or disabled: the form just starts empty next time.
  }
}

/**
 * Shown while `auth.getSession` answers null, and again when the service refused the session's token
 * (`reauth`): then pre-filled with that server and e-mail and saying that the pending changes are kept.
 * Errors are shown by their stable code, translated.
 */
export function SignIn() {
  const { t } = useTranslation();
  const signIn = useDesk((s) => s.signIn);
  const reauth = useDesk((s) => s.reauth);
  const pending = useDesk((s) => s.sync?.pendingChanges ?? 0);
  // Web mode prints its URL with `&server=<ticket service>`; prefill it so the agent only types credentials.
  const [serverUrl, setServerUrl] = useState(
    () => reauth?.serverUrl ?? new URLSearchParams(window.location.search).get('server') ?? lastSignIn().serverUrl ?? 'http://127.0.0.1:8080',
  );
  const [email, setEmail] = useState(() => reauth?.email ?? lastSignIn().email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const failed = await signIn(serverUrl.trim(), email.trim(), password);
      if (!failed) rememberSignIn(serverUrl.trim(), email.trim());
      setError(failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" aria-labelledby="signin-title">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-describedby={error ? 'signin-error' : reauth ? 'signin-expired' : undefined}>
        {/* The same heading in both cases (the form is the same); the status below says why it is back. */}
        <h1 id="signin-title">{t('signIn.title')}</h1>
        {reauth ? (
          <div id="signin-expired" role="status" className="signin-expired">
            <p>
              <strong>{t('signIn.expiredTitle')}</strong>
            </p>
            <p>{t('signIn.expiredHint')}</p>
            {pending > 0 ? <p>{t('signIn.expiredPending', { count: pending })}</p> : null}
          </div>
        ) : null}
        <label>
          <span>{t('signIn.serverUrl')}</span>
          <input type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoComplete="url" />
        </label>
        <label>
          <span>{t('signIn.email')}</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" autoFocus={!reauth} />
        </label>
        <label>
          <span>{t('signIn.password')}</span>
          <input type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" autoFocus={Boolean(reauth)} />
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
