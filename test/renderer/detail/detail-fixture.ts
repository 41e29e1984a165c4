import { TicketDetailSchema, type CallName, type CallRequest, type CallResponse, type ContractError, type Result, type SupportDeskApi, type TicketDetail } from '../../../src-shared/ipc/contract';
import { createFakeApi, type FakeApi } from '../fake-api';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A ticket detail with every section filled: checklist, a public reply and an internal note, participants,
 * an unregistered end-user company, three SLA clocks (running, paused, met), a projected automatic change,
 * history, an outage link, a linked report and an escalation. Validated against the contract schema so the
 * tests never render a shape the core could not send.
 */
export function richDetail(now: number = Date.now(), patch: Partial<TicketDetail> = {}): TicketDetail {
  const iso = (ms: number) => new Date(ms).toISOString();
  const detail: TicketDetail = {
    ticket: {
      id: 't-42',
      key: 'PS-10042',
      title: 'ProCall client crashes on start',
      description: 'Since the update the client closes right after the splash screen.',
      checklist: {
        whatHappened: 'Client crashes after login',
        whenAndHowLong: 'Since Monday, every start',
        affectedObjects: 'All 40 workstations',
        reproducibility: 'Always',
        stepsTried: '',
      },
      product: 'ProCall',
      productVersion: '8.4.1',
      category: 'product_defect',
      severity: 2,
      reporterId: 'u-customer',
      organizationId: 'org-alpenhof',
      reporterRole: 'partner',
      endUserCompany: { name: 'Bergbahn AG', registered: false, companyId: null },
      reporterOrganizationRegistered: true,
      visibility: 'organization',
      participants: ['it@alpenhof.example', 'boss@alpenhof.example'],
      slaContractNumber: 'SLA-2024-7',
      impact: 3,
      linkedToTicketId: 't-7',
      assigneeId: 'u-ben',
      escalationId: 'e-1',
      misconfiguration: false,
      status: 'FEEDBACK_REQUEST',
      createdAt: iso(now - 5 * DAY),
      updatedAt: iso(now - HOUR),
      lastCustomerActivityAt: iso(now - 2 * DAY),
      statusHistory: [],
      priorityKey: '0001',
    },
    organizationName: 'Alpenhof GmbH',
    reporter: { id: 'u-customer', displayName: 'Paul Partner', email: 'paul@alpenhof.example', role: 'partner', organizationId: 'org-alpenhof', language: 'de' },
    assignee: { id: 'u-ben', displayName: 'Ben Berger', email: 'ben@estos.de', role: 'agent', organizationId: 'org-estos', language: 'de' },
    comments: [
      { id: 'c-1', ticketId: 't-42', authorId: 'u-ben', kind: 'public', body: 'Please send us the client log file.', createdAt: iso(now - 3 * DAY) },
      { id: 'c-2', ticketId: 't-42', authorId: 'u-ben', kind: 'internal', body: 'Looks like the known TAPI driver issue.', createdAt: iso(now - 2 * DAY) },
    ],
    history: [
      { id: 'h-1', ticketId: 't-42', at: iso(now - 4 * DAY), actor: { kind: 'user', userId: 'u-ben', role: 'agent' }, field: 'status', from: 'NEW', to: 'IN_PROGRESS' },
      { id: 'h-2', ticketId: 't-42', at: iso(now - 3 * DAY), actor: { kind: 'user', userId: 'u-ben', role: 'agent' }, field: 'status', from: 'IN_PROGRESS', to: 'FEEDBACK_REQUEST' },
      { id: 'h-3', ticketId: 't-42', at: iso(now - 3 * DAY), actor: { kind: 'system' }, field: 'impact', from: '2', to: '3' },
    ],
    escalation: {
      id: 'e-1',
      ticketId: 't-42',
      state: 'appointment_proposed',
      requestedById: 'u-customer',
      requestedAt: iso(now - DAY),
      reason: 'Production down for 40 users',
      ownerId: 'u-cara',
      proposedSlots: [iso(now + 2 * DAY)],
      chosenSlot: null,
      meetingLink: null,
      outcome: null,
      nextSteps: null,
      updatedAt: iso(now - DAY),
    },
    sla: [
      { kind: 'first_response', state: 'met', atRisk: false, dueAt: null, remainingMs: null, reasonCode: 'met_by_public_reply' },
      { kind: 'update', state: 'running', atRisk: true, dueAt: iso(now + 30 * 60_000), remainingMs: 30 * 60_000, reasonCode: 'running' },
      { kind: 'resolution', state: 'paused', atRisk: false, dueAt: null, remainingMs: 20 * HOUR, reasonCode: 'paused_waiting_for_customer' },
    ],
    slaTier: 'gold',
    nextAutoTransition: { to: 'FEEDBACK_PENDING', dueAt: iso(now + 2 * DAY), rule: 'feedback_request_unanswered' },
    reasons: [{ code: 'priority.product_defect', text: 'Product defect reported by a partner' }],
    linkedTickets: [
      { id: 't-7', key: 'PS-10007', title: 'TAPI driver outage', status: 'IN_PROGRESS' },
      { id: 't-50', key: 'PS-10050', title: 'Same crash at Brenner IT', status: 'NEW' },
    ],
    allowedTransitions: ['IN_PROGRESS', 'PEER_REVIEW', 'DONE', 'CLOSED'],
    pendingMutations: 2,
    ...patch,
  };
  return TicketDetailSchema.parse(detail);
}

type Handler<N extends CallName> = (req: CallRequest<N>) => Promise<Result<CallResponse<N>>>;
export type Overrides = { [N in CallName]?: Handler<N> };

export interface DetailTestApi {
  readonly api: SupportDeskApi;
  readonly fake: FakeApi;
  /** Every ticket.mutate request, in order. */
  readonly mutations: { name: string; args: unknown }[];
  /** Makes the next ticket.mutate answer with this error (the text must then stay in the draft). */
  failNextMutation(error: ContractError): void;
}

/**
 * The shared fake API (test/renderer/fake-api.ts) with ticket.detail answering `detail` and ticket.mutate
 * recording every mutation; events still go through the fake, so `fake.emit` drives them.
 */
export function detailApi(detail: TicketDetail, overrides: Overrides = {}): DetailTestApi {
  const fake = createFakeApi();
  const mutations: { name: string; args: unknown }[] = [];
  let failure: ContractError | null = null;
  const calls = {
    ...fake.calls,
    'ticket.detail': async () => ({ ok: true as const, value: detail }),
    'ticket.mutate': async (req: CallRequest<'ticket.mutate'>) => {
      mutations.push({ name: req.name, args: req.args });
      if (failure) {
        const error = failure;
        failure = null;
        return { ok: false as const, error };
      }
      return { ok: true as const, value: { mutationId: mutations.length } };
    },
    ...overrides,
  } as SupportDeskApi['calls'];
  return {
    api: { calls, events: fake.events },
    fake,
    mutations,
    failNextMutation: (error) => {
      failure = error;
    },
  };
}
