import { forwardRef, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import type { KbArticleHeaderRecord } from '../../src-shared/sync/records';
import { draftOf, useDraftsStore, type DraftKind } from './drafts-store';
import { mutate, newCommentId } from './mutate';

export interface ComposerHandle {
  focus(kind: DraftKind): void;
}

interface Props {
  readonly api: SupportDeskApi;
  readonly ticketId: string;
  readonly disabled?: boolean;
}

/**
 * Reply (public, the customer reads it) and internal note (estos only), as two separate forms so the agent
 * never sends a note to the customer by a wrong toggle. Text lives in the drafts store: switching tickets,
 * a failed send or a rejection by the service never loses it.
 */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer({ api, ticketId, disabled }, ref) {
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({
    focus: (kind) => (kind === 'reply' ? replyRef.current : noteRef.current)?.focus(),
  }));
  return (
    <section className="sd-composer">
      <DraftForm api={api} ticketId={ticketId} kind="reply" textareaRef={replyRef} disabled={disabled} />
      <DraftForm api={api} ticketId={ticketId} kind="note" textareaRef={noteRef} disabled={disabled} />
    </section>
  );
});

interface DraftFormProps {
  readonly api: SupportDeskApi;
  readonly ticketId: string;
  readonly kind: DraftKind;
  readonly textareaRef: React.RefObject<HTMLTextAreaElement | null>;
  readonly disabled?: boolean;
}

function DraftForm({ api, ticketId, kind, textareaRef, disabled }: DraftFormProps) {
  const { t } = useTranslation('detail');
  const text = useDraftsStore((s) => draftOf(s.drafts, ticketId, kind));
  const setDraft = useDraftsStore((s) => s.setDraft);
  const clearIfUnchanged = useDraftsStore((s) => s.clearIfUnchanged);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const id = useId();
  const headingId = `${id}-h`;

  async function send(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const body = text;
    if (body.trim() === '' || sending) return;
    setSending(true);
    setError(null);
    setSent(false);
    const name = kind === 'reply' ? 'reply' : 'internal_note';
    const result = await mutate(api, name, { ticketId, commentId: newCommentId(), body });
    setSending(false);
    if (result.ok) {
      clearIfUnchanged(ticketId, kind, body);
      setSent(true);
    } else {
      // The text stays in the draft; the agent can fix and resend.
      setError(t('composer.sendFailed', { message: result.error.message, code: result.error.code }));
    }
  }

  function insertAtCursor(snippet: string): void {
    const el = textareaRef.current;
    const current = draftOf(useDraftsStore.getState().drafts, ticketId, kind);
    const at = el && document.activeElement === el ? el.selectionStart : current.length;
    const before = current.slice(0, at);
    const sep = before === '' || before.endsWith('\n') || before.endsWith(' ') ? '' : ' ';
    setDraft(ticketId, kind, `${before}${sep}${snippet}${current.slice(at)}`);
  }

  const internal = kind === 'note';
  return (
    <form
      className={internal ? 'sd-draft sd-draft--internal' : 'sd-draft sd-draft--public'}
      aria-labelledby={headingId}
      onSubmit={(e) => void send(e)}
      data-kind={internal ? 'internal' : 'public'}
    >
      <h3 id={headingId}>
        <span aria-hidden="true">{internal ? '🔒' : '✉'}</span> {internal ? t('composer.noteHeading') : t('composer.replyHeading')}
      </h3>
      <p className="sd-draft-hint">{internal ? t('composer.noteHint') : t('composer.replyHint')}</p>
      <label htmlFor={`${id}-text`}>{internal ? t('composer.noteLabel') : t('composer.replyLabel')}</label>
      <textarea
        id={`${id}-text`}
        ref={textareaRef}
        value={text}
        rows={internal ? 3 : 5}
        onChange={(e) => {
          setDraft(ticketId, kind, e.target.value);
          setSent(false);
        }}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter sends. Plain keys are text: the global key handler ignores editable fields.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send(e);
          }
        }}
      />
      {kind === 'reply' ? <KbSearch api={api} onInsert={insertAtCursor} /> : null}
      <div className="sd-draft-actions">
        <button type="submit" disabled={disabled || sending || text.trim() === ''}>
          {internal ? t('composer.sendNote') : t('composer.sendReply')}
        </button>
        <span role="status" aria-live="polite" className="sd-draft-status">
          {sending ? t('composer.sending') : sent ? t('composer.queued') : ''}
        </span>
      </div>
      {error ? (
        <p role="alert" className="sd-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function KbSearch({ api, onInsert }: { api: SupportDeskApi; onInsert: (snippet: string) => void }) {
  const { t, i18n } = useTranslation('detail');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly KbArticleHeaderRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function search(): Promise<void> {
    const q = query.trim();
    if (q === '') return;
    setBusy(true);
    setError(null);
    const language = i18n.language === 'de' || i18n.language === 'en' ? i18n.language : undefined;
    const r = await api.calls['kb.search']({ query: q.slice(0, 200), ...(language ? { language } : {}) }).catch(
      (e: unknown) => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: String(e) } }),
    );
    setBusy(false);
    if (r.ok) setResults(r.value);
    else {
      setResults(null);
      setError(t('kb.failed', { message: r.error.message }));
    }
  }

  return (
    <div className="sd-kb" role="search" aria-label={t('kb.region')}>
      <label htmlFor={`${id}-q`}>{t('kb.label')}</label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        maxLength={200}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void search();
          }
        }}
      />
      <button type="button" onClick={() => void search()} disabled={busy || query.trim() === ''}>
        {t('kb.search')}
      </button>
      {error ? <p role="alert">{error}</p> : null}
      {results !== null ? (
        <ul aria-label={t('kb.results', { count: results.length })} className="sd-kb-results">
          {results.length === 0 ? <li>{t('kb.noResults')}</li> : null}
          {results.map((a) => (
            <li key={`${a.id}-${a.language}`}>
              <span className="sd-kb-title">{a.title}</span> <span className="sd-kb-summary">{a.summary}</span>{' '}
              <button
                type="button"
                aria-label={t('kb.insertNamed', { title: a.title })}
                onClick={() => onInsert(t('kb.linkText', { title: a.title, id: a.id, lng: a.language }))}
              >
                {t('kb.insert')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
