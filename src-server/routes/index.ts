import type { RouteModule } from '../app';
import { accountRoutes } from './accounts';
import { systemRoutes } from './system';

export const CORE_ROUTE_MODULES: readonly RouteModule[] = [systemRoutes, accountRoutes];
