import type Database from 'better-sqlite3';
import type { UserRole } from '../../src-shared/domain/ticket';
import { DEFAULT_SLA_AT_RISK, EXAMPLE_SLA_TIERS, type SlaAtRisk, type SlaTier } from '../../src-shared/domain/sla-config';
import type { SlaConfigRecord, SlaContractRecord } from '../../src-shared/sync/records';

/** The SLA tiers and at-risk thresholds clocks are computed with. */
export interface SlaSettings {
  readonly tiers: Readonly<Record<string, SlaTier>>;
  readonly atRisk: SlaAtRisk;
  /** 'service': synced from the ticket service; 'example': none synced yet, the built-in examples. */
  readonly source: 'service' | 'example';
}

/** Only until the first pull delivered the service's settings (a fresh cache); one object, so memos hold. */
export const EXAMPLE_SLA_SETTINGS: SlaSettings = Object.freeze({ tiers: EXAMPLE_SLA_TIERS, atRisk: DEFAULT_SLA_AT_RISK, source: 'example' });

/**
 * Rarely-changing reference tables (SLA contracts, the service's SLA settings, users) read once and kept until they change. The queue
 * window, the detail pane and every slice of the timer pass need them; re-reading and re-parsing them per
 * call cost ~2 ms per window and made the timer pass parse every user record per slice.
 *
 * "Until they change" is exact, not a timeout: temporary triggers on this connection count every write to
 * the two tables (pulls, rebootstrap resets, local edits all go through this connection), and SQLite's
 * data_version covers commits by any other connection to the same file (e.g. the sync CLI). Temporary
 * objects live only in this connection, so the cache file's schema is untouched and needs no migration.
 */
export class ReferenceData {
  private readonly versionStmt: Database.Statement;
  private seen = '';
  private contracts: SlaContractRecord[] | null = null;
  private settings: SlaSettings | null = null;
  private users: Map<string, { name: string; role: UserRole }> | null = null;

  private constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS reference_version (v INTEGER NOT NULL);
      INSERT INTO reference_version (v) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM reference_version);
    `);
    for (const table of ['sla_contracts', 'sla_config', 'users']) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS reference_${table}_${op.toLowerCase()} AFTER ${op} ON main.${table}
                 BEGIN UPDATE reference_version SET v = v + 1; END`);
      }
    }
    this.versionStmt = db.prepare('SELECT v FROM temp.reference_version').pluck();
  }

  /** One instance per connection, so all readers share what was loaded. */
  static for(db: Database.Database): ReferenceData {
    let r = instances.get(db);
    if (!r) {
      r = new ReferenceData(db);
      instances.set(db, r);
    }
    return r;
  }

  /** Changes whenever any of the tables may have changed; cheap (one pragma, one one-row read). */
  version(): string {
    const local = this.versionStmt.get() as number;
    const external = this.db.pragma('data_version', { simple: true }) as number;
    return `${external}:${local}`;
  }

  private fresh(): void {
    const v = this.version();
    if (v === this.seen) return;
    this.seen = v;
    this.contracts = null;
    this.settings = null;
    this.users = null;
  }

  slaContracts(): readonly SlaContractRecord[] {
    this.fresh();
    this.contracts ??= (this.db.prepare('SELECT data FROM sla_contracts').pluck().all() as string[]).map((d) => JSON.parse(d) as SlaContractRecord);
    return this.contracts;
  }

  /**
   * The service's SLA settings as last synced; the built-in examples only while none has arrived. The cache
   * only holds records the pull validated (zod), so the row is read as is. The same object until it changes.
   */
  slaSettings(): SlaSettings {
    this.fresh();
    if (this.settings === null) {
      const data = this.db.prepare("SELECT data FROM sla_config WHERE id = 'current'").pluck().get() as string | undefined;
      const record = data === undefined ? null : (JSON.parse(data) as SlaConfigRecord);
      this.settings = record === null ? EXAMPLE_SLA_SETTINGS : { tiers: record.tiers, atRisk: record.atRisk, source: 'service' };
    }
    return this.settings;
  }

  /** id → display name and role, for every user the cache holds. */
  userInfo(): ReadonlyMap<string, { name: string; role: UserRole }> {
    this.fresh();
    this.users ??= new Map(
      (this.db.prepare("SELECT id, display_name AS name, json_extract(data, '$.role') AS role FROM users").all() as { id: string; name: string; role: UserRole }[]).map(
        (r) => [r.id, { name: r.name, role: r.role }],
      ),
    );
    return this.users;
  }
}

const instances = new WeakMap<Database.Database, ReferenceData>();
