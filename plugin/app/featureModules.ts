import type { ContainerModule } from 'inversify';
import { callbacksModule } from '../callbacks/callbacksModule.js';
import { applicationsModule } from '../applications/applicationsModule.js';
import { submissionsModule } from '../submissions/submissionsModule.js';
import { crmModule } from '../crm/crmModule.js';
import { deliveryModule } from '../delivery/deliveryModule.js';
import { adminModule } from '../admin/api/adminModule.js';
import { alertsModule } from '../alerts/alertsModule.js';
import { idleModule } from '../applications/idle/idleModule.js';

/**
 * Every feature's container module. A feature binds its services, and adds
 * itself to TOKENS.Startable / TOKENS.HealthCheck / TOKENS.Routes as needed.
 */
export const featureModules: ContainerModule[] = [applicationsModule, submissionsModule, crmModule, callbacksModule, deliveryModule, adminModule, alertsModule, idleModule];
