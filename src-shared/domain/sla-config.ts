import { z } from 'zod';
import { DomainError } from '../errors';
import { HOUR_MS } from '../time/zoned';
import { isoInstant } from './ticket';

/**
 * SLA configuration: tiers with per-severity targets and the contract table that maps a contract number to a
 * tier. Every duration is milliseconds of BUSINESS time of the calendar the clocks run on.
 * The service loads this from its config file and ships it to clients; parse it with `parseSlaConfig`.
 */

export const SLA_CLOCK_KINDS = ['firstResponse', 'update', 'resolution'] as const;
export type SlaClockKind = (typeof SLA_CLOCK_KINDS)[number];

/** A target in business ms; null means "this tier promises nothing for this clock at this severity". */
const targetMs = z.number().int().positive().max(10_000 * HOUR_MS).nullable();

export const SlaTargetsSchema = z.strictObject({
  firstResponse: targetMs,
  /** Max business time between two public agent updates while the clock runs (counted from the last one). */
  update: targetMs,
  resolution: targetMs,
});
export type SlaTargets = z.infer<typeof SlaTargetsSchema>;

export const SlaTierSchema = z.strictObject({
  name: z.string().min(1).max(80),
  /** Keys are the severities 1, 2, 3 (JSON object keys are strings). */
  targets: z.strictObject({ '1': SlaTargetsSchema, '2': SlaTargetsSchema, '3': SlaTargetsSchema }),
});
export type SlaTier = z.infer<typeof SlaTierSchema>;

export const SlaContractSchema = z.strictObject({
  tier: z.string().min(1),
  organizationId: z.string().min(1),
  validFrom: isoInstant,
  /** Exclusive end; null = open-ended. */
  validUntil: isoInstant.nullable(),
});
export type SlaContract = z.infer<typeof SlaContractSchema>;

export const SlaAtRiskSchema = z.strictObject({
  /** At risk when the remaining business time is at most this fraction of the target … */
  fraction: z.number().min(0).max(1),
  /** … or at most this many business ms. Set either to 0 to switch that half off. */
  absoluteMs: z.number().int().min(0),
});
export type SlaAtRisk = z.infer<typeof SlaAtRiskSchema>;

const contractNumber = z.string().trim().min(1).max(60);

export const SlaConfigSchema = z
  .strictObject({
    tiers: z.record(z.string().min(1).max(40), SlaTierSchema),
    contracts: z.record(contractNumber, SlaContractSchema),
    atRisk: SlaAtRiskSchema,
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    for (const [number, contract] of Object.entries(cfg.contracts)) {
      if (!(contract.tier in cfg.tiers)) {
        ctx.addIssue({ code: 'custom', path: ['contracts', number, 'tier'], message: `unknown tier "${contract.tier}"` });
      }
      if (contract.validUntil !== null && Date.parse(contract.validUntil) <= Date.parse(contract.validFrom)) {
        ctx.addIssue({ code: 'custom', path: ['contracts', number, 'validUntil'], message: 'validUntil must be after validFrom' });
      }
      const normal = normalizeContractNumber(number);
      if (seen.has(normal)) {
        ctx.addIssue({ code: 'custom', path: ['contracts', number], message: `contract number "${normal}" appears twice` });
      }
      seen.add(normal);
    }
  });
export type SlaConfig = z.infer<typeof SlaConfigSchema>;

/**
 * Contract numbers are typed by customers into a form, so case and surrounding blanks must not matter
 * ("sla-4711 " is "SLA-4711"). Inner characters are kept: they are part of the number.
 */
export function normalizeContractNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Validates untrusted config (file, HTTP). Throws SLA_INVALID_CONFIG listing every problem; never half-applies. */
export function parseSlaConfig(input: unknown): SlaConfig {
  const result = SlaConfigSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DomainError('SLA_INVALID_CONFIG', `invalid SLA configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      issues,
    });
  }
  return result.data;
}

const h = (hours: number): number => hours * HOUR_MS;

/**
 * EXAMPLE tiers, not estos' contractual values (the estos SLA service description is the authority; the
 * operator replaces these in the service config). Shaped like common support contracts: the higher the tier
 * and the worse the severity (1 = total outage), the shorter the target. Business hours: with the default
 * calendar (Mon–Fri 08:00–17:00) one business day is 9 h.
 */
export const EXAMPLE_SLA_TIERS: Readonly<Record<string, SlaTier>> = {
  basic: {
    name: 'Basic',
    targets: {
      '1': { firstResponse: h(4), update: h(9), resolution: h(27) },
      '2': { firstResponse: h(9), update: h(18), resolution: h(45) },
      '3': { firstResponse: h(18), update: h(45), resolution: null },
    },
  },
  premium: {
    name: 'Premium',
    targets: {
      '1': { firstResponse: h(2), update: h(4), resolution: h(18) },
      '2': { firstResponse: h(4), update: h(9), resolution: h(27) },
      '3': { firstResponse: h(9), update: h(27), resolution: h(90) },
    },
  },
  premiumPlus: {
    name: 'Premium Plus',
    targets: {
      '1': { firstResponse: h(1), update: h(2), resolution: h(9) },
      '2': { firstResponse: h(2), update: h(4), resolution: h(18) },
      '3': { firstResponse: h(4), update: h(18), resolution: h(45) },
    },
  },
};

export const DEFAULT_SLA_AT_RISK: SlaAtRisk = { fraction: 0.2, absoluteMs: HOUR_MS };

/** Example tiers, no contracts: every ticket's clocks are "not applicable" until the operator adds contracts. */
export const DEFAULT_SLA_CONFIG: SlaConfig = parseSlaConfig({
  tiers: EXAMPLE_SLA_TIERS,
  contracts: {},
  atRisk: DEFAULT_SLA_AT_RISK,
});
