import { randomUUID } from 'node:crypto';
import type { Tx } from '../store';

export interface SlaContractRow {
  id: string;
  organization_id: string;
  contract_number: string;
  tier: string;
  valid_from: string;
  valid_until: string | null;
  created_at: string;
  updated_at: string;
}

export async function insertSlaContract(
  tx: Tx,
  c: { id?: string; organizationId: string; contractNumber: string; tier: string; validFrom: string; validUntil: string | null },
): Promise<SlaContractRow> {
  const id = c.id ?? randomUUID();
  await tx.write(
    { entity: 'sla_contract', entityId: id, op: 'upsert' },
    `INSERT INTO sla_contracts (id, organization_id, contract_number, tier, valid_from, valid_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, c.organizationId, c.contractNumber, c.tier, c.validFrom, c.validUntil, tx.nowIso, tx.nowIso],
  );
  return (await getSlaContract(tx, id))!;
}

export function getSlaContract(tx: Tx, id: string): Promise<SlaContractRow | undefined> {
  return tx.get<SlaContractRow>('SELECT * FROM sla_contracts WHERE id = ?', [id]);
}

export function findSlaContractByNumber(tx: Tx, contractNumber: string): Promise<SlaContractRow | undefined> {
  return tx.get<SlaContractRow>('SELECT * FROM sla_contracts WHERE contract_number = ?', [contractNumber]);
}

export function listSlaContracts(tx: Tx, organizationId: string): Promise<SlaContractRow[]> {
  return tx.all<SlaContractRow>('SELECT * FROM sla_contracts WHERE organization_id = ? ORDER BY contract_number', [organizationId]);
}

export async function updateSlaContract(
  tx: Tx,
  id: string,
  patch: { tier?: string; validFrom?: string; validUntil?: string | null },
): Promise<void> {
  const current = await getSlaContract(tx, id);
  if (!current) return;
  await tx.write(
    { entity: 'sla_contract', entityId: id, op: 'upsert' },
    'UPDATE sla_contracts SET tier = ?, valid_from = ?, valid_until = ?, updated_at = ? WHERE id = ?',
    [
      patch.tier ?? current.tier,
      patch.validFrom ?? current.valid_from,
      patch.validUntil === undefined ? current.valid_until : patch.validUntil,
      tx.nowIso,
      id,
    ],
  );
}

export async function deleteSlaContract(tx: Tx, id: string): Promise<void> {
  await tx.write({ entity: 'sla_contract', entityId: id, op: 'delete' }, 'DELETE FROM sla_contracts WHERE id = ?', [id]);
}
