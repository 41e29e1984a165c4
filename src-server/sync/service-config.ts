import { SLA_CONFIG_RECORD_ID, SlaConfigRecordSchema, type SlaConfigRecord } from '../../src-shared/sync/records';
import { DomainError } from '../../src-shared/errors';
import type { ServiceContext } from '../core/context';
import { registerEntityTable, type Tx } from '../storage/store';
import { ID_LIST, rowsByIds } from './records/rows';

// service_config rows are synced (entity sla_config): writes must go through tx.write.
registerEntityTable('service_config', 'sla_config');

/** The wire record of the SLA settings this service computes priority keys and clocks with. */
export function slaConfigRecordOf(config: ServiceContext['config']): SlaConfigRecord {
  return SlaConfigRecordSchema.parse({ id: SLA_CONFIG_RECORD_ID, tiers: config.slaTiers, atRisk: config.slaAtRisk });
}

/**
 * Stores the current SLA settings as the synced `sla_config` row when they differ from the stored copy
 * (first start, or the operator changed tiers and restarted). Unchanged settings write nothing, so a restart
 * does not make every client re-download them. Returns whether a change was logged.
 */
export async function publishSlaConfig(ctx: ServiceContext): Promise<boolean> {
  const data = JSON.stringify(slaConfigRecordOf(ctx.config));
  const written = await ctx.store.transaction(async (tx) => {
    const stored = await tx.get<{ data: string }>('SELECT data FROM service_config WHERE id = ?', [SLA_CONFIG_RECORD_ID]);
    if (stored?.data === data) return false;
    await tx.write(
      { entity: 'sla_config', entityId: SLA_CONFIG_RECORD_ID, op: 'upsert' },
      'INSERT INTO service_config (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
      [SLA_CONFIG_RECORD_ID, data],
    );
    tx.afterCommit(() => {
      const syncId = tx.lastSyncId;
      if (syncId !== null) ctx.events.syncChanged.emit({ syncId }, (err) => ctx.log.error({ err }, 'syncChanged listener failed'));
    });
    return true;
  });
  if (written) ctx.log.info({ tiers: Object.keys(ctx.config.slaTiers) }, 'SLA configuration published to sync');
  return written;
}

/** Pull loader: the stored row, validated (a malformed row fails here, not in every cache). */
export async function loadSlaConfigRecords(tx: Tx, ids: readonly string[]): Promise<Map<string, SlaConfigRecord>> {
  const rows = await rowsByIds<{ id: string; data: string }>(tx, `SELECT id, data FROM service_config WHERE id IN ${ID_LIST}`, ids);
  const out = new Map<string, SlaConfigRecord>();
  for (const r of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.data);
    } catch {
      parsed = undefined;
    }
    const result = SlaConfigRecordSchema.safeParse(parsed);
    if (!result.success) throw new DomainError('INTERNAL', `stored service config ${r.id} is malformed`, { id: r.id });
    out.set(r.id, result.data);
  }
  return out;
}
