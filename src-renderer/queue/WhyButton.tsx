import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../src-shared/ipc/contract';
import { useDesk } from '../app/desk-context';

/** Opens "why is this here" for one row (the `w` key does the same for the selected row). */
export function WhyButton({ row }: { readonly row: QueueRow }) {
  const { t } = useTranslation();
  const toggleWhy = useDesk((s) => s.toggleWhy);
  const open = useDesk((s) => s.whyTicketId === row.id);
  return (
    <button
      type="button"
      className="why-button"
      tabIndex={-1}
      aria-label={t('why.button', { key: row.key })}
      aria-expanded={open}
      onClick={(e) => {
        e.stopPropagation();
        toggleWhy(row.id);
      }}
    >
      ?
    </button>
  );
}
