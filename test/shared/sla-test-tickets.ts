import type { TicketStatus } from '../../src-shared/domain/status';
import { TicketSchema, type Ticket } from '../../src-shared/domain/ticket';
import { parseSlaConfig, type SlaConfig } from '../../src-shared/domain/sla-config';
import { HOUR_MS } from '../../src-shared/time/zoned';

/** Test builders for tickets and SLA configs; every ticket goes through TicketSchema so fixtures stay valid. */

export const iso = (ms: number): string => new Date(ms).toISOString();
/** Monday 2026-03-02 00:00 UTC: a plain week without DST switches (the test calendars are UTC anyway). */
export const MON = Date.UTC(2026, 2, 2);
export const at = (day: number, hour: number, minute = 0): number => MON + day * 86_400_000 + hour * HOUR_MS + minute * 60_000;

export function makeTicket(over: Partial<Ticket> & { history?: Array<[number, TicketStatus]> } = {}): Ticket {
  const { history, ...rest } = over;
  const createdAt = rest.createdAt ?? iso(at(0, 9));
  let prev: TicketStatus | null = null;
  const statusHistory = (history ?? [[Date.parse(createdAt), 'NEW']]).map(([when, to]) => {
    const change = { at: iso(when), actor: { kind: 'system' as const }, from: prev, to };
    prev = to;
    return change;
  });
  return TicketSchema.parse({
    id: 't1',
    key: 'PS-100',
    title: 'Phone line drops',
    description: '',
    checklist: { whatHappened: '', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' },
    product: 'ProCall',
    productVersion: '8.4',
    category: 'product_defect',
    severity: 2,
    reporterId: 'u1',
    organizationId: 'org-a',
    reporterRole: 'customer',
    endUserCompany: null,
    reporterOrganizationRegistered: false,
    visibility: 'organization',
    participants: [],
    slaContractNumber: 'SLA-1',
    impact: 0,
    linkedToTicketId: null,
    assigneeId: null,
    escalationId: null,
    misconfiguration: false,
    status: prev ?? 'NEW',
    createdAt,
    updatedAt: createdAt,
    lastCustomerActivityAt: null,
    ...rest,
    statusHistory: rest.statusHistory ?? statusHistory,
  });
}

const targets = (fr: number | null, up: number | null, res: number | null) => ({ firstResponse: fr, update: up, resolution: res });

/** One tier, hours chosen so every test case is easy to compute by hand. */
export const testConfig: SlaConfig = parseSlaConfig({
  tiers: {
    premium: {
      name: 'Premium',
      targets: {
        '1': targets(1 * HOUR_MS, 2 * HOUR_MS, 8 * HOUR_MS),
        '2': targets(4 * HOUR_MS, 8 * HOUR_MS, 20 * HOUR_MS),
        '3': targets(8 * HOUR_MS, null, null),
      },
    },
  },
  contracts: {
    'SLA-1': { tier: 'premium', organizationId: 'org-a', validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z' },
  },
  atRisk: { fraction: 0.2, absoluteMs: HOUR_MS },
});
