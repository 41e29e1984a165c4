import { z } from 'zod';
import { DomainError } from '../../src-shared/errors';
import { DAY_MS } from '../../src-shared/time/zoned';
import { SqliteStore } from '../storage/sqlite-store';
import type { Store, Tx } from '../storage/store';
import { createBusinessCalendar } from '../../src-shared/calendar/business-calendar';
import { prioritySortKey, type PriorityContext } from '../../src-shared/domain/priority-key';
import { DEFAULT_PRIORITY_CONFIG } from '../../src-shared/domain/priority-rules';
import type { SlaInput } from '../../src-shared/domain/sla-clocks';
import { DEFAULT_SLA_AT_RISK, EXAMPLE_SLA_TIERS, type SlaConfig, type SlaContract, type SlaTier } from '../../src-shared/domain/sla-config';
import { insertKbArticle } from '../kb/kb-repository';
import { DEMO_ARTICLES } from './kb-articles';
import { Rng } from './prng';
import { generateTicket, MIN_TICKETS, ticketPlan, toSlaInput, type SeedTicket } from './tickets';
import { buildWorld, type SeedWorld } from './world';
import { writeContract, writeEndUserCompany, writeOrganization, writeTicket, writeUser } from './write-rows';

export const SeedOptionsSchema = z.strictObject({
  tickets: z.number().int().min(MIN_TICKETS).max(200_000).default(5000),
  randomSeed: z.number().int().min(0).max(0xffffffff).default(42),
  /**
   * The seed's "now": every seeded instant lies before it. Defaults to the start of the current UTC day of the
   * service clock, so a demo started today has fresh waiting times, and seeding twice on one day (or with a
   * fixed clock) yields identical data.
   */
  anchorMs: z.number().int().positive().optional(),
  /** Tickets per transaction: large enough to amortise COMMIT, small enough to keep each one short. */
  batchSize: z.number().int().min(1).max(20_000).default(2000),
});
export type SeedOptions = z.input<typeof SeedOptionsSchema>;

export interface SeedDeps {
  /** Hashes the demo accounts' passwords (the accounts module's hashPassword). */
  hashPassword: (password: string) => Promise<string>;
  /** SLA tiers the contracts refer to (the service's config); defaults to the example tiers. */
  slaTiers?: Readonly<Record<string, SlaTier>>;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface SeedReport {
  status: 'seeded' | 'skipped';
  tickets: number;
  randomSeed: number;
  anchor: string;
  rows: Record<string, number>;
  durationMs: number;
}

const COUNTED_TABLES = [
  'organizations', 'end_user_companies', 'users', 'sla_contracts', 'tickets', 'ticket_participants', 'comments',
  'ticket_history', 'escalations', 'kb_articles', 'sync_changes',
] as const;

async function countRows(tx: Tx): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // Number(): PostgreSQL returns COUNT(*) as a bigint string.
  for (const table of COUNTED_TABLES) counts[table] = Number((await tx.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? 0);
  return counts;
}

/**
 * Fills an EMPTY database with deterministic demo data. Policy for a database that is not empty:
 * - seeded before with the same random seed and ticket count → skipped (restarting `npm run server -- --seed
 *   demo …` on its own database just works);
 * - anything else (other parameters, or real data) → DomainError CONFLICT, nothing written. Mixing demo data
 *   into real data, or two seeds into one database, would make neither trustworthy.
 */
export async function seedDemo(store: Store, options: SeedOptions, deps: SeedDeps): Promise<SeedReport> {
  const parsed = SeedOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', `invalid seed options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const opts = parsed.data;
  const log = deps.log ?? (() => undefined);
  const started = performance.now();

  const precheck = await store.read(async (tx) => {
    const last = await tx.get<{ random_seed: number | string; tickets: number | string; anchor: string }>(
      'SELECT random_seed, tickets, anchor FROM seed_runs ORDER BY id DESC LIMIT 1',
    );
    const previous = last && { random_seed: Number(last.random_seed), tickets: Number(last.tickets), anchor: last.anchor };
    const counts = await countRows(tx);
    const anchor = opts.anchorMs ?? Math.floor(tx.nowMs / DAY_MS) * DAY_MS;
    return { previous, counts, anchor };
  });
  const { previous, counts } = precheck;
  if (previous && previous.random_seed === opts.randomSeed && previous.tickets === opts.tickets) {
    log('demo seed already applied with these parameters; skipping', { randomSeed: opts.randomSeed, tickets: opts.tickets });
    return { status: 'skipped', tickets: opts.tickets, randomSeed: opts.randomSeed, anchor: previous.anchor, rows: counts, durationMs: 0 };
  }
  const occupied = Object.entries(counts).filter(([table, n]) => n > 0 && table !== 'sync_changes');
  if (previous || occupied.length > 0) {
    const what = previous
      ? `it was seeded with --random-seed ${previous.random_seed} --tickets ${previous.tickets}`
      : `it already holds data (${occupied.map(([t, n]) => `${n} ${t}`).join(', ')})`;
    throw new DomainError(
      'CONFLICT',
      `refusing to seed demo data into a database that is not empty: ${what}. Use a new --db file for the demo.`,
      { previous: previous ?? null, counts },
    );
  }

  const anchor = precheck.anchor;
  if (!(store instanceof SqliteStore)) return seedInto(store, opts, deps, anchor, started);
  // Connection settings for the bulk load, restored afterwards. They are set on the raw handle because SQLite
  // refuses to change temp_store inside a transaction; the seed runs before the server serves requests.
  // - Every sync_changes insert fires the sync module's trigger (a write to a second table), so SQLite keeps a
  //   statement journal; with the default temp_store that is a temp FILE (~900k pwrite calls for 5k tickets).
  // - The indexes a 100k seed builds outgrow the default 2 MB page cache; inserts that do not append
  //   (organisation, reporter, priority indexes) would re-read pages.
  const db = store.raw;
  const saved = { cache_size: Number(db.pragma('cache_size', { simple: true })), temp_store: Number(db.pragma('temp_store', { simple: true })) };
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  try {
    return await seedInto(store, opts, deps, anchor, started);
  } finally {
    db.pragma(`cache_size = ${Math.trunc(saved.cache_size)}`);
    db.pragma(`temp_store = ${Math.trunc(saved.temp_store)}`);
  }
}

async function seedInto(store: Store, opts: z.output<typeof SeedOptionsSchema>, deps: SeedDeps, anchor: number, started: number): Promise<SeedReport> {
  const log = deps.log ?? (() => undefined);
  const world = buildWorld(opts.randomSeed, opts.tickets, anchor);
  const hashes = new Map<string, string>();
  for (const org of [world.estos, ...world.customers, ...world.partners]) {
    for (const u of org.users) if (u.password !== null) hashes.set(u.id, await deps.hashPassword(u.password));
  }

  await store.transaction(async (tx) => {
    for (const org of [world.estos, ...world.customers, ...world.partners]) {
      await writeOrganization(tx, org);
      for (const u of org.users) await writeUser(tx, u, hashes.get(u.id) ?? null);
      for (const c of org.contracts) await writeContract(tx, c);
      for (const e of org.endUserCompanies) await writeEndUserCompany(tx, e);
    }
  });
  const kbRng = new Rng(opts.randomSeed, 'kb');
  const author = world.leads[0]!;
  await store.transaction(async (tx) => {
    for (const article of DEMO_ARTICLES) {
      for (const language of ['de', 'en'] as const) {
        const at = new Date(anchor - kbRng.int(1, 400) * DAY_MS).toISOString();
        await insertKbArticle(tx, kbRng.uuid(), { language, ...article[language], tags: [...article.tags], product: article.product }, author.id, at);
      }
    }
  });
  log('seeded organisations and accounts', { organizations: 1 + world.customers.length + world.partners.length });

  // Masters (outages / known problems) come first, so linked tickets can point at their ids.
  const priorityKey = priorityKeyFor(world, deps.slaTiers ?? EXAMPLE_SLA_TIERS);
  const plan = ticketPlan(opts.tickets);
  const masters: SeedTicket[] = [];
  for (let i = 0; i < plan.masters; i++) masters.push(generateTicket(opts.randomSeed, i, opts.tickets, world, anchor, []));
  const masterIds = masters.map((m) => m.id);
  const lastLinkAt = new Map<string, number>();

  for (let from = 0; from < opts.tickets; from += opts.batchSize) {
    const to = Math.min(opts.tickets, from + opts.batchSize);
    await store.transaction(async (tx) => {
      for (let i = from; i < to; i++) {
        const t = i < plan.masters ? masters[i]! : generateTicket(opts.randomSeed, i, opts.tickets, world, anchor, masterIds);
        await writeTicket(tx, t, priorityKey(toSlaInput(t, 0)));
        if (t.linkedToTicketId !== null) {
          const at = t.history.find((h) => h.field === 'link')!.at;
          lastLinkAt.set(t.linkedToTicketId, Math.max(lastLinkAt.get(t.linkedToTicketId) ?? 0, at));
        }
      }
    });
    log('seeded tickets', { done: to, of: opts.tickets });
  }

  await store.transaction(async (tx) => {
    for (const m of masters) {
      // A master nobody was linked to keeps impact 0, as in the service (impact changes only when linking).
      if (!lastLinkAt.has(m.id)) continue;
      // Same rule as the ticket service: distinct customer organisations among the master and its linked tickets.
      const n = Number((await tx.get<{ n: number | string }>(
        'SELECT COUNT(DISTINCT organization_id) AS n FROM tickets WHERE linked_to_ticket_id = ? OR id = ?', [m.id, m.id],
      ))?.n ?? 0);
      const at = new Date(Math.max(lastLinkAt.get(m.id) ?? m.createdAt, m.updatedAt)).toISOString();
      // Impact can move a ticket up the queue, so the key is recomputed with it.
      const key = priorityKey(toSlaInput(m, n));
      await tx.write(
        { entity: 'ticket', entityId: m.id, op: 'upsert' },
        'UPDATE tickets SET impact = ?, priority_key = ?, updated_at = ? WHERE id = ?', [n, key, at, m.id],
      );
      const staff = m.history.find((h) => h.field === 'assignee');
      if (staff && staff.actor.kind === 'user') {
        const historyId = `${m.id}-impact`;
        await tx.write(
          { entity: 'history', entityId: historyId, op: 'upsert' },
          `INSERT INTO ticket_history (id, ticket_id, actor_kind, actor_id, actor_role, field, from_value, to_value, internal, at)
           VALUES (?, ?, 'user', ?, ?, 'impact', '0', ?, 1, ?)`,
          [historyId, m.id, staff.actor.user.id, staff.actor.user.role, String(n), at],
        );
      }
    }
  });

  const durationMs = Math.round(performance.now() - started);
  const rows = await store.transaction(async (tx) => {
    await tx.run(
      'INSERT INTO seed_runs (kind, random_seed, tickets, anchor, seeded_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
      ['demo', opts.randomSeed, opts.tickets, new Date(anchor).toISOString(), tx.nowIso, durationMs],
    );
    return countRows(tx);
  });
  log('demo seed done', { durationMs, rows });
  return { status: 'seeded', tickets: opts.tickets, randomSeed: opts.randomSeed, anchor: new Date(anchor).toISOString(), rows, durationMs };
}

/**
 * The queue key exactly as the ticket service computes it (src-shared prioritySortKey with the SLA contracts,
 * the business calendar and the default priority rules), so the seeded queue is in the service's order.
 * One SLA config per organisation holding only its contracts, as the service builds it (tickets/priority.ts):
 * contract lookup scans the config, and 2 contracts instead of thousands keep 100k keys cheap.
 */
function priorityKeyFor(world: SeedWorld, tiers: Readonly<Record<string, SlaTier>>): (input: SlaInput) => string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const calendar = createBusinessCalendar();
  const contexts = new Map<string, PriorityContext>();
  for (const org of [world.estos, ...world.customers, ...world.partners]) {
    const contracts: Record<string, SlaContract> = {};
    for (const c of org.contracts) {
      contracts[c.contractNumber] = { tier: c.tier, organizationId: c.organizationId, validFrom: iso(c.validFrom), validUntil: c.validUntil === null ? null : iso(c.validUntil) };
    }
    const slaConfig: SlaConfig = { tiers: { ...tiers }, contracts, atRisk: DEFAULT_SLA_AT_RISK };
    contexts.set(org.id, { slaConfig, calendar, priority: DEFAULT_PRIORITY_CONFIG });
  }
  return (input) => prioritySortKey(input, contexts.get(input.ticket.organizationId)!);
}
