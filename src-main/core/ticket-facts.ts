import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import type { BusinessCalendar } from '../../src-shared/calendar/types';
import { nextAutomaticTransition } from '../../src-shared/domain/automatic-transitions';
import { DEFAULT_PRIORITY_CONFIG, priorityTier } from '../../src-shared/domain/priority-rules';
import { computeSlaClocks, type SlaClock } from '../../src-shared/domain/sla-clocks';
import { parseSlaConfig, type SlaConfig, type SlaContract } from '../../src-shared/domain/sla-config';
import { isStaffRole } from '../../src-shared/domain/ticket';
import type { SlaClockView } from '../../src-shared/ipc/contract';
import type { SlaContractRecord, TicketRecord } from '../../src-shared/sync/records';
import { EXAMPLE_SLA_SETTINGS, type SlaSettings } from '../timers/reference-data';

const KIND: Readonly<Record<SlaClock['kind'], SlaClockView['kind']>> = {
  firstResponse: 'first_response',
  update: 'update',
  resolution: 'resolution',
};

const iso = (ms: number | null): string | null => (ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

/**
 * The SLA configuration as the cache knows it: the contracts and the tier targets the service synced (the
 * built-in examples only until the first pull delivered them). A contract naming a tier the settings do not
 * know is left out rather than failing every ticket: its tickets then show "contract unknown", the truth here.
 */
export function slaConfigFromContracts(records: readonly SlaContractRecord[], settings: SlaSettings = EXAMPLE_SLA_SETTINGS): SlaConfig {
  const contracts: Record<string, SlaContract> = {};
  for (const r of records) {
    if (!(r.tier in settings.tiers)) continue;
    contracts[r.contractNumber] = { tier: r.tier, organizationId: r.organizationId, validFrom: r.validFrom, validUntil: r.validUntil };
  }
  return parseSlaConfig({ tiers: settings.tiers, contracts, atRisk: settings.atRisk });
}

export interface FactsContext {
  readonly sla: SlaConfig;
  readonly calendar: BusinessCalendar;
  readonly now: number;
}

/** Where the SLA inputs come from (CacheReads: cached until their tables change). */
export interface SlaSource {
  slaContracts(): readonly SlaContractRecord[];
  slaSettings(): SlaSettings;
}

export function factsContext(source: SlaSource, now: number, calendar: BusinessCalendar = defaultCalendar()): FactsContext {
  return { sla: parsedConfigFor(source.slaContracts(), source.slaSettings()), calendar, now };
}

/**
 * The zod parse of the SLA configuration, once per (settings, contracts) pair: CacheReads hands out the same
 * objects until their tables change, so this is exact and saves the parse on every window and detail.
 */
const parsedConfigs = new WeakMap<SlaSettings, WeakMap<readonly SlaContractRecord[], SlaConfig>>();
function parsedConfigFor(contracts: readonly SlaContractRecord[], settings: SlaSettings): SlaConfig {
  let bySettings = parsedConfigs.get(settings);
  if (bySettings === undefined) {
    bySettings = new WeakMap();
    parsedConfigs.set(settings, bySettings);
  }
  let config = bySettings.get(contracts);
  if (config === undefined) {
    config = slaConfigFromContracts(contracts, settings);
    bySettings.set(contracts, config);
  }
  return config;
}

let calendarSingleton: BusinessCalendar | null = null;
function defaultCalendar(): BusinessCalendar {
  calendarSingleton ??= createBusinessCalendar();
  return calendarSingleton;
}

/** A public comment by estos staff counts as an agent reply for the SLA clocks; internal notes never do. */
export interface ReplyComment {
  readonly authorRole: string | null;
  readonly kind: 'public' | 'internal';
  readonly createdAt: string;
}

export function publicAgentReplies(comments: readonly ReplyComment[]): number[] {
  return comments
    .filter((c) => c.kind === 'public' && c.authorRole !== null && isStaffRole(c.authorRole as Parameters<typeof isStaffRole>[0]))
    .map((c) => Date.parse(c.createdAt));
}

export interface TicketFacts {
  readonly sla: SlaClockView[];
  readonly slaTier: string | null;
  readonly nextAutoTransition: { to: TicketRecord['status']; dueAt: string; rule: string } | null;
  readonly atRisk: boolean;
  readonly breached: boolean;
}

/** SLA clocks (business time, src-shared), the next automatic status change and the at-risk summary. */
export function ticketFacts(ticket: TicketRecord, replies: readonly number[], ctx: FactsContext): TicketFacts {
  const clocks = computeSlaClocks({ ticket, publicAgentReplies: replies }, ctx.sla, ctx.calendar, ctx.now);
  const sla = clocks.clocks.map(
    (c): SlaClockView => ({
      kind: KIND[c.kind],
      state: c.state,
      atRisk: c.atRisk,
      dueAt: iso(c.dueAt),
      remainingMs: c.remainingMs,
      reasonCode: c.reason.code,
    }),
  );
  let nextAutoTransition: TicketFacts['nextAutoTransition'] = null;
  try {
    const next = nextAutomaticTransition(ticket);
    if (next) nextAutoTransition = { to: next.to, dueAt: new Date(next.dueAt).toISOString(), rule: next.rule };
  } catch {
    // A ticket whose history lacks its own status entry has no computable timer; the service decides.
    nextAutoTransition = null;
  }
  return {
    sla,
    slaTier: clocks.contract?.ok ? clocks.contract.tierId : null,
    nextAutoTransition,
    atRisk: sla.some((c) => c.atRisk),
    breached: sla.some((c) => c.state === 'breached'),
  };
}

/** Why the ticket sits where it does in the queue: the seed's priority rule, then SLA urgency. */
export function priorityReasons(ticket: TicketRecord, facts: TicketFacts): { code: string; text: string }[] {
  const tier = priorityTier(ticket, DEFAULT_PRIORITY_CONFIG);
  const reasons = [{ code: `priority.${tier.id}`, text: tier.seed }];
  for (const c of facts.sla) {
    if (c.state === 'breached') reasons.push({ code: `sla.${c.kind}.breached`, text: `${c.kind} SLA breached` });
    else if (c.atRisk) reasons.push({ code: `sla.${c.kind}.at_risk`, text: `${c.kind} SLA at risk` });
  }
  return reasons;
}
