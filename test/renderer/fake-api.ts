import {
  BUILT_IN_VIEWS,
  CALL_NAMES,
  EVENT_NAMES,
  SettingsSchema,
  type BuiltInView,
  type CallName,
  type CallRequest,
  type CallResponse,
  type ContractError,
  type EventName,
  type EventPayload,
  type QueueFilter,
  type QueueRow,
  type Result,
  type Session,
  type Settings,
  type SlaClockView,
  type SupportDeskApi,
  type SyncState,
  type TicketDetail,
} from '../../src-shared/ipc/contract';
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { TICKET_CATEGORIES, type Severity } from '../../src-shared/domain/ticket';
import { TRANSITIONS } from '../../src-shared/domain/workflow';
import type { TicketRecord, UserRecord } from '../../src-shared/sync/records';
import type { z } from 'zod';
import type { RejectionSchema } from '../../src-shared/ipc/contract';

/**
 * A deterministic, in-memory SupportDeskApi for renderer tests. Tickets are generated from their index (no
 * randomness), so "ticket 42" is the same in every run; 100k tickets cost a few typed arrays, and rows are
 * built only for the windows asked for. Views, filters, text search, transitions (with the shared workflow
 * table and expectedStatus conflicts), assignment, settings, sync state and rejections behave like the core's
 * contract says; events are emitted by the fake (after mutations) or by the test (`emit`).
 */
export type Rejection = z.infer<typeof RejectionSchema>;

export interface FakeApiOptions {
  /** Number of tickets (default 200). */
  readonly tickets?: number;
  /** Signed-in session, or null to start at the sign-in screen. */
  readonly session?: Session | null;
  /** The instant SLA deadlines are generated around (default 2026-03-03T09:00:00Z, a Tuesday). */
  readonly baseTime?: number;
  readonly settings?: Partial<Settings>;
  readonly sync?: Partial<SyncState>;
  readonly rejections?: readonly Rejection[];
}

export const ME: Session['user'] = { id: 'u-me', displayName: 'Anna Agent', email: 'anna@estos.de', role: 'agent', language: 'en' };
export const DEMO_PASSWORD = 'correct horse';
const OTHER_AGENTS: readonly UserRecord[] = [
  { id: 'u-ben', displayName: 'Ben Berger', email: 'ben@estos.de', role: 'agent', organizationId: 'org-estos', language: 'de' },
  { id: 'u-cara', displayName: 'Cara Chen', email: 'cara@estos.de', role: 'team_lead', organizationId: 'org-estos', language: 'en' },
];
const ORGS = ['Alpenhof GmbH', 'Brenner IT', 'Carl Schmid AG', 'Donau Telecom', 'Eisvogel KG', 'Fichtel Partner', 'Gmund Solutions', 'Hopfen & Malz'];
const TOPICS = ['ProCall client crashes', 'UCServer login fails', 'Meeting audio drops', 'CTI not dialing', 'LDAP sync stuck', 'Presence not updating', 'Federation with Teams', 'Licence not recognised'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic hash so generated fields look mixed but never change between runs. */
function mix(i: number, salt: number): number {
  let x = (i + 1) * 2654435761 + salt * 40503;
  x = (x ^ (x >>> 13)) >>> 0;
  x = Math.imul(x, 1274126177) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

const OPEN: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => !STATUS_INFO[s].final);
const STATUS_SPREAD: readonly TicketStatus[] = ['NEW', 'NEW', 'OPEN', 'IN_PROGRESS', 'IN_PROGRESS', 'PEER_REVIEW', 'FEEDBACK_REQUEST', 'FEEDBACK_PENDING', 'IMPLEMENTING', 'DONE', 'CLOSED'];

export interface FakeApi extends SupportDeskApi {
  /** Every call made, in order. */
  readonly log: { name: CallName; request: unknown }[];
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
  listenerCount(name: EventName): number;
  /** Changes a ticket as if a pull brought it (no event: call `emit('tickets.changed', …)` yourself). */
  setStatus(index: number, status: TicketStatus): void;
  statusOf(index: number): TicketStatus;
  /** Ranks the ticket after every other one (as a priority change by the service would), without an event. */
  rankLast(index: number): void;
  ticketId(index: number): string;
  ticketKey(index: number): string;
  /** Makes the next call of `name` fail with `error`. */
  failNext(name: CallName, error: ContractError): void;
  readonly state: { settings: Settings; sync: SyncState; rejections: Rejection[]; session: Session | null; mutationId: number };
}

export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const n = options.tickets ?? 200;
  const base = options.baseTime ?? Date.parse('2026-03-03T09:00:00Z');
  const status = new Uint8Array(n);
  const assignee = new Int8Array(n); // -1 unassigned, 0 me, 1.. other agents
  const updatedAt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    status[i] = TICKET_STATUSES.indexOf(STATUS_SPREAD[mix(i, 1) % STATUS_SPREAD.length]!);
    assignee[i] = (mix(i, 2) % 4) - 1 >= OTHER_AGENTS.length ? -1 : (mix(i, 2) % 4) - 1;
    updatedAt[i] = base - (mix(i, 3) % (30 * 24)) * HOUR;
  }
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const failures = new Map<CallName, ContractError>();
  const log: { name: CallName; request: unknown }[] = [];
  const state = {
    settings: SettingsSchema.parse({
      language: 'en',
      theme: 'system',
      notifications: { slaAtRisk: true, slaBreached: true, assignedToMe: true },
      savedViews: [],
      ...options.settings,
    }),
    sync: {
      connection: 'online',
      pendingChanges: 0,
      lastSyncedAt: new Date(base - 2 * 60_000).toISOString(),
      bootstrap: { done: 0, total: 0, active: false },
      lastError: null,
      ...options.sync,
    } as SyncState,
    rejections: [...(options.rejections ?? [])],
    session: options.session === undefined ? { serverUrl: 'http://127.0.0.1:8080/', user: ME } : options.session,
    mutationId: 0,
  };

  const id = (i: number) => `t${i + 1}`;
  const key = (i: number) => `PS-${10001 + i}`;
  const indexOfId = (tid: string) => (/^t\d+$/.test(tid) ? Number(tid.slice(1)) - 1 : -1);
  const statusAt = (i: number) => TICKET_STATUSES[status[i]!]!;
  const assigneeUser = (i: number): UserRecord | null =>
    assignee[i] === -1 ? null : assignee[i] === 0 ? { ...ME, organizationId: 'org-estos' } : OTHER_AGENTS[assignee[i]! - 1]!;
  const orgIndex = (i: number) => mix(i, 4) % ORGS.length;
  const category = (i: number) => TICKET_CATEGORIES[mix(i, 9) % TICKET_CATEGORIES.length]!;
  const severity = (i: number) => ((mix(i, 10) % 3) + 1) as Severity;
  const title = (i: number) => `${TOPICS[mix(i, 5) % TOPICS.length]} #${i + 1}`;

  function sla(i: number): SlaClockView[] {
    if (i % 3 === 2) return [];
    const s = statusAt(i);
    if (STATUS_INFO[s].waitingOn === 'customer') {
      return [{ kind: 'resolution', state: 'paused', atRisk: false, dueAt: null, remainingMs: ((mix(i, 6) % 40) + 1) * HOUR, reasonCode: 'paused_waiting_for_customer' }];
    }
    if (s === 'DONE' || s === 'CLOSED') return [{ kind: 'resolution', state: 'met', atRisk: false, dueAt: null, remainingMs: null, reasonCode: 'met_by_resolution' }];
    const dueAt = base + ((mix(i, 7) % 72) - 12) * HOUR;
    const breached = dueAt < base;
    return [
      {
        kind: 'resolution',
        state: breached ? 'breached' : 'running',
        atRisk: !breached && dueAt - base < 4 * HOUR,
        dueAt: new Date(dueAt).toISOString(),
        remainingMs: dueAt - base,
        reasonCode: breached ? 'breached' : 'running',
      },
    ];
  }

  function row(i: number, rank: number): QueueRow {
    const s = statusAt(i);
    const a = assigneeUser(i);
    const auto =
      s === 'FEEDBACK_REQUEST' || s === 'FEEDBACK_PENDING' || s === 'IMPLEMENTING'
        ? { to: s === 'FEEDBACK_PENDING' ? ('DONE' as const) : ('FEEDBACK_PENDING' as const), dueAt: new Date(base + ((mix(i, 8) % 7) + 1) * DAY).toISOString(), rule: 'customer_silence' }
        : null;
    return {
      id: id(i),
      key: key(i),
      rank,
      title: title(i),
      organizationName: ORGS[orgIndex(i)]!,
      endUserCompany: i % 4 === 0 ? `Endkunde ${i % 50}` : null,
      endUserRegistered: i % 8 === 0,
      status: s,
      category: category(i),
      severity: severity(i),
      assigneeId: a?.id ?? null,
      assigneeName: a?.displayName ?? null,
      updatedAt: new Date(updatedAt[i]!).toISOString(),
      sla: sla(i),
      nextAutoTransition: auto,
      escalationState: i % 97 === 0 ? 'requested' : null,
      pendingLocalChanges: false,
    };
  }

  // SLA states per ticket as a bit mask, cached until the ticket's status changes (100k-ticket views stay fast).
  const SLA_BITS = ['not_applicable', 'running', 'paused', 'met', 'breached', 'at_risk'] as const;
  const slaMask = new Uint8Array(n);
  function slaBits(i: number): number {
    if (slaMask[i] === 0) {
      const clocks = sla(i);
      let bits = clocks.length === 0 ? 1 : 0;
      for (const c of clocks) {
        const at = SLA_BITS.indexOf(c.state as (typeof SLA_BITS)[number]);
        if (at >= 0) bits |= 1 << at;
        if (c.atRisk) bits |= 1 << 5;
      }
      slaMask[i] = bits | 0x80;
    }
    return slaMask[i]!;
  }
  function slaHas(i: number, state: string): boolean {
    const at = SLA_BITS.indexOf(state as (typeof SLA_BITS)[number]);
    return at >= 0 && (slaBits(i) & (1 << at)) !== 0;
  }

  function inView(i: number, view: BuiltInView | null): boolean {
    const s = statusAt(i);
    const open = OPEN.includes(s);
    switch (view) {
      case 'my_queue':
        return open && assignee[i] === 0;
      case 'unassigned':
        return open && assignee[i] === -1;
      case 'sla_at_risk':
        return open && (slaHas(i, 'at_risk') || slaHas(i, 'breached'));
      case 'waiting_for_customer':
        return STATUS_INFO[s].waitingOn === 'customer';
      case 'escalations':
        return i % 97 === 0;
      case 'all_open':
        return open;
      case null:
        return true;
    }
  }

  function matches(i: number, f: QueueFilter): boolean {
    if (f.statuses && !f.statuses.includes(statusAt(i))) return false;
    if (f.assignee === 'me' && assignee[i] !== 0) return false;
    if (f.assignee === 'unassigned' && assignee[i] !== -1) return false;
    if (f.assignee && f.assignee !== 'me' && f.assignee !== 'unassigned' && assigneeUser(i)?.id !== f.assignee) return false;
    if (f.categories && !f.categories.includes(category(i))) return false;
    if (f.severities && !f.severities.includes(severity(i))) return false;
    if (f.organizationId && `org-${orgIndex(i)}` !== f.organizationId) return false;
    if (f.sla && !f.sla.some((x) => slaHas(i, x))) return false;
    if (f.text) {
      const q = f.text.toLowerCase();
      if (!title(i).toLowerCase().includes(q) && !key(i).toLowerCase().includes(q)) return false;
    }
    return true;
  }

  // Tickets ranked after all others, in the order they were moved there (default rank is the index order).
  const rankedLast: number[] = [];
  function select(view: BuiltInView | null, f: QueueFilter): number[] {
    const out: number[] = [];
    const last = new Set(rankedLast);
    for (let i = 0; i < n; i++) if (!last.has(i) && inView(i, view) && matches(i, f)) out.push(i);
    for (const i of rankedLast) if (inView(i, view) && matches(i, f)) out.push(i);
    return out;
  }

  function count(view: BuiltInView | null, f: QueueFilter): number {
    let c = 0;
    for (let i = 0; i < n; i++) if (inView(i, view) && matches(i, f)) c++;
    return c;
  }

  function detail(i: number): TicketDetail {
    const r = row(i, i + 1);
    const ticket: TicketRecord = {
      id: r.id,
      key: r.key,
      title: r.title,
      description: `Description of ${r.key}`,
      checklist: { whatHappened: '', whenAndHowLong: '', affectedObjects: '', reproducibility: '', stepsTried: '' },
      product: 'ProCall',
      productVersion: '8.4',
      category: r.category,
      severity: r.severity,
      reporterId: 'u-customer',
      organizationId: `org-${orgIndex(i)}`,
      reporterRole: 'customer',
      endUserCompany: r.endUserCompany === null ? null : { name: r.endUserCompany, registered: r.endUserRegistered, companyId: null },
      reporterOrganizationRegistered: false,
      visibility: 'organization',
      participants: [],
      slaContractNumber: i % 3 === 2 ? null : `SLA-${1000 + (i % 7)}`,
      impact: 0,
      linkedToTicketId: null,
      assigneeId: r.assigneeId,
      escalationId: null,
      misconfiguration: false,
      status: r.status,
      createdAt: new Date(base - 40 * DAY).toISOString(),
      updatedAt: r.updatedAt,
      lastCustomerActivityAt: null,
      statusHistory: [],
      priorityKey: String(i).padStart(8, '0'),
    };
    return {
      ticket,
      organizationName: r.organizationName,
      reporter: null,
      assignee: assigneeUser(i),
      comments: [],
      history: [],
      escalation: null,
      sla: r.sla,
      slaTier: i % 3 === 2 ? null : 'gold',
      nextAutoTransition: r.nextAutoTransition,
      // Like the core: stable codes, with texts in the core's language (the seed's German for the priority rule).
      reasons: [
        i % 4 === 0
          ? { code: 'priority.registered_end_user', text: 'Meldungen registrierter Endanwenderunternehmen' }
          : { code: 'priority.other', text: 'übrige Anfragen' },
        ...r.sla.filter((c) => c.state === 'breached').map((c) => ({ code: `sla.${c.kind}.breached`, text: `${c.kind} SLA breached` })),
      ],
      linkedTickets: [],
      allowedTransitions: [...TRANSITIONS.staff[r.status]],
      pendingMutations: 0,
    };
  }

  const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
  const fail = (code: ContractError['code'], message: string): Result<never> => ({ ok: false, error: { code, message } });

  function emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const l of [...(listeners.get(name) ?? [])]) l(payload);
  }

  function changed(ids: string[]): void {
    // Like the core: the event follows the optimistic write, asynchronously.
    queueMicrotask(() => emit('tickets.changed', { ids, reason: 'local' }));
  }

  type Handlers = { [N in CallName]: (req: CallRequest<N>) => Result<CallResponse<N>> };
  const handlers: Handlers = {
    'auth.getSession': () => ok(state.session),
    'auth.signIn': (req) => {
      if (req.serverUrl.includes('unreachable')) return fail('INTERNAL', 'service not reachable');
      if (req.email !== ME.email || req.password !== DEMO_PASSWORD) return fail('UNAUTHENTICATED', 'bad credentials');
      state.session = { serverUrl: req.serverUrl, user: ME };
      return ok(state.session);
    },
    'auth.signOut': () => {
      state.session = null;
      return ok(null);
    },
    'queue.window': (req) => {
      const all = select(req.view, req.filter);
      return ok({ rows: all.slice(req.offset, req.offset + req.limit).map((i, k) => row(i, req.offset + k + 1)), total: all.length });
    },
    'queue.counts': (req) => {
      const views = Object.fromEntries(BUILT_IN_VIEWS.map((v) => [v, count(v, {})])) as Record<BuiltInView, number>;
      const statuses = Object.fromEntries(TICKET_STATUSES.map((s) => [s, count(null, { ...req.filter, statuses: [s] })])) as Record<TicketStatus, number>;
      return ok({ views, statuses, filtered: count(null, req.filter) });
    },
    'ticket.detail': (req) => {
      const i = indexOfId(req.ticketId);
      return i >= 0 && i < n ? ok(detail(i)) : fail('NOT_FOUND', `no ticket ${req.ticketId}`);
    },
    'ticket.findByKey': (req) => {
      const i = Number(req.key.replace('PS-', '')) - 10001;
      return ok(i >= 0 && i < n ? { ticketId: id(i) } : null);
    },
    'ticket.mutate': (req) => {
      const args = req.args as { ticketId?: string; to?: TicketStatus; expectedStatus?: TicketStatus; assigneeId?: string | null };
      const i = indexOfId(args.ticketId ?? '');
      if (i < 0 || i >= n) return fail('NOT_FOUND', 'no such ticket');
      if (req.name === 'transition') {
        if (args.expectedStatus !== statusAt(i)) return fail('CONFLICT', 'status changed meanwhile');
        if (!args.to || !TRANSITIONS.staff[statusAt(i)].includes(args.to)) return fail('WORKFLOW_INVALID_TRANSITION', 'not allowed');
        status[i] = TICKET_STATUSES.indexOf(args.to);
        slaMask[i] = 0;
      } else if (req.name === 'assign') {
        assignee[i] = args.assigneeId === ME.id ? 0 : args.assigneeId === null ? -1 : OTHER_AGENTS.findIndex((u) => u.id === args.assigneeId) + 1;
      } else if (req.name !== 'reply' && req.name !== 'internal_note' && req.name !== 'set_fields') {
        return fail('VALIDATION_FAILED', `fake does not implement ${req.name}`);
      }
      updatedAt[i] = base;
      state.mutationId += 1;
      changed([id(i)]);
      return ok({ mutationId: state.mutationId });
    },
    'users.assignable': () => ok([{ ...ME, organizationId: 'org-estos' }, ...OTHER_AGENTS]),
    'kb.search': () => ok([]),
    'escalations.board': () => ok([]),
    'team.workload': () => ok([]),
    'sync.state': () => ok(state.sync),
    'sync.now': () => ok(null),
    'rejections.list': () => ok(state.rejections),
    'rejections.retry': (req) => {
      if (!state.rejections.some((r) => r.id === req.id)) return fail('NOT_FOUND', 'no such rejection');
      state.rejections = state.rejections.filter((r) => r.id !== req.id);
      return ok(null);
    },
    'rejections.discard': (req) => {
      if (!state.rejections.some((r) => r.id === req.id)) return fail('NOT_FOUND', 'no such rejection');
      state.rejections = state.rejections.filter((r) => r.id !== req.id);
      return ok(null);
    },
    'settings.get': () => ok(state.settings),
    'settings.set': (req) => {
      const parsed = SettingsSchema.safeParse({ ...state.settings, ...req });
      if (!parsed.success) return fail('VALIDATION_FAILED', parsed.error.message);
      state.settings = parsed.data;
      queueMicrotask(() => emit('settings.changed', state.settings));
      return ok(state.settings);
    },
    'shell.openExternal': () => ok(null),
  };

  const calls = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      async (request: unknown) => {
        log.push({ name, request });
        const failure = failures.get(name);
        if (failure) {
          failures.delete(name);
          return { ok: false, error: failure };
        }
        // Answer asynchronously, like IPC or a socket would.
        await Promise.resolve();
        return (handlers[name] as (r: unknown) => Result<unknown>)(request);
      },
    ]),
  );
  const events = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (p: unknown) => void) => {
        const set = listeners.get(name) ?? new Set();
        set.add(listener);
        listeners.set(name, set);
        return () => set.delete(listener);
      },
    ]),
  );

  const extras: Omit<FakeApi, 'calls' | 'events'> = {
    log,
    emit,
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
    setStatus: (i, s) => {
      status[i] = TICKET_STATUSES.indexOf(s);
      slaMask[i] = 0;
    },
    statusOf: (i) => statusAt(i),
    rankLast: (i) => {
      const at = rankedLast.indexOf(i);
      if (at >= 0) rankedLast.splice(at, 1);
      rankedLast.push(i);
    },
    ticketId: id,
    ticketKey: key,
    failNext: (name, error) => failures.set(name, error),
    state,
  };
  return { calls: calls as unknown as SupportDeskApi['calls'], events: events as unknown as SupportDeskApi['events'], ...extras };
}
