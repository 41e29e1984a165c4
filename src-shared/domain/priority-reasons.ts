import { MINUTE_MS, localDateString } from '../time/zoned';
import type { Instant } from './ticket';
import type { SlaClockKind } from './sla-config';
import type { SlaContractMiss } from './sla-contract';
import { computeSlaClocks, type SlaClock, type SlaInput } from './sla-clocks';
import { priorityFactors, type PriorityContext } from './priority-key';
import { PRIORITY_RULES, affectedEndUser, type PriorityTierId } from './priority-rules';
import { statusLabel } from './status';

/**
 * Why a ticket sits where it does in the queue, as chips for the UI. Each reason carries a stable code and
 * params (UIs may translate themselves) plus a ready text in German or English. Times are Europe/Berlin.
 */
export type Lang = 'de' | 'en';

export type PriorityReasonCode =
  | 'sla_clock'
  | 'sla_exempt_misconfiguration'
  | 'sla_contract_invalid'
  | 'waiting_for_customer'
  | 'done'
  | 'closed'
  | PriorityTierId;

export interface PriorityReason {
  readonly code: PriorityReasonCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly text: string;
  /** This factor set the ticket's deadline in the sort key. */
  readonly decisive: boolean;
}

export interface PriorityReasonOptions {
  readonly lang: Lang;
  /** The instant the reasons are shown at: decides "overdue" wording and whether a date is needed. */
  readonly now: Instant;
  /** Name of the reporter's organisation, for "Registered end user: …" when the field was left empty. */
  readonly organizationName?: string;
  readonly timeZone?: string;
}

const CLOCK_NAME: Readonly<Record<Lang, Record<SlaClockKind, string>>> = {
  en: { firstResponse: 'first response', update: 'update', resolution: 'resolution' },
  de: { firstResponse: 'Erstreaktion', update: 'Aktualisierung', resolution: 'Lösung' },
};

const MISS_TEXT: Readonly<Record<Lang, Record<Exclude<SlaContractMiss, 'no_contract_number'>, string>>> = {
  en: { unknown: 'unknown', other_organization: 'belongs to another organisation', not_yet_valid: 'not yet valid', expired: 'expired' },
  de: { unknown: 'unbekannt', other_organization: 'gehört zu einer anderen Organisation', not_yet_valid: 'noch nicht gültig', expired: 'abgelaufen' },
};

const TIER_TEXT: Readonly<Record<Lang, Record<PriorityTierId, (p: { count: number; name: string }) => string>>> = {
  en: {
    cloud_outage: () => 'Cloud-service outage',
    many_customers: (p) => `Affects ${p.count} customers`,
    registered_end_user: (p) => `Registered end user: ${p.name}`,
    defect: () => 'Product defect',
    other: () => 'Other request',
    feature_or_configuration: () => 'Feature, configuration or setup request (handled last)',
  },
  de: {
    cloud_outage: () => 'Cloud-Dienst-Störung',
    many_customers: (p) => `Betrifft ${p.count} Kunden`,
    registered_end_user: (p) => `Registriertes Endanwenderunternehmen: ${p.name}`,
    defect: () => 'Produktmangel',
    other: () => 'Sonstige Anfrage',
    feature_or_configuration: () => 'Anfrage zu Funktionen, Konfiguration oder Einrichtung (nachrangig)',
  },
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(instant: Instant, lang: Lang, timeZone: string, withDate: boolean): string {
  const cacheKey = `${lang}|${timeZone}|${withDate}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(withDate ? { weekday: 'short', day: '2-digit', month: '2-digit' } : {}),
    });
    formatters.set(cacheKey, f);
  }
  return f.format(new Date(instant));
}

/** "3 h 10 min" / "3 Std. 10 Min." — business time, so no days (a business day is not 24 h). */
export function formatBusinessDuration(ms: number, lang: Lang): string {
  const total = Math.round(Math.abs(ms) / MINUTE_MS);
  const h = Math.floor(total / 60);
  const m = total % 60;
  const [hu, mu] = lang === 'de' ? ['Std.', 'Min.'] : ['h', 'min'];
  if (h === 0) return `${m} ${mu}`;
  return m === 0 ? `${h} ${hu}` : `${h} ${hu} ${m} ${mu}`;
}

function clockText(c: SlaClock, tierName: string, o: Required<Pick<PriorityReasonOptions, 'lang' | 'now' | 'timeZone'>>): string {
  const name = CLOCK_NAME[o.lang][c.kind];
  const when = (at: Instant): string => format(at, o.lang, o.timeZone, localDateString(at, o.timeZone) !== localDateString(o.now, o.timeZone));
  const left = formatBusinessDuration(c.remainingMs ?? 0, o.lang);
  const de = o.lang === 'de';
  const body =
    c.state === 'breached'
      ? de
        ? `${name} überfällig seit ${when(c.dueAt ?? o.now)}`
        : `${name} overdue since ${when(c.dueAt ?? o.now)}`
      : c.state === 'paused'
        ? de
          ? `${name} pausiert (wartet auf Kunden), noch ${left}`
          : `${name} paused (waiting for customer), ${left} left`
        : de
          ? `${name} fällig ${when(c.dueAt ?? o.now)}`
          : `${name} due ${when(c.dueAt ?? o.now)}`;
  return `SLA ${tierName}: ${body}`;
}

export function priorityReasons(input: SlaInput, ctx: PriorityContext, options: PriorityReasonOptions): PriorityReason[] {
  const { ticket } = input;
  const o = { lang: options.lang, now: options.now, timeZone: options.timeZone ?? 'Europe/Berlin' };
  const de = o.lang === 'de';
  const factors = priorityFactors(input, ctx);
  const reasons: PriorityReason[] = [];

  if (factors.band === 1) {
    const status = statusLabel(ticket.status);
    reasons.push({
      code: 'waiting_for_customer',
      params: { status: ticket.status },
      text: de ? `Wartet auf Kunden (${status})` : `Waiting for customer (${status})`,
      decisive: false,
    });
  } else if (factors.band >= 2) {
    const done = ticket.status === 'DONE';
    reasons.push({
      code: done ? 'done' : 'closed',
      params: {},
      text: done ? (de ? 'Erledigt' : 'Done') : de ? 'Geschlossen' : 'Closed',
      decisive: false,
    });
  }

  if (ticket.misconfiguration) {
    reasons.push({
      code: 'sla_exempt_misconfiguration',
      params: {},
      text: de ? 'Kein SLA: Fehlkonfiguration' : 'No SLA: misconfiguration',
      decisive: false,
    });
  } else if (factors.contract && !factors.contract.ok && factors.contract.miss !== 'no_contract_number') {
    const { miss, contractNumber } = factors.contract;
    reasons.push({
      code: 'sla_contract_invalid',
      params: { contractNumber: contractNumber ?? '', miss },
      text: de ? `Kein SLA: Vertrag ${contractNumber} ${MISS_TEXT.de[miss]}` : `No SLA: contract ${contractNumber} ${MISS_TEXT.en[miss]}`,
      decisive: false,
    });
  } else if (factors.contract?.ok) {
    const tierName = factors.contract.tier.name;
    const { clocks } = computeSlaClocks(input, ctx.slaConfig, ctx.calendar, o.now);
    for (const c of clocks) {
      if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'breached') continue;
      reasons.push({
        code: 'sla_clock',
        params: { tier: tierName, clock: c.kind, state: c.state, dueAt: c.dueAt ?? '', remainingMs: c.remainingMs ?? 0 },
        text: clockText(c, tierName, o),
        decisive: factors.slaClock === c.kind,
      });
    }
  }

  // Every seed rule that applies is shown (an outage affecting 23 customers says both); the first one decides.
  const affected = affectedEndUser(ticket);
  const name = affected?.name ?? options.organizationName ?? (de ? 'Organisation des Meldenden' : "reporter's organisation");
  const tierIsDecisive = factors.slaClock === null;
  for (const rule of PRIORITY_RULES) {
    const isTier = rule.id === factors.tier.id;
    const isSeedFactor = rule.rank <= 3 && rule.matches(ticket, ctx.priority);
    if (!isTier && !isSeedFactor) continue;
    const params: Record<string, string | number> =
      rule.id === 'many_customers' ? { count: ticket.impact } : rule.id === 'registered_end_user' ? { name } : {};
    reasons.push({
      code: rule.id,
      params,
      text: TIER_TEXT[o.lang][rule.id]({ count: ticket.impact, name }),
      decisive: isTier && tierIsDecisive,
    });
  }
  return reasons;
}
