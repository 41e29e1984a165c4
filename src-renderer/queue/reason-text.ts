import type { TFunction } from 'i18next';
import { PRIORITY_RULES, type PriorityTierId } from '../../src-shared/domain/priority-rules';
import type { TicketDetail } from '../../src-shared/ipc/contract';

const TIER_IDS: ReadonlySet<string> = new Set(PRIORITY_RULES.map((r) => r.id));
const CLOCKS: ReadonlySet<string> = new Set(['first_response', 'update', 'resolution']);

/**
 * A ranking reason in the UI language, rendered from its stable code (`priority.<tier>` and
 * `sla.<clock>.<breached|at_risk>` from the core) and the ticket's own facts. The core's `text` is never shown:
 * it is written in whatever language the core chose (the seed's German wording for the priority rules), which
 * put German into the English UI. An unknown code is shown as the code, still in the UI language.
 * `t` is the default namespace's translate function.
 */
export function reasonText(reason: { readonly code: string }, detail: Pick<TicketDetail, 'ticket' | 'organizationName'>, t: TFunction): string {
  const code = reason.code.startsWith('priority.') ? reason.code.slice('priority.'.length) : reason.code;
  if (TIER_IDS.has(code)) return tierText(code as PriorityTierId, detail, t);
  const sla = /^sla\.([a-z_]+)\.(breached|at_risk)$/.exec(code);
  if (sla && CLOCKS.has(sla[1]!)) return t(`why.reason.sla_${sla[2]!}`, { clock: t(`slaKind.${sla[1]!}`) });
  return t('why.reason.unknown', { code: reason.code });
}

function tierText(id: PriorityTierId, detail: Pick<TicketDetail, 'ticket' | 'organizationName'>, t: TFunction): string {
  const { ticket } = detail;
  if (id === 'many_customers') return ticket.impact > 0 ? t('why.reason.many_customers', { count: ticket.impact }) : t('why.reason.many_customers_unknown');
  if (id === 'registered_end_user') {
    // Seed: the affected company named in the ticket, or the reporter's own organisation when none was given.
    const name = ticket.endUserCompany?.name ?? detail.organizationName;
    return name ? t('why.reason.registered_end_user', { name }) : t('why.reason.registered_end_user_unnamed');
  }
  return t(`why.reason.${id}`);
}
