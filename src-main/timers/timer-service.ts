import type Database from 'better-sqlite3';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import type { BusinessCalendar } from '../../src-shared/calendar/types';
import { nextAutomaticTransition, type AutomaticTransition } from '../../src-shared/domain/automatic-transitions';
import { computeSlaClocks, type SlaClocks } from '../../src-shared/domain/sla-clocks';
import { DEFAULT_SLA_AT_RISK, EXAMPLE_SLA_TIERS, parseSlaConfig, type SlaConfig, type SlaTier } from '../../src-shared/domain/sla-config';
import { isStaffRole } from '../../src-shared/domain/ticket';
import { isDomainError } from '../../src-shared/errors';
import type { SlaContractRecord, TicketRecord, UserRecord } from '../../src-shared/sync/records';
import type { SlaSummaryState } from '../queue/queue-filter';
import { TypedEmitter } from '../sync/typed-emitter';
import type { Clock, Timers } from '../sync/engine';

export interface TicketTimers {
  readonly ticketId: string;
  readonly sla: SlaClocks;
  readonly slaState: SlaSummaryState;
  readonly nextAutomatic: AutomaticTransition | null;
}

export interface TimerEvents {
  atRisk: { readonly ticketId: string; readonly at: number };
  breached: { readonly ticketId: string; readonly at: number };
  tick: { readonly at: number; readonly visible: readonly TicketTimers[] };
}

export interface TimerServiceOptions {
  readonly db: Database.Database;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly tickMs?: number;
  readonly tiers?: Readonly<Record<string, SlaTier>>;
  readonly calendar?: BusinessCalendar;
}

/** The worst clock wins: breached > at risk > running > paused > none. */
export function summarizeSla(sla: SlaClocks): SlaSummaryState {
  const states = sla.clocks;
  if (states.some((c) => c.state === 'breached')) return 'breached';
  if (states.some((c) => c.state === 'running' && c.atRisk)) return 'at_risk';
  if (states.some((c) => c.state === 'running')) return 'ok';
  if (states.some((c) => c.state === 'paused')) return 'paused';
  return 'none';
}

/**
 * One clock for the whole app: every tick it recomputes SLA clocks and the next automatic transition for
 * the tickets the UI shows (the "visible" window) and for every open ticket whose summary could have moved
 * (running clocks), stores the summary in ticket_sla for the queue's SLA filters, and emits an event when a
 * ticket turns at risk or breached. All time comes from the injected clock, so tests need no waiting.
 */
export class TimerService extends TypedEmitter<TimerEvents> {
  private visible: string[] = [];
  private handle: unknown = null;
  private readonly calendar: BusinessCalendar;
  private readonly tiers: Readonly<Record<string, SlaTier>>;

  constructor(private readonly o: TimerServiceOptions) {
    super();
    this.calendar = o.calendar ?? createBusinessCalendar();
    this.tiers = o.tiers ?? EXAMPLE_SLA_TIERS;
  }

  setVisible(ticketIds: readonly string[]): readonly TicketTimers[] {
    this.visible = [...ticketIds];
    return this.evaluate(this.visible, this.o.clock.now());
  }

  start(): void {
    if (this.handle !== null) return;
    const loop = () => {
      this.tick();
      this.handle = this.o.timers.setTimeout(loop, this.o.tickMs ?? 30_000);
    };
    loop();
  }

  stop(): void {
    if (this.handle !== null) this.o.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  /** Recompute: the visible tickets, tickets whose clocks run, and tickets never evaluated. */
  tick(): void {
    const now = this.o.clock.now();
    const due = this.o.db
      .prepare(
        `SELECT t.id FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
         WHERE t.status NOT IN ('DONE', 'CLOSED') AND (s.ticket_id IS NULL OR s.state IN ('ok', 'at_risk'))`,
      )
      .pluck()
      .all() as string[];
    this.evaluate(due, now);
    this.o.db.prepare("DELETE FROM ticket_sla WHERE ticket_id NOT IN (SELECT id FROM tickets)").run();
    this.emit('tick', { at: now, visible: this.evaluate(this.visible, now) });
  }

  /** For tickets the sync just changed: their summary may have moved either way. */
  ticketsChanged(ids: readonly string[]): void {
    this.evaluate(ids, this.o.clock.now());
  }

  evaluate(ids: readonly string[], now: number): TicketTimers[] {
    if (ids.length === 0) return [];
    const config = this.slaConfig();
    const getTicket = this.o.db.prepare('SELECT data FROM tickets WHERE id = ?').pluck();
    const previous = this.o.db.prepare('SELECT state FROM ticket_sla WHERE ticket_id = ?').pluck();
    const save = this.o.db.prepare(
      `INSERT INTO ticket_sla (ticket_id, state, due_at, evaluated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, due_at = excluded.due_at, evaluated_at = excluded.evaluated_at`,
    );
    const replies = this.publicAgentReplies();
    const out: TicketTimers[] = [];
    const events: ['atRisk' | 'breached', string][] = [];
    this.o.db.transaction(() => {
      for (const id of ids) {
        const json = getTicket.get(id) as string | undefined;
        if (json === undefined) continue;
        const ticket = JSON.parse(json) as TicketRecord;
        const sla = computeSlaClocks({ ticket, publicAgentReplies: replies(id) }, config, this.calendar, now);
        const slaState = summarizeSla(sla);
        const before = previous.get(id) as SlaSummaryState | undefined;
        const dueAt = sla.clocks.map((c) => c.dueAt).filter((d): d is number => d !== null).sort((a, b) => a - b)[0] ?? null;
        save.run(id, slaState, dueAt, now);
        if (slaState !== before && (slaState === 'at_risk' || slaState === 'breached')) events.push([slaState === 'at_risk' ? 'atRisk' : 'breached', id]);
        out.push({ ticketId: id, sla, slaState, nextAutomatic: safeNextAutomatic(ticket) });
      }
    })();
    for (const [event, ticketId] of events) this.emit(event, { ticketId, at: now });
    return out;
  }

  private slaConfig(): SlaConfig {
    const contracts = (this.o.db.prepare('SELECT data FROM sla_contracts').pluck().all() as string[])
      .map((s) => JSON.parse(s) as SlaContractRecord)
      .filter((c) => c.tier in this.tiers);
    return parseSlaConfig({
      tiers: this.tiers,
      contracts: Object.fromEntries(contracts.map((c) => [c.contractNumber, { tier: c.tier, organizationId: c.organizationId, validFrom: c.validFrom, validUntil: c.validUntil }])),
      atRisk: DEFAULT_SLA_AT_RISK,
    });
  }

  private publicAgentReplies(): (ticketId: string) => number[] {
    const staff = new Set(
      (this.o.db.prepare('SELECT data FROM users').pluck().all() as string[])
        .map((s) => JSON.parse(s) as UserRecord)
        .filter((u) => isStaffRole(u.role))
        .map((u) => u.id),
    );
    const stmt = this.o.db.prepare("SELECT json_extract(data, '$.authorId') AS author, created_at FROM comments WHERE ticket_id = ? AND kind = 'public'");
    return (ticketId) =>
      (stmt.all(ticketId) as { author: string; created_at: string }[]).filter((c) => staff.has(c.author)).map((c) => Date.parse(c.created_at));
  }
}

function safeNextAutomatic(ticket: TicketRecord): AutomaticTransition | null {
  try {
    return nextAutomaticTransition(ticket);
  } catch (e) {
    // A ticket whose history lacks its current status: show "no timer" rather than break the whole window.
    if (isDomainError(e)) return null;
    throw e;
  }
}
