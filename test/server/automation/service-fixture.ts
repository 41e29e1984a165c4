import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src-server/app';
import type { AuthUser } from '../../../src-server/accounts/auth-user';
import { automationMigration } from '../../../src-server/automation/migration-0400-due-queue';
import { AutomationScheduler } from '../../../src-server/automation/scheduler';
import { ManualClock } from '../../../src-server/core/clock';
import type { ServiceContext } from '../../../src-server/core/context';
import { createNotificationWorker } from '../../../src-server/notifications/index';
import { notificationsMigration } from '../../../src-server/notifications/migration-0200-outbox';
import { insertOrganization, insertUser } from '../../../src-server/storage/repositories/accounts';
import { MIGRATIONS } from '../../../src-server/storage/migrations/index';
import type { Migration } from '../../../src-server/storage/migrations/types';
import { openStore } from '../../../src-server/storage/open-store';
import { type AnyStore, createTestDatabase, testBackend } from '../backend';
import { addComment, createTicket, transitionTicket } from '../../../src-server/tickets/ticket-service';
import type { TicketStatus } from '../../../src-shared/domain/status';

/** Core migrations plus ours, whether or not the core registry lists ours yet. */
export function allMigrations(): Migration[] {
  const mine = [notificationsMigration, automationMigration].filter((m) => !MIGRATIONS.some((c) => c.version === m.version));
  return [...MIGRATIONS, ...mine];
}

export interface Service {
  app: FastifyInstance;
  ctx: ServiceContext;
  store: AnyStore;
  scheduler: AutomationScheduler;
  clock: ManualClock;
  baseUrl: string;
  close(): Promise<void>;
}

export interface Users {
  customer: AuthUser;
  agent: AuthUser;
}

/**
 * A real service (Fastify on 127.0.0.1, manual clock) with the automation scheduler as a worker, on the
 * backend SD_TEST_BACKEND selects (a SQLite file or a PostgreSQL test database). The database outlives a
 * service, so a test can stop one, move time, and start another on it.
 */
export class ServiceFixture {
  private location: string | null = null;
  private dispose: (() => Promise<void>) | null = null;
  users!: Users;

  /** The database (SQLite path or PostgreSQL URL) every start() of this fixture opens. */
  get file(): string {
    if (!this.location) throw new Error('start() the fixture first');
    return this.location;
  }

  private async createDatabase(): Promise<string> {
    if (testBackend() === 'postgres') {
      const db = await createTestDatabase();
      this.dispose = db.drop;
      return db.url;
    }
    const dir = mkdtempSync(join(tmpdir(), 'automation-'));
    this.dispose = async () => rmSync(dir, { recursive: true, force: true });
    return join(dir, 'db.sqlite');
  }

  async start(startIso: string, opts: { manual?: boolean; notifications?: boolean } = {}): Promise<Service> {
    const clock = new ManualClock(Date.parse(startIso));
    this.location ??= await this.createDatabase();
    const store = await openStore({ db: this.location, clock, migrations: allMigrations() });
    let scheduler!: AutomationScheduler;
    const { app, ctx } = await buildApp({
      store,
      clock,
      manualClock: opts.manual === false ? null : clock,
      logger: false,
      workers: (c) => {
        scheduler = new AutomationScheduler(c);
        // Queue-only notifications (no SMTP): enough to see which mails an automatic step causes.
        return opts.notifications ? [createNotificationWorker(c, {}), scheduler] : [scheduler];
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      app,
      ctx,
      store,
      scheduler,
      clock,
      baseUrl: `http://127.0.0.1:${port}`,
      async close() {
        await app.close();
        await store.close();
      },
    };
  }

  async seedUsers(s: Service): Promise<Users> {
    this.users = await s.store.transaction(async (tx) => {
      const org = await insertOrganization(tx, { name: 'Kunde GmbH', kind: 'customer', registeredEndUser: true });
      const estos = await insertOrganization(tx, { name: 'estos', kind: 'estos', registeredEndUser: false });
      const c = await insertUser(tx, { email: 'kunde@kunde.example', name: 'Karl Kunde', role: 'customer', organizationId: org.id, orgAdmin: true, language: 'de', passwordHash: null });
      const a = await insertUser(tx, { email: 'agent@estos.example', name: 'Anna Agent', role: 'agent', organizationId: estos.id, orgAdmin: false, language: 'de', passwordHash: null });
      const auth = (u: typeof c): AuthUser => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        organizationId: u.organization_id,
        orgAdmin: u.org_admin === 1,
        language: u.language,
        staff: u.role !== 'customer' && u.role !== 'partner',
        tokenHash: 'test',
      });
      return { customer: auth(c), agent: auth(a) };
    });
    return this.users;
  }

  async newTicket(s: Service): Promise<string> {
    const t = await createTicket(s.ctx, this.users.customer, {
      title: 'Telefonie fällt aus',
      description: 'd',
      checklist: { whatHappened: 'a', whenAndHowLong: 'b', affectedObjects: 'c', reproducibility: 'd', stepsTried: 'e' },
      product: 'ProCall',
      productVersion: '8.4',
      category: 'product_defect',
      severity: 2,
      endUserCompany: null,
      slaContractNumber: null,
      visibility: 'private',
      participants: [],
    });
    return t.id;
  }

  agentSets(s: Service, ticketId: string, to: TicketStatus) {
    return transitionTicket(s.ctx, this.users.agent, ticketId, to);
  }

  customerReplies(s: Service, ticketId: string, body = 'Hier ist die Antwort') {
    return addComment(s.ctx, this.users.customer, ticketId, { body, internal: false });
  }

  async statusHistory(s: Service, ticketId: string) {
    return s.store.read((tx) =>
      tx.all<{ actor_kind: string; from_value: string | null; to_value: string; at: string }>(
        `SELECT actor_kind, from_value, to_value, at FROM ticket_history WHERE ticket_id = ? AND field = 'status' ORDER BY at, rowid`,
        [ticketId],
      ),
    );
  }

  async ticket(s: Service, ticketId: string) {
    return s.store.read((tx) =>
      tx.get<{ status: TicketStatus; status_changed_at: string }>('SELECT status, status_changed_at FROM tickets WHERE id = ?', [ticketId]),
    );
  }

  async cleanup(): Promise<void> {
    await this.dispose?.();
  }
}

export const DAY = 86_400_000;
