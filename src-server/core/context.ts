import type { FastifyBaseLogger } from 'fastify';
import { DEFAULT_SLA_AT_RISK, EXAMPLE_SLA_TIERS, type SlaAtRisk, type SlaTier } from '../../src-shared/domain/sla-config';
import { DEFAULT_LOGIN_LIMITS, FailureCounter, type LoginLimits } from '../accounts/rate-limit';
import { DEFAULT_SCRYPT, type ScryptParams } from '../accounts/passwords';
import type { Store, Tx } from '../storage/store';
import type { Clock, ManualClock } from './clock';
import type { ServiceEvents } from './events';

export interface ServiceConfig {
  /** Lifetime of a bearer token. */
  tokenTtlMs: number;
  /** Lifetime of a one-time set-password token. */
  setPasswordTtlMs: number;
  loginLimits: LoginLimits;
  scrypt: ScryptParams;
  /** Largest accepted request body in bytes (larger → 413 PAYLOAD_TOO_LARGE). */
  bodyLimit: number;
  /** Known SLA tiers; contracts must name one of them. */
  slaTiers: Readonly<Record<string, SlaTier>>;
  /** When a running SLA clock counts as at risk; synced to clients with the tiers (sla_config). */
  slaAtRisk: SlaAtRisk;
}

export const DEFAULT_CONFIG: ServiceConfig = {
  tokenTtlMs: 12 * 3_600_000,
  setPasswordTtlMs: 7 * 86_400_000,
  loginLimits: DEFAULT_LOGIN_LIMITS,
  scrypt: DEFAULT_SCRYPT,
  bodyLimit: 1024 * 1024,
  slaTiers: EXAMPLE_SLA_TIERS,
  slaAtRisk: DEFAULT_SLA_AT_RISK,
};

/** Everything a service function or route module needs; built once per app. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  manualClock: ManualClock | null;
  events: ServiceEvents;
  config: ServiceConfig;
  log: FastifyBaseLogger;
  loginFailures: { account: FailureCounter; address: FailureCounter };
}

export function createLoginFailures(limits: LoginLimits, clock: Clock): ServiceContext['loginFailures'] {
  return { account: new FailureCounter(limits.perAccount, clock), address: new FailureCounter(limits.perAddress, clock) };
}

/** Announces a ticket change after the transaction commits (never for a rolled-back change). */
export function announceTicketChange(ctx: ServiceContext, tx: Tx, ticketId: string, kind: string): void {
  tx.afterCommit(() => {
    const syncId = tx.lastSyncId;
    ctx.events.ticketChanged.emit({ ticketId, kind, syncId }, (err) => ctx.log.error({ err, ticketId, kind }, 'ticketChanged listener failed'));
    if (syncId !== null) ctx.events.syncChanged.emit({ syncId }, (err) => ctx.log.error({ err }, 'syncChanged listener failed'));
  });
}
