import { ContainerModule } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import { AdminRoutes } from './AdminRoutes.js';
import { OpenapiRoutes } from '../openapi/OpenapiRoutes.js';
import { dashboardRoutes } from '../dashboard/dashboardRoutes.js';
import { AuditRetention } from '../../audit/AuditRetention.js';

/** The admin API, the OpenAPI document, the operator dashboard, and the audit log's retention. */
export const adminModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Routes).to(AdminRoutes).inSingletonScope();
  bind(TOKENS.Routes).to(OpenapiRoutes).inSingletonScope();
  bind(TOKENS.Routes).toConstantValue(dashboardRoutes());
  bind(TOKENS.Startable).to(AuditRetention).inSingletonScope();
});
