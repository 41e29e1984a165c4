import type { Instant } from './ticket';
import { normalizeContractNumber, type SlaConfig, type SlaContract, type SlaTier } from './sla-config';

export type SlaContractMiss = 'no_contract_number' | 'unknown' | 'other_organization' | 'not_yet_valid' | 'expired';

export type SlaContractLookup =
  | { readonly ok: true; readonly contractNumber: string; readonly contract: SlaContract; readonly tierId: string; readonly tier: SlaTier }
  | { readonly ok: false; readonly miss: SlaContractMiss; readonly contractNumber: string | null };

/**
 * Finds the contract a ticket names. A contract only covers its own organisation (a customer cannot borrow
 * another company's number) and only inside [validFrom, validUntil). Misses are typed so the UI can say why
 * a ticket has no SLA clock instead of silently showing none.
 */
export function resolveSlaContract(
  contractNumber: string | null,
  organizationId: string,
  at: Instant,
  config: SlaConfig,
): SlaContractLookup {
  if (contractNumber === null || contractNumber.trim() === '') return { ok: false, miss: 'no_contract_number', contractNumber: null };
  const wanted = normalizeContractNumber(contractNumber);
  const contract = contractIndex(config).get(wanted);
  if (!contract) return { ok: false, miss: 'unknown', contractNumber: wanted };
  if (contract.organizationId !== organizationId) return { ok: false, miss: 'other_organization', contractNumber: wanted };
  if (at < Date.parse(contract.validFrom)) return { ok: false, miss: 'not_yet_valid', contractNumber: wanted };
  if (contract.validUntil !== null && at >= Date.parse(contract.validUntil)) {
    return { ok: false, miss: 'expired', contractNumber: wanted };
  }
  const tier = config.tiers[contract.tier];
  // parseSlaConfig rejects contracts naming a missing tier; a hand-built config that skipped it gets a typed miss.
  if (!tier) return { ok: false, miss: 'unknown', contractNumber: wanted };
  return { ok: true, contractNumber: wanted, contract, tierId: contract.tier, tier };
}

/**
 * Contracts by normalised number, built once per configuration object: the lookup runs for every clock of
 * every ticket, and scanning and normalising all contracts each time was ~75 % of an SLA timer pass with
 * thousands of contracts. The first contract in entry order wins a normalisation clash, as a linear find did.
 */
const indexes = new WeakMap<SlaConfig['contracts'], ReadonlyMap<string, SlaContract>>();
function contractIndex(config: SlaConfig): ReadonlyMap<string, SlaContract> {
  let index = indexes.get(config.contracts);
  if (index === undefined) {
    const built = new Map<string, SlaContract>();
    for (const [number, contract] of Object.entries(config.contracts)) {
      const key = normalizeContractNumber(number);
      if (!built.has(key)) built.set(key, contract);
    }
    index = built;
    indexes.set(config.contracts, index);
  }
  return index;
}
