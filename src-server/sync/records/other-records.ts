import { UserRoleSchema } from '../../../src-shared/domain/ticket';
import { DomainError } from '../../../src-shared/errors';
import {
  EscalationStateSchema,
  HISTORY_FIELDS,
  type CommentRecord,
  type EscalationRecord,
  type HistoryEntryRecord,
  type KbArticleHeaderRecord,
  type OrganizationRecord,
  type SlaContractRecord,
  type UserRecord,
} from '../../../src-shared/sync/records';
import { tableExists } from '../../storage/dialect-sql';
import type { EscalationRow } from '../../storage/repositories/escalations';
import type { Tx } from '../../storage/store';
import { actorFromColumns } from './actor';
import { ID_LIST, rowsByIds, type UnvalidatedRow } from './rows';

type Loader<R> = (tx: Tx, ids: readonly string[]) => Promise<Map<string, R>>;

function keyed<R>(rows: readonly R[], key: (r: R) => string): Map<string, R> {
  return new Map(rows.map((r) => [key(r), r]));
}

export const loadCommentRecords: Loader<CommentRecord> = async (tx, ids) => {
  const rows = await rowsByIds<{ id: string; ticket_id: string; author_id: string; body: string; internal: number; created_at: string }>(
    tx,
    `SELECT id, ticket_id, author_id, body, internal, created_at FROM comments WHERE id IN ${ID_LIST}`,
    ids,
  );
  return keyed(
    rows.map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      authorId: r.author_id,
      kind: r.internal === 1 ? ('internal' as const) : ('public' as const),
      body: r.body,
      createdAt: r.created_at,
    })),
    (r) => r.id,
  );
};

const historyFields = new Set<string>(HISTORY_FIELDS);
type HistoryField = (typeof HISTORY_FIELDS)[number];
function isHistoryField(f: string): f is HistoryField {
  return historyFields.has(f);
}

/**
 * History rows whose field the wire schema does not know are not synced (they are absent from the map, so
 * the pull sends a tombstone for an id no client ever received: harmless, and never an invalid record).
 */
export const loadHistoryRecords: Loader<HistoryEntryRecord> = async (tx, ids) => {
  const rows = await rowsByIds<{
    id: string;
    ticket_id: string;
    at: string;
    actor_kind: string;
    actor_id: string | null;
    actor_role: string | null;
    field: string;
    from_value: string | null;
    to_value: string | null;
  }>(
    tx,
    `SELECT id, ticket_id, at, actor_kind, actor_id, actor_role, field, from_value, to_value
     FROM ticket_history WHERE id IN ${ID_LIST}`,
    ids,
  );
  const out = new Map<string, HistoryEntryRecord>();
  for (const r of rows) {
    if (!isHistoryField(r.field)) continue;
    out.set(r.id, {
      id: r.id,
      ticketId: r.ticket_id,
      at: r.at,
      actor: actorFromColumns(r.actor_kind, r.actor_id, r.actor_role, `history entry ${r.id}`),
      field: r.field,
      from: r.from_value,
      to: r.to_value,
    });
  }
  return out;
};

function parseSlots(raw: string, escalationId: string): string[] {
  try {
    const v = JSON.parse(raw) as unknown;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  } catch {
    // fall through to the error below
  }
  throw new DomainError('INTERNAL', `escalation ${escalationId} has unreadable proposed slots`, { escalationId });
}

export const loadEscalationRecords: Loader<EscalationRecord> = async (tx, ids) => {
  const rows = await rowsByIds<UnvalidatedRow<EscalationRow>>(tx, `SELECT * FROM escalations WHERE id IN ${ID_LIST}`, ids);
  return keyed(
    rows.map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      state: EscalationStateSchema.parse(r.state),
      requestedById: r.requested_by,
      requestedAt: r.created_at,
      reason: r.reason,
      ownerId: r.owner_id,
      proposedSlots: parseSlots(r.proposed_slots_json, r.id),
      chosenSlot: r.chosen_slot,
      meetingLink: r.meeting_link,
      outcome: r.outcome_notes,
      nextSteps: r.next_steps,
      updatedAt: r.updated_at,
    })),
    (r) => r.id,
  );
};

export const loadOrganizationRecords: Loader<OrganizationRecord> = async (tx, ids) => {
  const rows = await rowsByIds<{ id: string; name: string; kind: OrganizationRecord['kind']; registered_end_user: number }>(
    tx,
    `SELECT id, name, kind, registered_end_user FROM organizations WHERE id IN ${ID_LIST}`,
    ids,
  );
  return keyed(
    rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, registeredEndUser: r.registered_end_user === 1 })),
    (r) => r.id,
  );
};

/** Minimal users: the columns are listed explicitly so credentials can never leak into the feed. */
export const loadUserRecords: Loader<UserRecord> = async (tx, ids) => {
  const rows = await rowsByIds<{ id: string; name: string; email: string; role: string; organization_id: string | null; language: 'de' | 'en' }>(
    tx,
    `SELECT id, name, email, role, organization_id, language FROM users WHERE id IN ${ID_LIST}`,
    ids,
  );
  return keyed(
    rows.map((r) => ({
      id: r.id,
      displayName: r.name,
      email: r.email,
      role: UserRoleSchema.parse(r.role),
      organizationId: r.organization_id,
      language: r.language,
    })),
    (r) => r.id,
  );
};

/** Keyed by storage id (what the change log holds); the wire key is the contract number. */
export const loadSlaContractRecords: Loader<SlaContractRecord> = async (tx, ids) => {
  const rows = await rowsByIds<{ id: string; contract_number: string; organization_id: string; tier: string; valid_from: string; valid_until: string | null }>(
    tx,
    `SELECT id, contract_number, organization_id, tier, valid_from, valid_until FROM sla_contracts WHERE id IN ${ID_LIST}`,
    ids,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        contractNumber: r.contract_number,
        organizationId: r.organization_id,
        tier: r.tier,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
      },
    ]),
  );
};

/** KB headers; the kb feature owns the table, so a service without it simply has no kb changes to send. */
export const loadKbArticleRecords: Loader<KbArticleHeaderRecord> = async (tx, ids) => {
  if (!(await tableExists(tx, 'kb_articles'))) return new Map();
  const rows = await rowsByIds<{ id: string; language: 'de' | 'en'; title: string; summary: string | null; updated_at: string }>(
    tx,
    `SELECT id, language, title, summary, updated_at FROM kb_articles WHERE id IN ${ID_LIST}`,
    ids,
  );
  return keyed(
    rows.map((r) => ({ id: r.id, language: r.language, title: r.title, summary: r.summary ?? '', updatedAt: r.updated_at })),
    (r) => r.id,
  );
};
