import { useTranslation } from 'react-i18next';
import { statusLabel, type TicketStatus } from '../../src-shared/domain/status';
import type { TicketDetail } from '../../src-shared/ipc/contract';
import { useShortcutDefinitions } from '../keyboard/action-registry';

export type DetailDialog =
  | { readonly kind: 'confirm'; readonly to: TicketStatus }
  | { readonly kind: 'assign' }
  | { readonly kind: 'fields' }
  | { readonly kind: 'misconfiguration' }
  | { readonly kind: 'outage' };

interface Props {
  readonly detail: TicketDetail;
  readonly meId: string | null;
  readonly onTransition: (to: TicketStatus) => void;
  readonly onAssignToMe: () => void;
  readonly onOpen: (dialog: DetailDialog) => void;
  readonly onCompose: (kind: 'reply' | 'note') => void;
}

/**
 * The actions an agent can take on this ticket. Transitions are exactly the core's allowedTransitions for my
 * role (nothing greyed-out-but-visible to wonder about); every button is named by its visible label and
 * announces its shortcut via aria-keyshortcuts.
 */
export function ActionBar({ detail, meId, onTransition, onAssignToMe, onOpen, onCompose }: Props) {
  const { t } = useTranslation('detail');
  const definitions = useShortcutDefinitions();
  const keyFor = (id: string): string | undefined => definitions.find((d) => d.id === id)?.keys;
  const { ticket } = detail;

  const KeyHint = ({ id }: { id: string }) => {
    const k = keyFor(id);
    return k ? (
      <kbd aria-hidden="true" className="sd-key-hint">
        {k}
      </kbd>
    ) : null;
  };

  return (
    <div role="toolbar" aria-label={t('actions.toolbar')} className="sd-detail-actions">
      <div role="group" aria-label={t('actions.transitions')} className="sd-action-group">
        {detail.allowedTransitions.length === 0 ? <span>{t('actions.noTransitions')}</span> : null}
        {detail.allowedTransitions.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'DONE' || to === 'CLOSED' ? 'sd-transition sd-transition--final' : 'sd-transition'}
            aria-keyshortcuts={keyFor(`ticket.transition.${to}`)}
            onClick={() => onTransition(to)}
          >
            {t('actions.moveTo', { status: statusLabel(to) })} <KeyHint id={`ticket.transition.${to}`} />
          </button>
        ))}
      </div>
      <div role="group" aria-label={t('actions.work')} className="sd-action-group">
        <button type="button" disabled={meId === null || ticket.assigneeId === meId} aria-keyshortcuts={keyFor('ticket.assignToMe')} onClick={onAssignToMe}>
          {t('actions.assignToMe')} <KeyHint id="ticket.assignToMe" />
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => onOpen({ kind: 'assign' })}>
          {t('actions.assign')}
        </button>
        <button type="button" aria-keyshortcuts={keyFor('ticket.reply')} onClick={() => onCompose('reply')}>
          {t('actions.reply')} <KeyHint id="ticket.reply" />
        </button>
        <button type="button" aria-keyshortcuts={keyFor('ticket.note')} onClick={() => onCompose('note')}>
          {t('actions.note')} <KeyHint id="ticket.note" />
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => onOpen({ kind: 'fields' })}>
          {t('actions.fields')}
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => onOpen({ kind: 'misconfiguration' })}>
          {ticket.misconfiguration ? t('actions.unmarkMisconfiguration') : t('actions.markMisconfiguration')}
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => onOpen({ kind: 'outage' })}>
          {t('actions.linkOutage')}
        </button>
      </div>
    </div>
  );
}
