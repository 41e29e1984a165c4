import type { CommentRecord, EscalationRecord, OrganizationRecord, TicketRecord, UserRecord } from '../../src-shared/sync/records';

export const AGENT = { userId: 'u-agent', role: 'agent' as const };
export const T0 = '2026-03-02T09:00:00.000Z';

export function org(i: number, name = `Org ${i}`): OrganizationRecord {
  return { id: `o${i}`, name, kind: 'customer', registeredEndUser: i % 2 === 0 };
}

export function user(id: string, role: UserRecord['role'] = 'agent'): UserRecord {
  return { id, displayName: `User ${id}`, email: `${id}@example.com`, role, organizationId: null, language: 'de' };
}

export function ticket(i: number, patch: Partial<TicketRecord> = {}): TicketRecord {
  return {
    id: `t${i}`,
    key: `PS-${10000 + i}`,
    title: `Ticket number ${i}`,
    description: `Description of ticket ${i}`,
    checklist: { whatHappened: '', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' },
    product: 'ProCall',
    productVersion: '8.4',
    category: 'product_defect',
    severity: ((i % 3) + 1) as 1 | 2 | 3,
    reporterId: 'u-customer',
    organizationId: `o${i % 5}`,
    reporterRole: 'customer',
    endUserCompany: null,
    reporterOrganizationRegistered: false,
    visibility: 'private',
    participants: [],
    slaContractNumber: null,
    impact: 0,
    linkedToTicketId: null,
    assigneeId: null,
    escalationId: null,
    misconfiguration: false,
    status: 'NEW',
    createdAt: T0,
    updatedAt: T0,
    lastCustomerActivityAt: null,
    statusHistory: [{ at: T0, actor: { kind: 'user', userId: 'u-customer', role: 'customer' }, from: null, to: 'NEW' }],
    priorityKey: `p${String(i).padStart(6, '0')}`,
    ...patch,
  };
}

export function comment(id: string, ticketId: string, body = 'hello'): CommentRecord {
  return { id, ticketId, authorId: 'u-customer', kind: 'public', body, createdAt: T0 };
}

export function escalationRecord(id: string, ticketId: string): EscalationRecord {
  return {
    id, ticketId, state: 'requested', requestedById: 'u-customer', requestedAt: T0, reason: 'urgent', ownerId: null,
    proposedSlots: [], chosenSlot: null, meetingLink: null, outcome: null, nextSteps: null, updatedAt: T0,
  };
}
