import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { CrmTargetKind } from './CrmTargetKind.js';
import { CrmTargetStateStore } from './CrmTargetStateStore.js';
import { crmConfigCheck } from './crmConfigCheck.js';
import { CrmTargetService } from './CrmTargetService.js';
import { TargetStateStore } from '../delivery/TargetStateStore.js';
import { DispatcherPool } from '../outbound/DispatcherPool.js';

/** CRM sync: the "crm" delivery target kind, the operators' view of CRM targets, and the start-time check of CRM targets against their adapters. */
export const crmModule = new ContainerModule((bind) => {
  bind(TOKENS.CrmTargetState).toDynamicValue((ctx) => new CrmTargetStateStore(ctx.container.get(TOKENS.Knex), ctx.container.get(TOKENS.Config).schema, ctx.container.get(TOKENS.Secrets)));
  bind(TOKENS.CrmDispatchers).toDynamicValue(() => new DispatcherPool('crm-http'));
  bind(TOKENS.Startable).toDynamicValue((ctx) => ctx.container.get(TOKENS.CrmDispatchers));
  bind(TOKENS.DeliveryTargetKinds).toDynamicValue(
    (ctx) =>
      new CrmTargetKind({
        manifest: ctx.container.get(TOKENS.Manifest),
        knex: ctx.container.get(TOKENS.Knex),
        schema: ctx.container.get(TOKENS.Config).schema,
        crms: ctx.container.get(TOKENS.CrmAdapters),
        secrets: ctx.container.get(TOKENS.Secrets),
        metrics: ctx.container.get(TOKENS.Metrics),
        logger: ctx.container.get(TOKENS.Logger).child({ component: 'crm' }),
        state: ctx.container.get(TOKENS.CrmTargetState),
        dispatchers: ctx.container.get(TOKENS.CrmDispatchers),
      }),
  );
  bind(TOKENS.CrmTargets).toDynamicValue(
    (ctx) =>
      new CrmTargetService({
        manifest: ctx.container.get(TOKENS.Manifest),
        knex: ctx.container.get(TOKENS.Knex),
        schema: ctx.container.get(TOKENS.Config).schema,
        state: ctx.container.get(TOKENS.CrmTargetState),
        targets: new TargetStateStore(ctx.container.get(TOKENS.Knex), ctx.container.get(TOKENS.Config).schema),
        queue: ctx.container.get(TOKENS.DeliveryQueue),
        logger: ctx.container.get(TOKENS.Logger).child({ component: 'crm' }),
      }),
  );
  bind(TOKENS.Startable).toDynamicValue((ctx) => crmConfigCheck(ctx.container.get(TOKENS.Manifest), ctx.container.get(TOKENS.CrmAdapters), ctx.container.get(TOKENS.CrmTargets)));
});
