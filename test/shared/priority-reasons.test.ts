import { describe, expect, it } from 'vitest';
import type { SlaInput } from '../../src-shared/domain/sla-clocks';
import type { PriorityContext } from '../../src-shared/domain/priority-key';
import { formatBusinessDuration, priorityReasons, type Lang } from '../../src-shared/domain/priority-reasons';
import { DEFAULT_PRIORITY_CONFIG } from '../../src-shared/domain/priority-rules';
import type { TicketStatus } from '../../src-shared/domain/status';
import type { Ticket } from '../../src-shared/domain/ticket';
import { HOUR_MS, MINUTE_MS } from '../../src-shared/time/zoned';
import { weekdaysUtc } from './sla-test-calendars';
import { at, iso, makeTicket, testConfig } from './sla-test-tickets';

const ctx: PriorityContext = { slaConfig: testConfig, calendar: weekdaysUtc, priority: DEFAULT_PRIORITY_CONFIG };
const ticketAt = (ms: number, over: Partial<Ticket> & { history?: Array<[number, TicketStatus]> } = {}) =>
  makeTicket({ createdAt: iso(ms), history: [[ms, 'NEW']], ...over });
const input = (ticket: Ticket, publicAgentReplies: number[] = []): SlaInput => ({ ticket, publicAgentReplies });
const texts = (inp: SlaInput, lang: Lang, now: number, organizationName?: string) =>
  priorityReasons(inp, ctx, { lang, now, ...(organizationName === undefined ? {} : { organizationName }) }).map((r) => r.text);

// Test tickets live in UTC; reasons show Europe/Berlin (CET = UTC+1 in early March 2026).
describe('priority reasons', () => {
  it('no-SLA outage affecting many customers: both factors, the outage decides', () => {
    const t = ticketAt(at(0, 9), { slaContractNumber: null, category: 'cloud_outage', impact: 23 });
    const reasons = priorityReasons(input(t), ctx, { lang: 'en', now: at(0, 10) });
    expect(reasons).toEqual([
      { code: 'cloud_outage', params: {}, text: 'Cloud-service outage', decisive: true },
      { code: 'many_customers', params: { count: 23 }, text: 'Affects 23 customers', decisive: false },
    ]);
    expect(texts(input(t), 'de', at(0, 10))).toEqual(['Cloud-Dienst-Störung', 'Betrifft 23 Kunden']);
  });

  it('registered end user by name, or the reporter\'s own organisation', () => {
    const partner = ticketAt(at(0, 9), {
      slaContractNumber: null,
      reporterRole: 'partner',
      endUserCompany: { name: 'Müller GmbH', registered: true, companyId: 'c1' },
    });
    expect(texts(input(partner), 'en', at(0, 10))).toEqual(['Registered end user: Müller GmbH']);
    expect(texts(input(partner), 'de', at(0, 10))).toEqual(['Registriertes Endanwenderunternehmen: Müller GmbH']);
    const own = ticketAt(at(0, 9), { slaContractNumber: null, reporterOrganizationRegistered: true });
    expect(texts(input(own), 'en', at(0, 10), 'Huber AG')).toEqual(['Registered end user: Huber AG']);
    expect(texts(input(own), 'de', at(0, 10))).toEqual(['Registriertes Endanwenderunternehmen: Organisation des Meldenden']);
  });

  it('lower tiers name themselves', () => {
    const now = at(0, 10);
    const mk = (category: Ticket['category']) => input(ticketAt(at(0, 9), { slaContractNumber: null, category }));
    expect(texts(mk('product_defect'), 'en', now)).toEqual(['Product defect']);
    expect(texts(mk('question'), 'de', now)).toEqual(['Sonstige Anfrage']);
    expect(texts(mk('feature_request'), 'en', now)).toEqual(['Feature, configuration or setup request (handled last)']);
    expect(texts(mk('configuration_setup'), 'de', now)).toEqual(['Anfrage zu Funktionen, Konfiguration oder Einrichtung (nachrangig)']);
  });

  it('SLA clocks: due time in Berlin, with the date when not today', () => {
    const t = ticketAt(at(0, 9)); // severity 2, Premium: first response due 13:00 UTC = 14:00 CET
    const reasons = priorityReasons(input(t), ctx, { lang: 'en', now: at(0, 10) });
    expect(reasons[0]).toEqual({
      code: 'sla_clock',
      params: { tier: 'Premium', clock: 'firstResponse', state: 'running', dueAt: at(0, 13), remainingMs: 3 * HOUR_MS },
      text: 'SLA Premium: first response due 14:00',
      decisive: true,
    });
    expect(reasons.map((r) => r.text)).toEqual(['SLA Premium: first response due 14:00', 'SLA Premium: resolution due Wed 04/03, 12:00', 'Product defect']);
    expect(reasons.map((r) => r.decisive)).toEqual([true, false, false]);
    expect(texts(input(t), 'de', at(0, 10))).toEqual(['SLA Premium: Erstreaktion fällig 14:00', 'SLA Premium: Lösung fällig Mi., 04.03., 12:00', 'Produktmangel']);
  });

  it('SLA clocks: overdue and paused wording', () => {
    const sev1 = ticketAt(at(0, 9), { severity: 1 });
    expect(texts(input(sev1), 'en', at(0, 11))[0]).toBe('SLA Premium: first response overdue since 11:00');
    expect(texts(input(sev1), 'de', at(0, 11))[0]).toBe('SLA Premium: Erstreaktion überfällig seit 11:00');
    const paused = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 9, 50), 'FEEDBACK_REQUEST']] });
    expect(texts(input(paused, [at(0, 9, 50)]), 'en', at(0, 12))).toEqual([
      'Waiting for customer (FEEDBACK REQUEST)',
      'SLA Premium: update paused (waiting for customer), 8 h left',
      'SLA Premium: resolution paused (waiting for customer), 19 h 10 min left',
      'Product defect',
    ]);
    expect(texts(input(paused, [at(0, 9, 50)]), 'de', at(0, 12))[2]).toBe('SLA Premium: Lösung pausiert (wartet auf Kunden), noch 19 Std. 10 Min.');
  });

  it('explains why a ticket has no SLA', () => {
    const mis = ticketAt(at(0, 9), { misconfiguration: true });
    expect(texts(input(mis), 'en', at(0, 10))[0]).toBe('No SLA: misconfiguration');
    expect(texts(input(mis), 'de', at(0, 10))[0]).toBe('Kein SLA: Fehlkonfiguration');
    const foreign = ticketAt(at(0, 9), { organizationId: 'org-b' });
    expect(texts(input(foreign), 'en', at(0, 10))[0]).toBe('No SLA: contract SLA-1 belongs to another organisation');
    const unknown = ticketAt(at(0, 9), { slaContractNumber: 'x-9' });
    expect(priorityReasons(input(unknown), ctx, { lang: 'de', now: at(0, 10) })[0]).toMatchObject({
      code: 'sla_contract_invalid',
      params: { contractNumber: 'X-9', miss: 'unknown' },
      text: 'Kein SLA: Vertrag X-9 unbekannt',
    });
  });

  it('done and closed tickets say so and show no clocks', () => {
    const done = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 10), 'DONE']] });
    expect(texts(input(done), 'en', at(0, 11))).toEqual(['Done', 'Product defect']);
    const closed = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 10), 'CLOSED']] });
    expect(texts(input(closed), 'de', at(0, 11))).toEqual(['Geschlossen', 'Produktmangel']);
  });
});

describe('formatBusinessDuration', () => {
  it('hours and minutes, no days', () => {
    expect(formatBusinessDuration(45 * MINUTE_MS, 'en')).toBe('45 min');
    expect(formatBusinessDuration(27 * HOUR_MS, 'de')).toBe('27 Std.');
    expect(formatBusinessDuration(-(2 * HOUR_MS + 5 * MINUTE_MS), 'en')).toBe('2 h 5 min');
  });
});
