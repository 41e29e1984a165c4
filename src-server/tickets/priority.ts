import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import { prioritySortKey, type PriorityContext } from '../../src-shared/domain/priority-key';
import { DEFAULT_PRIORITY_CONFIG } from '../../src-shared/domain/priority-rules';
import { DEFAULT_SLA_AT_RISK, type SlaConfig, type SlaContract, type SlaTier } from '../../src-shared/domain/sla-config';
import type { Ticket } from '../../src-shared/domain/ticket';
import { listSlaContracts } from '../storage/repositories/contracts';
import type { Tx } from '../storage/store';

/** The SLA config the shared rules expect, built from the organisation's stored contracts and the known tiers. */
export async function slaConfigFor(tx: Tx, organizationId: string, tiers: Readonly<Record<string, SlaTier>>): Promise<SlaConfig> {
  const contracts: Record<string, SlaContract> = {};
  for (const c of await listSlaContracts(tx, organizationId)) {
    contracts[c.contract_number] = { tier: c.tier, organizationId: c.organization_id, validFrom: c.valid_from, validUntil: c.valid_until };
  }
  return { tiers: { ...tiers }, contracts, atRisk: DEFAULT_SLA_AT_RISK };
}

let calendar: PriorityContext['calendar'] | null = null;

/** The indexed queue-order column: src-shared prioritySortKey, which never depends on "now". */
export async function computePriorityKey(tx: Tx, ticket: Ticket, tiers: Readonly<Record<string, SlaTier>>): Promise<string> {
  calendar ??= createBusinessCalendar();
  const replies = await tx.all<{ created_at: string }>(
    `SELECT c.created_at FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.ticket_id = ? AND c.internal = 0 AND u.role IN ('agent','team_lead','admin')`,
    [ticket.id],
  );
  return prioritySortKey(
    { ticket, publicAgentReplies: replies.map((r) => Date.parse(r.created_at)) },
    { slaConfig: await slaConfigFor(tx, ticket.organizationId, tiers), calendar, priority: DEFAULT_PRIORITY_CONFIG },
  );
}
