import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_USERS, type FixtureUser, startTestServer, type TestServer, ticketBody } from './harness';

/**
 * Every role × every ticket route × private/organisation visibility × other organisation. Each mutating cell
 * gets fresh tickets so cells cannot influence each other.
 */
type TicketKind = 'privateA' | 'orgA' | 'privateB' | 'partnerForEndUser';
const OWNERS: Record<TicketKind, FixtureUser> = { privateA: 'customerA', orgA: 'customerA', privateB: 'customerB', partnerForEndUser: 'partner' };
const VIEWERS = Object.keys(FIXTURE_USERS) as FixtureUser[];
const STAFF = new Set<FixtureUser>(['agent', 'teamLead', 'admin']);

const VISIBLE: Record<TicketKind, readonly FixtureUser[]> = {
  privateA: ['customerA', 'agent', 'teamLead', 'admin'],
  orgA: ['customerA', 'customerA2', 'agent', 'teamLead', 'admin'],
  privateB: ['customerB', 'agent', 'teamLead', 'admin'],
  partnerForEndUser: ['partner', 'agent', 'teamLead', 'admin'],
};

let s: TestServer;
let tokens: Record<FixtureUser, string>;

async function makeTickets(): Promise<Record<TicketKind, string>> {
  const out = {} as Record<TicketKind, string>;
  for (const kind of Object.keys(OWNERS) as TicketKind[]) {
    const body = ticketBody({
      visibility: kind === 'orgA' ? 'organization' : 'private',
      ...(kind === 'partnerForEndUser' ? { endUserCompany: { name: 'Endkunde KG', companyId: s.fixture.endUserCompany } } : {}),
    });
    const res = await s.call<{ id: string }>('POST', '/api/v1/tickets', { token: tokens[OWNERS[kind]], body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    out[kind] = res.body.id;
  }
  return out;
}

beforeAll(async () => {
  s = await startTestServer();
  tokens = await s.tokens();
});
afterAll(async () => s.close());

interface Cell {
  viewer: FixtureUser;
  kind: TicketKind;
  visible: boolean;
  staff: boolean;
  reporter: boolean;
}

interface RouteCase {
  name: string;
  method: string;
  path: (id: string) => string;
  body?: (c: Cell) => unknown;
  expected: (c: Cell) => number;
}

const readStatus = (c: Cell) => (c.visible ? 200 : 404);
const staffOnly = (ok: number) => (c: Cell) => (c.staff ? ok : 403);
const orgEmail = (kind: TicketKind) =>
  kind === 'privateB' ? FIXTURE_USERS.customerB.email : kind === 'partnerForEndUser' ? FIXTURE_USERS.partner.email : FIXTURE_USERS.customerA2.email;

const ROUTES: RouteCase[] = [
  { name: 'GET ticket', method: 'GET', path: (id) => `/api/v1/tickets/${id}`, expected: readStatus },
  { name: 'GET comments', method: 'GET', path: (id) => `/api/v1/tickets/${id}/comments`, expected: readStatus },
  { name: 'GET history', method: 'GET', path: (id) => `/api/v1/tickets/${id}/history`, expected: readStatus },
  { name: 'GET escalations', method: 'GET', path: (id) => `/api/v1/tickets/${id}/escalations`, expected: readStatus },
  {
    name: 'POST public comment',
    method: 'POST',
    path: (id) => `/api/v1/tickets/${id}/comments`,
    body: () => ({ body: 'hello' }),
    expected: (c) => (c.visible ? 201 : 404),
  },
  {
    name: 'POST internal note',
    method: 'POST',
    path: (id) => `/api/v1/tickets/${id}/comments`,
    body: () => ({ body: 'internal', internal: true }),
    expected: (c) => (c.staff ? 201 : 403),
  },
  {
    name: 'POST transition NEW→IN_PROGRESS',
    method: 'POST',
    path: (id) => `/api/v1/tickets/${id}/transitions`,
    body: () => ({ to: 'IN_PROGRESS' }),
    // customers may not do this move: visible → workflow refusal (409), invisible → 404
    expected: (c) => (c.staff ? 200 : c.visible ? 409 : 404),
  },
  { name: 'PATCH triage', method: 'PATCH', path: (id) => `/api/v1/tickets/${id}`, body: () => ({ severity: 1 }), expected: staffOnly(200) },
  { name: 'POST link (unlink)', method: 'POST', path: (id) => `/api/v1/tickets/${id}/link`, body: () => ({ targetId: null }), expected: staffOnly(200) },
  {
    name: 'POST misconfiguration',
    method: 'POST',
    path: (id) => `/api/v1/tickets/${id}/misconfiguration`,
    body: () => ({ misconfiguration: true, reason: 'wrong dial plan' }),
    expected: staffOnly(200),
  },
  {
    name: 'POST participant (own organisation)',
    method: 'POST',
    path: (id) => `/api/v1/tickets/${id}/participants`,
    body: (c) => ({ email: orgEmail(c.kind) }),
    // staff, the reporter or an admin of the ticket's organisation; a visible non-admin colleague is refused
    expected: (c) => (!c.visible ? 404 : c.staff || c.reporter || (c.viewer === 'customerA' && c.kind !== 'privateB') ? 200 : 403),
  },
  {
    name: 'POST escalation',
    method: 'POST',
    path: (id) => `/api/v1/tickets/${id}/escalations`,
    body: () => ({ reason: 'urgent' }),
    expected: (c) => (c.visible ? 201 : 404),
  },
];

describe('authorisation matrix', () => {
  for (const route of ROUTES) {
    it(route.name, async () => {
      const failures: string[] = [];
      for (const viewer of VIEWERS) {
        const tickets = await makeTickets();
        for (const kind of Object.keys(OWNERS) as TicketKind[]) {
          const cell: Cell = { viewer, kind, visible: VISIBLE[kind].includes(viewer), staff: STAFF.has(viewer), reporter: OWNERS[kind] === viewer };
          const res = await s.call(route.method, route.path(tickets[kind]), {
            token: tokens[viewer],
            body: route.body?.(cell),
          });
          const want = route.expected(cell);
          if (res.status !== want) failures.push(`${viewer} on ${kind}: got ${res.status} want ${want} ${JSON.stringify(res.body)}`);
          if (res.status >= 500) failures.push(`${viewer} on ${kind}: 5xx`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('the ticket list holds exactly the visible tickets for every role', async () => {
    const tickets = await makeTickets();
    for (const viewer of VIEWERS) {
      const res = await s.call<{ items: Array<{ id: string }>; total: number }>('GET', '/api/v1/tickets?limit=200', { token: tokens[viewer] });
      expect(res.status).toBe(200);
      const seen = new Set(res.body.items.map((t) => t.id));
      for (const kind of Object.keys(OWNERS) as TicketKind[]) {
        expect(seen.has(tickets[kind]), `${viewer} sees ${kind}`).toBe(VISIBLE[kind].includes(viewer));
      }
    }
  });

  it('by key works and hides foreign tickets the same way', async () => {
    const t = await s.call<{ key: string }>('POST', '/api/v1/tickets', { token: tokens.customerB, body: ticketBody() });
    expect((await s.call('GET', `/api/v1/tickets/${t.body.key}`, { token: tokens.customerB })).status).toBe(200);
    const foreign = await s.call<{ error: { code: string } }>('GET', `/api/v1/tickets/${t.body.key}`, { token: tokens.customerA });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
  });

  it('participants are limited to the reporter’s own organisation', async () => {
    const t = await s.call<{ id: string }>('POST', '/api/v1/tickets', { token: tokens.customerA, body: ticketBody() });
    const before = await s.snapshot();
    for (const email of [FIXTURE_USERS.customerB.email, FIXTURE_USERS.agent.email, 'stranger@nowhere.example']) {
      const res = await s.call<{ error: { code: string } }>('POST', `/api/v1/tickets/${t.body.id}/participants`, { token: tokens.customerA, body: { email } });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('TICKET_PARTICIPANT_OUTSIDE_ORGANIZATION');
    }
    // at creation too
    const created = await s.call<{ error: { code: string } }>('POST', '/api/v1/tickets', {
      token: tokens.customerA,
      body: ticketBody({ participants: [FIXTURE_USERS.customerB.email] }),
    });
    expect(created.body.error.code).toBe('TICKET_PARTICIPANT_OUTSIDE_ORGANIZATION');
    expect(await s.snapshot()).toEqual(before);
    // a participant of the own organisation sees the private ticket afterwards
    const ok = await s.call('POST', `/api/v1/tickets/${t.body.id}/participants`, { token: tokens.customerA, body: { email: FIXTURE_USERS.customerA2.email } });
    expect(ok.status).toBe(200);
    expect((await s.call('GET', `/api/v1/tickets/${t.body.id}`, { token: tokens.customerA2 })).status).toBe(200);
  });

  it('staff-only routes refuse customers and partners', async () => {
    for (const viewer of ['customerA', 'partner'] as const) {
      for (const [method, path] of [
        ['GET', '/api/v1/escalations'],
        ['GET', '/api/v1/access-requests'],
        ['GET', '/api/v1/organizations'],
      ] as const) {
        expect((await s.call(method, path, { token: tokens[viewer] })).status).toBe(403);
      }
    }
    expect((await s.call('GET', '/api/v1/tickets')).status).toBe(401);
  });
});
