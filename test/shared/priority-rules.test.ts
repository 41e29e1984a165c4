import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src-shared/errors';
import {
  DEFAULT_PRIORITY_CONFIG,
  PRIORITY_RULES,
  PRIORITY_TIER_IDS,
  affectedEndUser,
  parsePriorityConfig,
  priorityTier,
} from '../../src-shared/domain/priority-rules';
import { TICKET_CATEGORIES, USER_ROLES, type Ticket } from '../../src-shared/domain/ticket';
import { makeTicket } from './sla-test-tickets';

const tier = (over: Partial<Ticket>, cfg = DEFAULT_PRIORITY_CONFIG) => priorityTier(makeTicket({ slaContractNumber: null, ...over }), cfg).id;
const registered = { name: 'Müller GmbH', registered: true, companyId: 'c-1' };
const unregistered = { name: 'Huber KG', registered: false, companyId: null };

describe('priority rule table', () => {
  it('is ordered by rank in the seed order and ends with a catch-all', () => {
    expect(PRIORITY_RULES.map((r) => r.id)).toEqual([...PRIORITY_TIER_IDS]);
    expect(PRIORITY_RULES.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('1: cloud-service outages', () => {
    expect(tier({ category: 'cloud_outage' })).toBe('cloud_outage');
    expect(tier({ category: 'cloud_outage', impact: 50, endUserCompany: registered })).toBe('cloud_outage');
  });

  it('2: problems affecting many customers, from the configurable threshold on', () => {
    expect(tier({ impact: 5 })).toBe('many_customers');
    expect(tier({ impact: 4 })).toBe('defect');
    expect(tier({ impact: 5, category: 'question' })).toBe('many_customers');
    const strict = parsePriorityConfig({ ...DEFAULT_PRIORITY_CONFIG, manyCustomersThreshold: 10 });
    expect(tier({ impact: 9 }, strict)).toBe('defect');
    expect(tier({ impact: 10 }, strict)).toBe('many_customers');
  });

  it('3: registered end-user companies, filled in by a partner or the reporter\'s own company', () => {
    expect(tier({ reporterRole: 'partner', endUserCompany: registered })).toBe('registered_end_user');
    expect(tier({ reporterRole: 'partner', endUserCompany: unregistered })).toBe('defect');
    // Partner with an empty field: "no customer is affected", even if the partner's own company is registered.
    expect(tier({ reporterRole: 'partner', endUserCompany: null, reporterOrganizationRegistered: true })).toBe('defect');
    expect(tier({ reporterRole: 'customer', endUserCompany: null, reporterOrganizationRegistered: true })).toBe('registered_end_user');
    expect(tier({ reporterRole: 'customer', endUserCompany: null, reporterOrganizationRegistered: false })).toBe('defect');
    expect(tier({ reporterRole: 'customer', endUserCompany: registered, reporterOrganizationRegistered: false })).toBe('registered_end_user');
  });

  it('4: other defects, 5: other requests', () => {
    expect(tier({ category: 'product_defect' })).toBe('defect');
    expect(tier({ category: 'question' })).toBe('other');
  });

  it('6: features, configuration and setup come last even for many customers or registered companies', () => {
    for (const category of ['feature_request', 'configuration_setup', 'misconfiguration'] as const) {
      expect(tier({ category, impact: 40, endUserCompany: registered })).toBe('feature_or_configuration');
    }
    expect(tier({ category: 'cloud_outage', misconfiguration: true })).toBe('feature_or_configuration');
    expect(tier({ category: 'product_defect', misconfiguration: true, impact: 40 })).toBe('feature_or_configuration');
  });

  it('affectedEndUser reports the named company or the reporter\'s own', () => {
    expect(affectedEndUser(makeTicket({ endUserCompany: registered }))).toEqual({ name: 'Müller GmbH', registered: true });
    expect(affectedEndUser(makeTicket({ reporterOrganizationRegistered: true }))).toEqual({ name: null, registered: true });
    expect(affectedEndUser(makeTicket({ reporterRole: 'partner' }))).toBeNull();
  });

  it('the chosen tier is always the first rule that matches (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TICKET_CATEGORIES),
        fc.constantFrom(...USER_ROLES),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(null, registered, unregistered),
        (category, reporterRole, impact, misconfiguration, reporterOrganizationRegistered, endUserCompany) => {
          const t = makeTicket({ category, reporterRole, impact, misconfiguration, reporterOrganizationRegistered, endUserCompany });
          const chosen = priorityTier(t, DEFAULT_PRIORITY_CONFIG);
          const firstIndex = PRIORITY_RULES.findIndex((r) => r.matches(t, DEFAULT_PRIORITY_CONFIG));
          expect(PRIORITY_RULES[firstIndex]).toBe(chosen);
        },
      ),
    );
  });
});

describe('priority config', () => {
  const expectInvalid = (input: unknown, path: string) => {
    try {
      parsePriorityConfig(input);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('VALIDATION_FAILED');
      if (isDomainError(e)) expect(JSON.stringify(e.details)).toContain(path);
    }
  };
  it('rejects offsets that would let a lower tier overtake a higher one', () => {
    expectInvalid({ ...DEFAULT_PRIORITY_CONFIG, tierOffsetMs: { ...DEFAULT_PRIORITY_CONFIG.tierOffsetMs, defect: 0 } }, 'tierOffsetMs.defect');
  });
  it('rejects a threshold below 2 and unknown keys', () => {
    expectInvalid({ ...DEFAULT_PRIORITY_CONFIG, manyCustomersThreshold: 1 }, 'manyCustomersThreshold');
    expectInvalid({ ...DEFAULT_PRIORITY_CONFIG, extra: 1 }, '');
  });
});
