import type { RouteModule } from '../app';
import { accountRoutes } from './accounts';
import { escalationRoutes } from './escalations';
import { organizationRoutes } from './organizations';
import { systemRoutes } from './system';
import { ticketRoutes } from './tickets';

export const CORE_ROUTE_MODULES: readonly RouteModule[] = [systemRoutes, accountRoutes, organizationRoutes, ticketRoutes, escalationRoutes];
