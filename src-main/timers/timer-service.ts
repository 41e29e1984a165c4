import type Database from 'better-sqlite3';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import type { BusinessCalendar } from '../../src-shared/calendar/types';
import { nextAutomaticTransition, type AutomaticTransition } from '../../src-shared/domain/automatic-transitions';
import { computeSlaClocks, type SlaClocks } from '../../src-shared/domain/sla-clocks';
import { parseSlaConfig, type SlaConfig, type SlaTier } from '../../src-shared/domain/sla-config';
import { isStaffRole } from '../../src-shared/domain/ticket';
import { isDomainError } from '../../src-shared/errors';
import type { TicketRecord } from '../../src-shared/sync/records';
import type { SlaSummaryState } from '../queue/queue-filter';
import { TypedEmitter } from '../sync/typed-emitter';
import { withDerivedDataDurability } from './derived-durability';
import { ReferenceData } from './reference-data';
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
  /** tickets one slice of a background pass evaluates before it lets other work run (default 50: ~40 ms on a busy 2-core machine) */
  readonly sliceSize?: number;
  /** how a background pass lets queued work (contract calls) run between slices; default setImmediate */
  readonly yieldBetweenSlices?: () => Promise<void>;
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

/** Rows of tickets (or summaries) one slice of a pass reads to find the due ones (~10–25 ms at 100k). */
const SCAN_ROWS = 1000;

const setImmediateYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One clock for the whole app: every tick it recomputes SLA clocks and the next automatic transition for
 * the tickets the UI shows (the "visible" window) and for every open ticket whose summary could have moved
 * (running clocks), stores the summary in ticket_sla for the queue's SLA filters, and emits an event when a
 * ticket turns at risk or breached. All time comes from the injected clock, so tests need no waiting.
 *
 * With a large cache a pass covers tens of thousands of tickets (the first one after sign-in evaluates
 * every open ticket: ~20 s of CPU at 100k). The background passes (start(), runPass(), large
 * ticketsChanged batches) therefore work in slices and yield between them, so contract calls queued
 * meanwhile are answered after at most one slice instead of after the whole pass. tick() stays a single
 * synchronous pass for callers that want the table complete before they go on (benchmarks, tests).
 */
export class TimerService extends TypedEmitter<TimerEvents> {
  private visible: string[] = [];
  private handle: unknown = null;
  private readonly calendar: BusinessCalendar;
  /** Test/benchmark override of the synced tiers; normally null (the service's tiers from the cache). */
  private readonly tiers: Readonly<Record<string, SlaTier>> | null;
  private readonly reference: ReferenceData;
  private readonly sliceSize: number;
  private readonly yieldBetweenSlices: () => Promise<void>;
  private running: Promise<void> | null = null;
  private runningGeneration = 0;
  /** bumped by stop(): a background pass from before must not touch the database again (it may be closed) */
  private generation = 0;
  private readonly changedBacklog = new Set<string>();
  private draining = false;
  private config: { readonly version: string; readonly value: SlaConfig } | null = null;

  constructor(private readonly o: TimerServiceOptions) {
    super();
    this.calendar = o.calendar ?? createBusinessCalendar();
    this.tiers = o.tiers ?? null;
    this.reference = ReferenceData.for(o.db);
    this.sliceSize = Math.max(1, o.sliceSize ?? 50);
    this.yieldBetweenSlices = o.yieldBetweenSlices ?? setImmediateYield;
  }

  setVisible(ticketIds: readonly string[]): readonly TicketTimers[] {
    this.visible = [...ticketIds];
    return this.evaluate(this.visible, this.o.clock.now());
  }

  /** A background pass now (sliced), then one every tickMs after the previous pass finished. */
  start(): void {
    if (this.handle !== null) return;
    const generation = this.generation;
    const loop = () => {
      void this.runPass().finally(() => {
        if (generation === this.generation) this.handle = this.o.timers.setTimeout(loop, this.o.tickMs ?? 30_000);
      });
    };
    this.handle = 'first-pass';
    loop();
  }

  /** Stops the periodic passes and abandons a background pass or backlog between two slices. */
  stop(): void {
    this.generation += 1;
    if (this.handle !== null && this.handle !== 'first-pass') this.o.timers.clearTimeout(this.handle);
    this.handle = null;
    this.changedBacklog.clear();
  }

  /** Whether a background pass is in progress (tests, diagnostics). */
  get passRunning(): boolean {
    return this.running !== null;
  }

  /** Recompute synchronously: the visible tickets, tickets whose clocks run, and tickets never evaluated. */
  tick(): void {
    for (const slice of this.passSlices()) slice();
  }

  /**
   * The same pass as tick(), in slices with a yield between them; emits 'tick' when done. A pass already
   * running is joined rather than started twice. Resolves early (without 'tick') if stop() is called.
   */
  runPass(): Promise<void> {
    // A pass abandoned by stop() ends at its next slice boundary; a start() after that gets a pass of its own.
    if (this.running) return this.runningGeneration === this.generation ? this.running : this.running.then(() => this.runPass());
    const generation = this.generation;
    this.runningGeneration = generation;
    const pass = (async () => {
      try {
        for (const slice of this.passSlices()) {
          if (generation !== this.generation) return;
          slice();
          await this.yieldBetweenSlices();
        }
      } finally {
        this.running = null;
      }
    })();
    this.running = pass;
    return pass;
  }

  /**
   * A pass as a list of slices. Nothing in it scans a whole table at once (selecting the due tickets of 100k
   * took ~0.3–0.6 s, the orphan clean-up ~0.2 s): the tickets are walked in rowid order, SCAN_ROWS at a time,
   * and their due ones evaluated sliceSize at a time; each slice reads the clock itself, so a pass spread
   * over seconds judges each ticket at its own moment. Tickets that change meanwhile are covered by
   * ticketsChanged; tickets added behind the cursor are reached by this pass, the others by the next.
   */
  private *passSlices(): Generator<() => void> {
    const scan = this.o.db.prepare(
      `SELECT t.rowid AS rid, t.id AS id,
              (t.status NOT IN ('DONE', 'CLOSED') AND (s.ticket_id IS NULL OR s.state IN ('ok', 'at_risk'))) AS due
       FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
       WHERE t.rowid > ? ORDER BY t.rowid LIMIT ${SCAN_ROWS}`,
    );
    let after = Number.MIN_SAFE_INTEGER;
    let rows: { rid: number; id: string; due: number }[] = [];
    do {
      yield () => {
        rows = scan.all(after) as typeof rows;
      };
      after = rows.at(-1)?.rid ?? after;
      const due = rows.filter((r) => r.due === 1).map((r) => r.id);
      for (let i = 0; i < due.length; i += this.sliceSize) {
        const ids = due.slice(i, i + this.sliceSize);
        yield () => void this.evaluate(ids, this.o.clock.now());
      }
    } while (rows.length === SCAN_ROWS);

    // Summaries of tickets that are gone (deleted by a pull) would count in no view but waste space.
    const orphans = this.o.db.prepare(
      `SELECT s.ticket_id AS id, t.id IS NULL AS orphan FROM ticket_sla s LEFT JOIN tickets t ON t.id = s.ticket_id
       WHERE s.ticket_id > ? ORDER BY s.ticket_id LIMIT ${SCAN_ROWS}`,
    );
    const remove = this.o.db.prepare('DELETE FROM ticket_sla WHERE ticket_id = ?');
    let afterId = '';
    let summaries: { id: string; orphan: number }[] = [];
    do {
      yield () => {
        summaries = orphans.all(afterId) as typeof summaries;
        const gone = summaries.filter((r) => r.orphan === 1);
        if (gone.length > 0) withDerivedDataDurability(this.o.db, () => this.o.db.transaction(() => gone.forEach((r) => remove.run(r.id)))());
      };
      afterId = summaries.at(-1)?.id ?? afterId;
    } while (summaries.length === SCAN_ROWS);

    yield () => {
      const now = this.o.clock.now();
      this.emit('tick', { at: now, visible: this.evaluate(this.visible, now) });
    };
  }

  /**
   * For tickets the sync just changed: their summary may have moved either way. A small batch (an
   * incremental pull, a local edit) is evaluated at once, so the queue's SLA filters are current before the
   * renderer's next call; the rest of a large batch (bootstrap pages) is worked off in background slices.
   */
  ticketsChanged(ids: readonly string[]): void {
    this.evaluate(ids.slice(0, this.sliceSize), this.o.clock.now());
    if (ids.length <= this.sliceSize) return;
    for (const id of ids.slice(this.sliceSize)) this.changedBacklog.add(id);
    void this.drainChanged();
  }

  private async drainChanged(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const generation = this.generation;
    try {
      while (this.changedBacklog.size > 0 && generation === this.generation) {
        await this.yieldBetweenSlices();
        if (generation !== this.generation) return;
        const ids = [...this.changedBacklog].slice(0, this.sliceSize);
        for (const id of ids) this.changedBacklog.delete(id);
        this.evaluate(ids, this.o.clock.now());
      }
    } finally {
      this.draining = false;
    }
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
    withDerivedDataDurability(this.o.db, () =>
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
      })(),
    );
    for (const [event, ticketId] of events) this.emit(event, { ticketId, at: now });
    return out;
  }

  /** Parsed (zod) once per change of the contracts or SLA settings, not once per evaluation. */
  private slaConfig(): SlaConfig {
    const version = this.reference.version();
    if (this.config?.version === version) return this.config.value;
    const settings = this.reference.slaSettings();
    const tiers = this.tiers ?? settings.tiers;
    const contracts = this.reference.slaContracts().filter((c) => c.tier in tiers);
    const value = parseSlaConfig({
      tiers,
      contracts: Object.fromEntries(contracts.map((c) => [c.contractNumber, { tier: c.tier, organizationId: c.organizationId, validFrom: c.validFrom, validUntil: c.validUntil }])),
      atRisk: settings.atRisk,
    });
    this.config = { version, value };
    return value;
  }

  private publicAgentReplies(): (ticketId: string) => number[] {
    const users = this.reference.userInfo();
    const stmt = this.o.db.prepare("SELECT json_extract(data, '$.authorId') AS author, created_at FROM comments WHERE ticket_id = ? AND kind = 'public'");
    return (ticketId) =>
      (stmt.all(ticketId) as { author: string; created_at: string }[])
        .filter((c) => {
          const role = users.get(c.author)?.role;
          return role !== undefined && isStaffRole(role);
        })
        .map((c) => Date.parse(c.created_at));
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
