import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src-shared/errors';
import { DEFAULT_SLA_CONFIG, EXAMPLE_SLA_TIERS, parseSlaConfig } from '../../src-shared/domain/sla-config';
import { resolveSlaContract } from '../../src-shared/domain/sla-contract';
import { HOUR_MS } from '../../src-shared/time/zoned';
import { testConfig } from './sla-test-tickets';

const contract = { tier: 'premium', organizationId: 'org-a', validFrom: '2026-01-01T00:00:00.000Z', validUntil: null };
const base = { tiers: EXAMPLE_SLA_TIERS, contracts: {}, atRisk: { fraction: 0.2, absoluteMs: HOUR_MS } };

function issuesOf(input: unknown): string[] {
  try {
    parseSlaConfig(input);
  } catch (e) {
    if (isDomainError(e) && e.code === 'SLA_INVALID_CONFIG') return (e.details?.['issues'] as Array<{ path: string }>).map((i) => i.path);
    throw e;
  }
  return [];
}

describe('SLA config', () => {
  it('the example tiers parse, shorter targets for higher tiers and worse severities', () => {
    expect(Object.keys(DEFAULT_SLA_CONFIG.tiers)).toEqual(['basic', 'premium', 'premiumPlus']);
    const fr = (tier: string, sev: '1' | '2' | '3') => DEFAULT_SLA_CONFIG.tiers[tier]!.targets[sev].firstResponse!;
    expect(fr('premiumPlus', '1')).toBeLessThan(fr('premium', '1'));
    expect(fr('premium', '1')).toBeLessThan(fr('basic', '1'));
    expect(fr('basic', '1')).toBeLessThan(fr('basic', '3'));
  });

  it('rejects a contract naming a missing tier, an empty validity range and duplicate numbers', () => {
    expect(issuesOf({ ...base, contracts: { A: { ...contract, tier: 'gold' } } })).toEqual(['contracts.A.tier']);
    expect(issuesOf({ ...base, contracts: { A: { ...contract, validUntil: '2025-01-01T00:00:00.000Z' } } })).toEqual(['contracts.A.validUntil']);
    expect(issuesOf({ ...base, contracts: { 'sla-7': contract, 'SLA-7': contract } })).toEqual(['contracts.SLA-7']);
  });

  it('rejects non-positive targets and unknown fields', () => {
    const bad = { ...base, tiers: { x: { name: 'X', targets: { ...EXAMPLE_SLA_TIERS['basic']!.targets, '1': { firstResponse: 0, update: null, resolution: null } } } } };
    expect(issuesOf(bad)).toEqual(['tiers.x.targets.1.firstResponse']);
    expect(issuesOf({ ...base, surprise: true })).toEqual(['']);
  });
});

describe('resolveSlaContract', () => {
  const jan = Date.parse('2026-06-01T00:00:00.000Z');
  it('finds a valid contract of the same organisation', () => {
    const found = resolveSlaContract('sla-1', 'org-a', jan, testConfig);
    expect(found).toMatchObject({ ok: true, contractNumber: 'SLA-1', tierId: 'premium' });
    expect(found.ok && found.tier.name).toBe('Premium');
  });
  it.each([
    [null, 'org-a', jan, 'no_contract_number'],
    ['  ', 'org-a', jan, 'no_contract_number'],
    ['SLA-2', 'org-a', jan, 'unknown'],
    ['SLA-1', 'org-b', jan, 'other_organization'],
    ['SLA-1', 'org-a', Date.parse('2025-12-31T23:59:59.999Z'), 'not_yet_valid'],
    ['SLA-1', 'org-a', Date.parse('2027-01-01T00:00:00.000Z'), 'expired'],
  ])('%s for %s: %s', (number, org, when, miss) => {
    expect(resolveSlaContract(number, org, when, testConfig)).toMatchObject({ ok: false, miss });
  });
  it('a hand-built config whose contract names a missing tier is a miss, not a crash', () => {
    const broken = { ...testConfig, contracts: { 'SLA-1': { ...contract, tier: 'gone' } } };
    expect(resolveSlaContract('SLA-1', 'org-a', jan, broken)).toMatchObject({ ok: false, miss: 'unknown' });
  });
});
