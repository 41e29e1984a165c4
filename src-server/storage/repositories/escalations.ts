import type { Tx } from '../store';

export const ESCALATION_STATES = ['requested', 'appointment_proposed', 'confirmed', 'held', 'resolved'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

export interface EscalationRow {
  id: string;
  ticket_id: string;
  requested_by: string;
  reason: string;
  state: EscalationState;
  owner_id: string | null;
  proposed_slots_json: string;
  chosen_slot: string | null;
  meeting_link: string | null;
  outcome_notes: string | null;
  next_steps: string | null;
  created_at: string;
  updated_at: string;
}

export async function insertEscalation(
  tx: Tx,
  e: { id: string; ticketId: string; requestedBy: string; reason: string },
): Promise<EscalationRow> {
  await tx.write(
    { entity: 'escalation', entityId: e.id, op: 'upsert' },
    `INSERT INTO escalations (id, ticket_id, requested_by, reason, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'requested', ?, ?)`,
    [e.id, e.ticketId, e.requestedBy, e.reason, tx.nowIso, tx.nowIso],
  );
  return (await getEscalation(tx, e.id))!;
}

export function getEscalation(tx: Tx, id: string): Promise<EscalationRow | undefined> {
  return tx.get<EscalationRow>('SELECT * FROM escalations WHERE id = ?', [id]);
}

export function listEscalationsForTicket(tx: Tx, ticketId: string): Promise<EscalationRow[]> {
  return tx.all<EscalationRow>('SELECT * FROM escalations WHERE ticket_id = ? ORDER BY created_at', [ticketId]);
}

export function listEscalations(tx: Tx, state: EscalationState | null): Promise<EscalationRow[]> {
  return state
    ? tx.all<EscalationRow>('SELECT * FROM escalations WHERE state = ? ORDER BY created_at', [state])
    : tx.all<EscalationRow>('SELECT * FROM escalations ORDER BY created_at');
}

export type EscalationPatch = Partial<
  Pick<EscalationRow, 'state' | 'owner_id' | 'proposed_slots_json' | 'chosen_slot' | 'meeting_link' | 'outcome_notes' | 'next_steps'>
>;

export async function updateEscalation(tx: Tx, id: string, patch: EscalationPatch): Promise<void> {
  const cols = (
    ['state', 'owner_id', 'proposed_slots_json', 'chosen_slot', 'meeting_link', 'outcome_notes', 'next_steps'] as const
  ).filter((c) => patch[c] !== undefined);
  const params: Record<string, string | null> = { id, updated_at: tx.nowIso };
  for (const c of cols) params[c] = patch[c] ?? null;
  const sets = [...cols.map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ');
  await tx.write({ entity: 'escalation', entityId: id, op: 'upsert' }, `UPDATE escalations SET ${sets} WHERE id = @id`, params);
}
