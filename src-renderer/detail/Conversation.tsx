import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isStaffRole } from '../../src-shared/domain/ticket';
import type { CommentRecord, UserRecord } from '../../src-shared/sync/records';
import { formatFullDateTime } from './format';

interface Props {
  readonly comments: readonly CommentRecord[];
  readonly people: ReadonlyMap<string, UserRecord>;
}

/**
 * Public replies and internal notes in one time-ordered thread. An internal note is never ambiguous: its
 * own label ("Internal note"), a lock icon, a different background and border (CSS), and the label is part
 * of the article's accessible name, so screen readers announce it before the text.
 */
export function Conversation({ comments, people }: Props) {
  const { t, i18n } = useTranslation('detail');
  const hConversation = useId();
  return (
    <section aria-labelledby={hConversation} className="sd-detail-section">
      <h3 id={hConversation}>{t('conversation.heading', { count: comments.length })}</h3>
      {comments.length === 0 ? <p>{t('conversation.empty')}</p> : null}
      <ol className="sd-conversation">
        {comments.map((c) => {
          const internal = c.kind === 'internal';
          const author = people.get(c.authorId);
          const authorName = author
            ? author.displayName
            : t('conversation.unknownAuthor');
          const side = author && isStaffRole(author.role) ? t('conversation.sideStaff') : t('conversation.sideCustomer');
          const label = internal ? t('conversation.internalNote') : t('conversation.publicReply');
          const when = formatFullDateTime(c.createdAt, i18n.language);
          return (
            <li key={c.id}>
              <article
                className={internal ? 'sd-comment sd-comment--internal' : 'sd-comment sd-comment--public'}
                data-kind={c.kind}
                aria-label={t('conversation.itemLabel', { label, author: authorName, when })}
              >
                <header className="sd-comment-header">
                  <span className="sd-comment-kind">
                    <span aria-hidden="true" className="sd-comment-icon">
                      {internal ? '🔒' : '✉'}
                    </span>{' '}
                    {label}
                  </span>{' '}
                  <span className="sd-comment-author">{authorName}</span>{' '}
                  <span className="sd-comment-side">{side}</span>{' '}
                  <time dateTime={c.createdAt}>{when}</time>
                </header>
                <div className="sd-comment-body">{c.body}</div>
              </article>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
