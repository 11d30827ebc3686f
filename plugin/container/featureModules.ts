import type { ContainerModule } from 'inversify';
import { securityModule } from '../security/securityModule.js';

/**
 * Every feature's container module. A feature binds its services, and adds
 * itself to TOKENS.Startable / TOKENS.HealthCheck / TOKENS.Routes as needed.
 */
export const featureModules: ContainerModule[] = [securityModule];
