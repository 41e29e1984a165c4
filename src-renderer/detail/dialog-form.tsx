import { useState, type ReactNode } from 'react';
import type { ContractError, Result } from '../../src-shared/ipc/contract';

/**
 * Runs a dialog's submit: keeps the dialog open with the error on failure (so nothing the agent typed is
 * lost), closes it on success. Shared by the ticket-detail and the escalation dialogs; each passes its own
 * translated failure text, so every i18n key stays visible to the catalog test.
 */
export function useSubmit(onDone: () => void, failureText: (error: ContractError) => string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(work: () => Promise<Result<unknown>>): Promise<void> {
    setBusy(true);
    setError(null);
    const r = await work();
    setBusy(false);
    if (r.ok) onDone();
    else setError(failureText(r.error));
  }
  const errorView: ReactNode = <ErrorLine text={error} />;
  return { busy, run, error, setError, errorView };
}

export function ErrorLine({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="sd-error">
      {text}
    </p>
  ) : null;
}

export function DialogButtons({ busy, submitLabel, cancelLabel, onCancel }: { busy: boolean; submitLabel: string; cancelLabel: string; onCancel: () => void }) {
  return (
    <div className="sd-dialog-buttons">
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}
