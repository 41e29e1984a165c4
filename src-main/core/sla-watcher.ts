import type { TicketRecord } from '../../src-shared/sync/records';
import type { TicketFacts } from './ticket-facts';

export type HostSignal =
  | { readonly kind: 'badge'; readonly atRisk: number }
  | { readonly kind: 'notify'; readonly reason: 'sla_at_risk' | 'sla_breached' | 'assigned_to_me'; readonly ticketId: string; readonly ticketKey: string; readonly title: string };

type Level = 0 | 1 | 2; // ok, at risk, breached

const levelOf = (f: TicketFacts): Level => (f.breached ? 2 : f.atRisk ? 1 : 0);

/**
 * Turns snapshots of "my open tickets" into edges: a ticket that becomes at risk, becomes breached, or
 * newly appears in my queue. The first snapshot only records the state (no burst of alerts at start-up);
 * tickets I assigned to myself locally are not announced back to me.
 */
export class SlaWatcher {
  private levels: Map<string, Level> | null = null;
  private lastBadge = -1;

  update(mine: readonly { ticket: TicketRecord; facts: TicketFacts }[], locallyEdited: ReadonlySet<string>): HostSignal[] {
    const out: HostSignal[] = [];
    const next = new Map<string, Level>();
    for (const { ticket, facts } of mine) {
      const level = levelOf(facts);
      next.set(ticket.id, level);
      if (this.levels === null) continue;
      const before = this.levels.get(ticket.id);
      const base = { ticketId: ticket.id, ticketKey: ticket.key, title: ticket.title };
      if (before === undefined && !locallyEdited.has(ticket.id)) out.push({ kind: 'notify', reason: 'assigned_to_me', ...base });
      if (level > (before ?? 0)) out.push({ kind: 'notify', reason: level === 2 ? 'sla_breached' : 'sla_at_risk', ...base });
    }
    this.levels = next;
    const atRisk = mine.filter((m) => m.facts.atRisk).length;
    if (atRisk !== this.lastBadge) {
      this.lastBadge = atRisk;
      out.push({ kind: 'badge', atRisk });
    }
    return out;
  }
}
