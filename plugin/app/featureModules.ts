import type { ContainerModule } from 'inversify';
import { callbacksModule } from '../callbacks/callbacksModule.js';
import { applicationsModule } from '../applications/applicationsModule.js';
import { submissionsModule } from '../submissions/submissionsModule.js';
import { crmModule } from '../crm/crmModule.js';
import { webhooksModule } from '../webhooks/webhooksModule.js';
import { deliveryModule } from '../delivery/deliveryModule.js';
import { adminModule } from '../admin/api/adminModule.js';
import { alertsModule } from '../alerts/alertsModule.js';
import { idleModule } from '../applications/idle/idleModule.js';

/**
 * Every feature's container module. A feature binds its services, and adds
 * itself to TOKENS.Startable / TOKENS.HealthCheck / TOKENS.Routes as needed.
 * The order is the start order of Startables (webhooks' subscription sync
 * before the delivery worker) and the order of delivery target kinds.
 */
export const featureModules: ContainerModule[] = [applicationsModule, submissionsModule, crmModule, callbacksModule, webhooksModule, deliveryModule, adminModule, alertsModule, idleModule];
