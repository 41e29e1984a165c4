export type HostSignal =
  | { readonly kind: 'badge'; readonly atRisk: number }
  | { readonly kind: 'notify'; readonly reason: 'sla_at_risk' | 'sla_breached' | 'assigned_to_me'; readonly ticketId: string; readonly ticketKey: string; readonly title: string };

interface MineSnapshot {
  readonly tickets: readonly { id: string; key: string; title: string }[];
  readonly atRisk: number;
}

/**
 * Turns snapshots of "my open tickets" into edges for the shell: a ticket newly in my queue (OS
 * notification) and a changed at-risk count (tray/dock badge). The first snapshot only records the state
 * (no burst of notifications at start-up); tickets I edited locally (e.g. assigned to myself) are not
 * announced back to me. SLA at-risk/breached edges come from the timer service.
 */
export class MyQueueWatcher {
  private known: Set<string> | null = null;
  private lastBadge = -1;

  update(mine: MineSnapshot, locallyEdited: ReadonlySet<string>): HostSignal[] {
    const out: HostSignal[] = [];
    if (this.known !== null) {
      for (const t of mine.tickets) {
        if (!this.known.has(t.id) && !locallyEdited.has(t.id)) {
          out.push({ kind: 'notify', reason: 'assigned_to_me', ticketId: t.id, ticketKey: t.key, title: t.title });
        }
      }
    }
    this.known = new Set(mine.tickets.map((t) => t.id));
    if (mine.atRisk !== this.lastBadge) {
      this.lastBadge = mine.atRisk;
      out.push({ kind: 'badge', atRisk: mine.atRisk });
    }
    return out;
  }
}
