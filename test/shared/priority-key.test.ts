import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import { computeSlaClocks, type SlaInput } from '../../src-shared/domain/sla-clocks';
import {
  comparePriorityFactors,
  priorityFactors,
  prioritySortKey,
  sortKeyOfFactors,
  type PriorityContext,
} from '../../src-shared/domain/priority-key';
import { DEFAULT_PRIORITY_CONFIG } from '../../src-shared/domain/priority-rules';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { TICKET_CATEGORIES, type Ticket } from '../../src-shared/domain/ticket';
import { MINUTE_MS } from '../../src-shared/time/zoned';
import { weekdaysUtc } from './sla-test-calendars';
import { at, iso, makeTicket, testConfig } from './sla-test-tickets';

const ctx: PriorityContext = { slaConfig: testConfig, calendar: weekdaysUtc, priority: DEFAULT_PRIORITY_CONFIG };
const inp = (ticket: Ticket, publicAgentReplies: number[] = []): SlaInput => ({ ticket, publicAgentReplies });
const key = (t: Ticket, replies: number[] = []) => prioritySortKey(inp(t, replies), ctx);
const created = (ms: number, over: Partial<Ticket> & { history?: Array<[number, TicketStatus]> } = {}) =>
  makeTicket({ createdAt: iso(ms), history: [[ms, 'NEW']], ...over });
/** Keys of the given tickets sorted ascending, mapped back to the tickets' ids. */
const order = (...tickets: Ticket[]) => tickets.map((t) => [key(t), t.id] as const).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, id]) => id);

afterEach(() => vi.useRealTimers());

describe('priority sort key: interleaving SLA and no-SLA tickets', () => {
  it('a fresh SLA ticket due in 4 business hours beats a week-old feature request', () => {
    const sla = created(at(0, 9), { id: 'sla' }); // first response due Mon 13:00
    const feature = created(at(-7, 9), { id: 'feature', slaContractNumber: null, category: 'feature_request' });
    expect(order(feature, sla)).toEqual(['sla', 'feature']);
  });

  it('a cloud outage without SLA beats an SLA ticket whose earliest deadline is later', () => {
    const slaQuestion = created(at(0, 9), { id: 'sla', severity: 3, category: 'question' }); // due Tue 09:00
    const outage = created(at(0, 12), { id: 'outage', slaContractNumber: null, category: 'cloud_outage' });
    expect(order(slaQuestion, outage)).toEqual(['outage', 'sla']);
  });

  it('no-SLA tiers of the same age follow the seed order', () => {
    const mk = (id: string, over: Partial<Ticket>) => created(at(0, 9), { id, slaContractNumber: null, ...over });
    const tickets = [
      mk('f', { category: 'feature_request' }),
      mk('o', { category: 'question' }),
      mk('d', { category: 'product_defect' }),
      mk('r', { endUserCompany: { name: 'Müller GmbH', registered: true, companyId: null } }),
      mk('m', { impact: 23 }),
      mk('c', { category: 'cloud_outage' }),
    ];
    expect(order(...tickets)).toEqual(['c', 'm', 'r', 'd', 'o', 'f']);
  });

  it('age lifts a lower tier above a younger higher one once its virtual deadline is earlier', () => {
    const oldDefect = created(at(-14, 9), { id: 'old-defect', slaContractNumber: null });
    const freshRegistered = created(at(0, 9), { id: 'fresh', slaContractNumber: null, reporterOrganizationRegistered: true });
    expect(order(freshRegistered, oldDefect)).toEqual(['old-defect', 'fresh']);
  });

  it('a contract never makes a ticket less urgent: the earlier of SLA and tier deadline counts', () => {
    const outageWithSla = created(at(0, 9), { id: 'x', severity: 3, category: 'cloud_outage' });
    const f = priorityFactors(inp(outageWithSla), ctx);
    expect(f.slaClock).toBeNull();
    expect(f.deadline).toBe(at(0, 9));
    const defectWithSla = created(at(0, 9), { id: 'y', severity: 2 });
    expect(priorityFactors(inp(defectWithSla), ctx)).toMatchObject({ slaClock: 'firstResponse', deadline: at(0, 13) });
  });

  it('bands: actionable < waiting for the customer < DONE < CLOSED, whatever the deadlines', () => {
    const waitingSla = makeTicket({ id: 'waiting', severity: 1, history: [[at(0, 9), 'NEW'], [at(0, 9, 30), 'FEEDBACK_REQUEST']] });
    const feature = created(at(0, 9), { id: 'feature', slaContractNumber: null, category: 'feature_request' });
    const done = makeTicket({ id: 'done', category: 'cloud_outage', history: [[at(0, 9), 'NEW'], [at(0, 10), 'DONE']] });
    const closed = makeTicket({ id: 'closed', category: 'cloud_outage', history: [[at(-9, 9), 'NEW'], [at(-9, 10), 'CLOSED']] });
    expect(order(closed, done, waitingSla, feature)).toEqual(['feature', 'waiting', 'done', 'closed']);
  });

  it('paused SLA tickets are ordered by where their deadline would be had they not paused', () => {
    const a = makeTicket({ id: 'a', history: [[at(0, 9), 'NEW'], [at(0, 10), 'FEEDBACK_REQUEST']] }); // 4 h first response, 1 h used
    const f = priorityFactors(inp(a), ctx);
    expect(f).toMatchObject({ band: 1, slaClock: 'firstResponse', deadline: at(0, 13) });
  });

  it('uses the deadline the SLA clocks report while running, at any now', () => {
    const t = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 10), 'FEEDBACK_REQUEST'], [at(1, 9), 'OPEN']] });
    const replies = [at(0, 10)];
    const f = priorityFactors(inp(t, replies), ctx);
    for (const now of [at(1, 9), at(1, 12), at(2, 16)]) {
      const clocks = computeSlaClocks(inp(t, replies), testConfig, weekdaysUtc, now).clocks;
      const earliest = Math.min(...clocks.flatMap((c) => (c.dueAt === null ? [] : [c.dueAt])));
      expect(f.deadline).toBe(earliest);
    }
    expect(f.slaClock).toBe('update');
  });

  it('never reads the system clock', () => {
    const t = makeTicket({ history: [[at(0, 9), 'NEW'], [at(0, 10), 'OPEN']] });
    vi.useFakeTimers();
    vi.setSystemTime(at(0, 9));
    const k1 = key(t, [at(0, 9, 30)]);
    vi.setSystemTime(at(30, 9));
    expect(key(t, [at(0, 9, 30)])).toBe(k1);
  });

  it('has fixed-width fields and breaks ties by creation, ticket number and id', () => {
    const k = key(created(at(0, 9), { key: 'PS-10234', id: 't-1' }));
    expect(k).toMatch(/^0\.\d{15}\.0\.\d{15}\.000010234\.t-1$/);
    const base = { slaContractNumber: null, category: 'question' as const };
    const t9 = created(at(0, 9), { ...base, key: 'PS-9', id: 'b' });
    const t10 = created(at(0, 9), { ...base, key: 'PS-10', id: 'a' });
    const t10b = created(at(0, 9), { ...base, key: 'PS-10', id: 'c' });
    expect(order(t10b, t10, t9)).toEqual(['b', 'a', 'c']);
  });

  it('works with the real Berlin calendar', () => {
    const berlin: PriorityContext = { ...ctx, calendar: createBusinessCalendar() };
    const fri = Date.parse('2026-03-06T15:00:00.000Z'); // Friday 16:00 CET, 4 h first response
    const t = makeTicket({ createdAt: iso(fri), history: [[fri, 'NEW']] });
    expect(priorityFactors(inp(t), berlin).deadline).toBe(Date.parse('2026-03-09T10:00:00.000Z'));
  });
});

describe('priority sort key: properties', () => {
  const arbTicket = fc.record({
    createdMin: fc.integer({ min: 0, max: 20 * 24 * 60 }),
    category: fc.constantFrom(...TICKET_CATEGORIES),
    severity: fc.constantFrom(1 as const, 2 as const, 3 as const),
    impact: fc.integer({ min: 0, max: 8 }),
    sla: fc.constantFrom('SLA-1', null, 'SLA-404'),
    misconfiguration: fc.boolean(),
    registered: fc.boolean(),
    steps: fc.array(fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(...TICKET_STATUSES)), { maxLength: 4 }),
    replyMin: fc.option(fc.integer({ min: 0, max: 5000 })),
    keyNumber: fc.integer({ min: 1, max: 50 }),
  });
  type Gen = typeof arbTicket extends fc.Arbitrary<infer T> ? T : never;
  const build = (r: Gen, i: number): SlaInput => {
    const start = at(-20, 0) + Math.floor(r.createdMin / 15) * 15 * MINUTE_MS; // coarse times make ties likely
    let when = start;
    const history: Array<[number, TicketStatus]> = [[start, 'NEW']];
    for (const [minutes, status] of r.steps) {
      when += minutes * MINUTE_MS;
      history.push([when, status]);
    }
    const ticket = makeTicket({
      id: `t${i}`,
      key: `PS-${r.keyNumber}`,
      createdAt: iso(start),
      history,
      category: r.category,
      severity: r.severity,
      impact: r.impact,
      slaContractNumber: r.sla,
      misconfiguration: r.misconfiguration,
      reporterOrganizationRegistered: r.registered,
    });
    return inp(ticket, r.replyMin === null ? [] : [start + r.replyMin * MINUTE_MS]);
  };

  it('sorting by the key equals sorting by the documented comparator, and the order is strict and total', () => {
    fc.assert(
      fc.property(fc.array(arbTicket, { minLength: 2, maxLength: 12 }), (records) => {
        const factors = records.map((r, i) => priorityFactors(build(r, i), ctx));
        const byKey = [...factors].sort((a, b) => (sortKeyOfFactors(a) < sortKeyOfFactors(b) ? -1 : sortKeyOfFactors(a) > sortKeyOfFactors(b) ? 1 : 0));
        const byComparator = [...factors].sort(comparePriorityFactors);
        expect(byKey.map((f) => f.id)).toEqual(byComparator.map((f) => f.id));
        const keys = new Set(factors.map(sortKeyOfFactors));
        expect(keys.size).toBe(factors.length);
        for (const a of factors) {
          for (const b of factors) {
            const c = Math.sign(comparePriorityFactors(a, b));
            expect(c).toBe(-Math.sign(comparePriorityFactors(b, a)) || 0); // antisymmetric (|| 0 folds -0)
            if (a !== b) expect(c).not.toBe(0);
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it('an SLA deadline only ever moves a ticket up, never down (compared with the same ticket without contract)', () => {
    fc.assert(
      fc.property(arbTicket, (r) => {
        const withSla = build({ ...r, sla: 'SLA-1' }, 0);
        const without = build({ ...r, sla: null }, 0);
        expect(key(withSla.ticket, [...withSla.publicAgentReplies]) <= key(without.ticket, [...without.publicAgentReplies])).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
