import { coreAccounts } from './core-0001-accounts';
import { coreTickets } from './core-0002-tickets';
import { coreTicketSearch } from './core-0060-ticket-search';
import { notificationsMigration } from '../../notifications/migration-0200-outbox';
import { automationMigration } from '../../automation/migration-0400-due-queue';
import { syncMigration } from '../../sync/migration-0300-sync';
import { serviceConfigMigration } from '../../sync/migration-0301-service-config';
import { kbMigration } from '../../kb/migration-0100-kb';
import { seedRunsMigration } from '../../seed/migration-0500-seed-runs';
import type { Migration } from './types';

export type { Migration } from './types';

/**
 * Every migration the service knows. Feature folders (kb, notifications, sync, …) add theirs here, using
 * their version range (see types.ts).
 */
export const MIGRATIONS: readonly Migration[] = [coreAccounts, coreTickets, coreTicketSearch, notificationsMigration, automationMigration, syncMigration, serviceConfigMigration, kbMigration, seedRunsMigration];
