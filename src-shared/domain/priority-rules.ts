import { z } from 'zod';
import { DomainError } from '../errors';
import { HOUR_MS } from '../time/zoned';
import type { Ticket } from './ticket';

/**
 * The estos order for tickets WITHOUT an SLA (seed, "ohne Vereinbarung"), as data: the first rule that matches
 * decides a ticket's tier. Feature, configuration and setup requests come "erst danach" (only afterwards), so
 * no earlier rule takes them, even when many customers ask or a registered company asks.
 */
export const PRIORITY_TIER_IDS = [
  'cloud_outage',
  'many_customers',
  'registered_end_user',
  'defect',
  'other',
  'feature_or_configuration',
] as const;
export type PriorityTierId = (typeof PRIORITY_TIER_IDS)[number];

const offset = z.number().int().min(0).max(10_000 * HOUR_MS);

export const PriorityConfigSchema = z
  .strictObject({
    /** "Problems that may affect many customers": linked reports/customers from this number on. */
    manyCustomersThreshold: z.number().int().min(2).max(1_000_000),
    /**
     * Business time added to a no-SLA ticket's creation to get its virtual deadline (see docs/sla-and-priority.md).
     * Must not decrease along the tier order, or a lower tier would overtake a higher one of the same age.
     */
    tierOffsetMs: z.strictObject({
      cloud_outage: offset,
      many_customers: offset,
      registered_end_user: offset,
      defect: offset,
      other: offset,
      feature_or_configuration: offset,
    }),
  })
  .superRefine((cfg, ctx) => {
    PRIORITY_TIER_IDS.forEach((id, i) => {
      const prev = PRIORITY_TIER_IDS[i - 1];
      if (prev !== undefined && cfg.tierOffsetMs[id] < cfg.tierOffsetMs[prev]) {
        ctx.addIssue({ code: 'custom', path: ['tierOffsetMs', id], message: `must be at least the offset of ${prev}` });
      }
    });
  });
export type PriorityConfig = z.infer<typeof PriorityConfigSchema>;

export function parsePriorityConfig(input: unknown): PriorityConfig {
  const result = PriorityConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DomainError('VALIDATION_FAILED', `invalid priority configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      issues,
    });
  }
  return result.data;
}

/** Defaults in business hours (9 h = one business day of the default calendar). */
export const DEFAULT_PRIORITY_CONFIG: PriorityConfig = parsePriorityConfig({
  manyCustomersThreshold: 5,
  tierOffsetMs: {
    cloud_outage: 0,
    many_customers: 2 * HOUR_MS,
    registered_end_user: 9 * HOUR_MS,
    defect: 27 * HOUR_MS,
    other: 45 * HOUR_MS,
    feature_or_configuration: 90 * HOUR_MS,
  },
});

/** Requests the seed puts last: new features, configuration, setup; and tickets estos marked as misconfiguration. */
export function isFeatureOrConfiguration(ticket: Ticket): boolean {
  return (
    ticket.misconfiguration ||
    ticket.category === 'feature_request' ||
    ticket.category === 'configuration_setup' ||
    ticket.category === 'misconfiguration'
  );
}

export interface AffectedEndUser {
  /** Name from the "Affected End User's Company" field; null when it is the reporter's own organisation. */
  readonly name: string | null;
  readonly registered: boolean;
}

/**
 * Who is affected (seed: "Angaben zum betroffenen Endanwenderunternehmen"): the company in the field if filled;
 * if empty, the reporter's own company — except for a partner/reseller, where "no customer is affected".
 */
export function affectedEndUser(ticket: Ticket): AffectedEndUser | null {
  if (ticket.endUserCompany !== null) return { name: ticket.endUserCompany.name, registered: ticket.endUserCompany.registered };
  if (ticket.reporterRole === 'partner') return null;
  return { name: null, registered: ticket.reporterOrganizationRegistered };
}

export interface PriorityRule {
  readonly id: PriorityTierId;
  /** 1 = most urgent. */
  readonly rank: number;
  /** The seed's wording for this rule, for the docs and tooltips. */
  readonly seed: string;
  readonly matches: (ticket: Ticket, config: PriorityConfig) => boolean;
}

const notLast = (t: Ticket): boolean => !isFeatureOrConfiguration(t);

export const PRIORITY_RULES: readonly PriorityRule[] = [
  {
    id: 'cloud_outage',
    rank: 1,
    seed: 'Beseitigung von Störungen (Cloud Dienste)',
    matches: (t) => notLast(t) && t.category === 'cloud_outage',
  },
  {
    id: 'many_customers',
    rank: 2,
    seed: 'Korrektur von Problemen, von denen eine Vielzahl an Kunden betroffen sein können',
    matches: (t, cfg) => notLast(t) && t.impact >= cfg.manyCustomersThreshold,
  },
  {
    id: 'registered_end_user',
    rank: 3,
    seed: 'Meldungen registrierter Endanwenderunternehmen',
    matches: (t) => notLast(t) && affectedEndUser(t)?.registered === true,
  },
  { id: 'defect', rank: 4, seed: 'Produktmangel (übrige Fehler)', matches: (t) => notLast(t) && t.category === 'product_defect' },
  { id: 'other', rank: 5, seed: 'übrige Anfragen', matches: notLast },
  {
    id: 'feature_or_configuration',
    rank: 6,
    seed: 'Anfragen zu neuen Funktionen, Konfiguration oder Einrichtung werden erst danach bearbeitet',
    matches: () => true,
  },
];

/** The first rule that matches; the last rule matches everything, so there always is one. */
export function priorityTier(ticket: Ticket, config: PriorityConfig): PriorityRule {
  return PRIORITY_RULES.find((r) => r.matches(ticket, config)) ?? PRIORITY_RULES[PRIORITY_RULES.length - 1]!;
}
