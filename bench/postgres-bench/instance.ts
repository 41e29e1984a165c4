import { spawnTicketService, type ServiceChild } from '../lib/service-process';

export type Instance = ServiceChild;

/** The REAL ticket service (`src-server/cli.ts`, as `npm run server` starts it) on a free loopback port. */
export function startInstance(db: string): Promise<Instance> {
  return spawnTicketService(db, [], { logLevel: 'warn' });
}
