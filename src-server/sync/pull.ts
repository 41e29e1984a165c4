import { PROTOCOL_VERSION, type Change, type PullQuery, type PullResponse, type SyncEntity } from '../../src-shared/sync/protocol';
import type { Store, Tx } from '../storage/store';
import { loadTicketRecords } from './records/ticket-records';
import {
  loadCommentRecords,
  loadEscalationRecords,
  loadHistoryRecords,
  loadKbArticleRecords,
  loadOrganizationRecords,
  loadSlaContractRecords,
  loadUserRecords,
} from './records/other-records';
import { loadSlaConfigRecords } from './service-config';
import { readHorizon, readNewestSyncId } from './sync-meta';

interface LatestRow {
  wire_entity: string;
  wire_id: string;
  load_id: string;
  sync_id: number;
  op: 'upsert' | 'delete';
}

type AnyLoader = (tx: Tx, ids: readonly string[]) => Promise<Map<string, unknown>>;

const LOADERS: Record<SyncEntity, AnyLoader> = {
  ticket: loadTicketRecords,
  comment: loadCommentRecords,
  history_entry: loadHistoryRecords,
  escalation: loadEscalationRecords,
  organization: loadOrganizationRecords,
  user: loadUserRecords,
  sla_contract: loadSlaContractRecords,
  kb_article: loadKbArticleRecords,
  sla_config: loadSlaConfigRecords,
};

function isSyncEntity(e: string): e is SyncEntity {
  return Object.prototype.hasOwnProperty.call(LOADERS, e);
}

/**
 * One page of the compacted feed (docs/sync-protocol.md "Pull"): the current state of every entity whose
 * latest change is after the cursor, ordered by that change's sync id. Runs in one consistent read, so the
 * page, `remaining` and `cursor` all describe the same committed state.
 */
export async function pullPage(store: Store, query: PullQuery): Promise<PullResponse> {
  if (query.protocolVersion !== undefined && query.protocolVersion !== PROTOCOL_VERSION) {
    return { kind: 'rebootstrap', protocolVersion: PROTOCOL_VERSION, reason: 'protocol_changed' };
  }
  const schemaVersion = await store.schemaVersion();
  if (query.schemaVersion !== undefined && query.schemaVersion !== schemaVersion) {
    return { kind: 'rebootstrap', protocolVersion: PROTOCOL_VERSION, reason: 'schema_changed' };
  }
  return store.read(async (tx) => {
    const newest = await readNewestSyncId(tx);
    if (query.cursor > newest) return { kind: 'rebootstrap', protocolVersion: PROTOCOL_VERSION, reason: 'cursor_unknown' };
    const horizon = await readHorizon(tx);
    // Below the horizon is only safe when the client's cursor was issued after the horizon last rose (a
    // bootstrap that started after pruning never received an entity whose tombstone was pruned).
    if (query.cursor > 0 && query.cursor < horizon && (query.horizon === undefined || query.horizon < horizon)) {
      return { kind: 'rebootstrap', protocolVersion: PROTOCOL_VERSION, reason: 'cursor_too_old' };
    }
    const rows = await tx.all<LatestRow>(
      'SELECT wire_entity, wire_id, load_id, sync_id, op FROM sync_latest WHERE sync_id > ? ORDER BY sync_id LIMIT ?',
      [query.cursor, query.limit],
    );
    const changes = await toChanges(tx, rows);
    const last = rows.at(-1)?.sync_id ?? query.cursor;
    const remaining =
      rows.length < query.limit
        ? 0
        : ((await tx.get<{ n: number }>('SELECT count(*) AS n FROM sync_latest WHERE sync_id > ?', [last]))?.n ?? 0);
    const hasMore = remaining > 0;
    return {
      kind: 'changes',
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion,
      changes,
      // Caught up: hand out the newest id ever assigned, so a poke for a non-synced write is still "seen".
      cursor: hasMore ? last : newest,
      hasMore,
      remaining,
      horizon,
    };
  });
}

async function toChanges(tx: Tx, rows: readonly LatestRow[]): Promise<Change[]> {
  const idsByEntity = new Map<SyncEntity, string[]>();
  for (const r of rows) {
    if (r.op !== 'upsert' || !isSyncEntity(r.wire_entity)) continue;
    const list = idsByEntity.get(r.wire_entity) ?? [];
    list.push(r.load_id);
    idsByEntity.set(r.wire_entity, list);
  }
  const loaded = new Map<SyncEntity, Map<string, unknown>>();
  for (const [entity, ids] of idsByEntity) loaded.set(entity, await LOADERS[entity](tx, ids));

  const changes: Change[] = [];
  for (const r of rows) {
    if (!isSyncEntity(r.wire_entity)) continue; // a storage entity this protocol version does not carry
    const data = r.op === 'upsert' ? loaded.get(r.wire_entity)?.get(r.load_id) : undefined;
    if (data === undefined) {
      // Deleted, or an upsert whose row is gone/unsendable: either way the client must not keep it.
      changes.push({ syncId: r.sync_id, entity: r.wire_entity, op: 'delete', id: r.wire_id });
    } else {
      // The loader for wire_entity produced `data`, so entity and data agree; the union cannot see that.
      changes.push({ syncId: r.sync_id, entity: r.wire_entity, op: 'upsert', data } as Change);
    }
  }
  return changes;
}
