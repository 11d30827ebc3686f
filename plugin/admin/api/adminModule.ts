import { ContainerModule, type interfaces } from 'inversify';
import { TOKENS } from '../../kernel/tokens.js';
import { APPLICATIONS_TOKENS } from '../../applications/tokens.js';
import { CALLBACKS_TOKENS } from '../../callbacks/tokens.js';
import { adminRoutes } from './adminRoutes.js';
import { openapiRoutes } from '../openapi/openapiRoutes.js';
import { dashboardRoutes } from '../dashboard/dashboardRoutes.js';

/** Resolves an optional feature API (undefined when that feature is not part of this build). */
function optional<T>(ctx: interfaces.Context, token: interfaces.ServiceIdentifier<T>): () => T | undefined {
  return () => (ctx.container.isBound(token) ? ctx.container.get(token) : undefined);
}

/** The admin API (and, through its own modules, the dashboard and the OpenAPI document). */
export const adminModule = new ContainerModule((bind) => {
  bind(TOKENS.Routes).toDynamicValue((ctx) =>
    adminRoutes({
      knex: ctx.container.get(TOKENS.Knex),
      schema: ctx.container.get(TOKENS.Config).schema,
      auth: ctx.container.get(TOKENS.Auth),
      clock: ctx.container.get(TOKENS.Clock),
      sealer: ctx.container.get(TOKENS.Sealer),
      deliveries: optional(ctx, TOKENS.Deliveries),
      subscriptions: optional(ctx, TOKENS.Subscriptions),
      callbacks: optional(ctx, CALLBACKS_TOKENS.CallbackReview),
      applications: optional(ctx, APPLICATIONS_TOKENS.ApplicationService),
      crmTargets: optional(ctx, TOKENS.CrmTargets),
    }),
  );
  bind(TOKENS.Routes).toDynamicValue((ctx) => openapiRoutes(ctx.container.get(TOKENS.Manifest).basePath));
  bind(TOKENS.Routes).toConstantValue(dashboardRoutes());
});
