import { z } from 'zod';
import { DEMO_ACCOUNTS } from '../../src-server/seed/world';
import { TICKET_STATUSES, type TicketStatus } from '../../src-shared/domain/status';
import { TicketStatusSchema } from '../../src-shared/domain/ticket';

/**
 * The ticket service's REST API as the end-to-end tests use it: the independent witness of what the UI did
 * (a status the UI shows must be the status the service holds) and the way to act as a customer or to move
 * the manual clock. Responses are parsed with zod so a changed API fails here, by name, not three steps later.
 */

export type DemoAccountKey = (typeof DEMO_ACCOUNTS)[number]['key'];

const LoginSchema = z.object({ token: z.string().min(1), user: z.object({ id: z.string().min(1) }) });
export const RestTicketSchema = z.object({
  id: z.string(),
  key: z.string(),
  status: TicketStatusSchema,
  reporterId: z.string(),
  assigneeId: z.string().nullable(),
  title: z.string(),
});
export type RestTicket = z.infer<typeof RestTicketSchema>;
const PageSchema = z.object({ items: z.array(RestTicketSchema), total: z.number().int() });
const ClockSchema = z.object({ now: z.string() });

/** Statuses of the "All open" view (docs/agent-ui.md): everything except DONE and CLOSED. */
export const OPEN_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => s !== 'DONE' && s !== 'CLOSED');

export interface RestSession {
  readonly token: string;
  readonly userId: string;
}

export class ServiceRest {
  constructor(readonly baseUrl: string) {}

  private async call<T extends z.ZodType>(method: string, path: string, schema: T, token: string | null, body?: unknown): Promise<z.infer<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return schema.parse(JSON.parse(text));
  }

  async login(account: DemoAccountKey): Promise<RestSession> {
    const a = DEMO_ACCOUNTS.find((x) => x.key === account);
    if (!a) throw new Error(`no demo account ${account}`);
    const r = await this.call('POST', '/api/v1/auth/login', LoginSchema, null, { email: a.email, password: a.password });
    return { token: r.token, userId: r.user.id };
  }

  ticket(s: RestSession, key: string): Promise<RestTicket> {
    return this.call('GET', `/api/v1/tickets/${encodeURIComponent(key)}`, RestTicketSchema, s.token);
  }

  /** Every ticket the caller may see with these statuses, in the service's priority order (all pages). */
  async ticketsInPriorityOrder(s: RestSession, statuses: readonly TicketStatus[], assigneeId?: string): Promise<RestTicket[]> {
    const out: RestTicket[] = [];
    for (let offset = 0; ; offset += 200) {
      const q = new URLSearchParams({ status: statuses.join(','), sort: 'priority', limit: '200', offset: String(offset) });
      if (assigneeId) q.set('assigneeId', assigneeId);
      const page = await this.call('GET', `/api/v1/tickets?${q}`, PageSchema, s.token);
      out.push(...page.items);
      if (page.items.length === 0 || out.length >= page.total) return out;
    }
  }

  /** A public reply by `s` (a customer: waiting statuses turn OPEN). */
  async reply(s: RestSession, key: string, body: string): Promise<RestTicket> {
    const r = await this.call('POST', `/api/v1/tickets/${encodeURIComponent(key)}/comments`, z.object({ ticket: RestTicketSchema }), s.token, { body });
    return r.ticket;
  }

  async clockNow(): Promise<string> {
    return (await this.call('GET', '/api/v1/dev/clock', ClockSchema, null)).now;
  }

  /** Moves the manual clock; the service answers after the automatic transitions it caused are committed. */
  async advanceClock(ms: number): Promise<string> {
    return (await this.call('POST', '/api/v1/dev/clock', ClockSchema, null, { advanceMs: ms })).now;
  }
}
