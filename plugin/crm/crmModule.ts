import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { CRM_TOKENS } from './tokens.js';
import { CrmTargetKind } from './CrmTargetKind.js';
import { CrmTargetStateStore } from './CrmTargetStateStore.js';
import { CrmTargetService } from './CrmTargetService.js';
import { CrmConfigCheck } from './CrmConfigCheck.js';
import { DispatcherPool } from '../outbound/DispatcherPool.js';

/** CRM sync: the "crm" delivery target kind, the operators' view of CRM targets, and the start-time check of CRM targets against their adapters. */
export const crmModule = new ContainerModule(({ bind }) => {
  bind(CRM_TOKENS.CrmTargetState).to(CrmTargetStateStore).inSingletonScope();
  bind(CRM_TOKENS.CrmTargets).to(CrmTargetService).inSingletonScope();
  bind(DELIVERY_TOKENS.DeliveryTargetKinds).to(CrmTargetKind).inSingletonScope();
  bind(TOKENS.Startable).to(CrmConfigCheck).inSingletonScope();
  // One kit dispatcher per CRM target, closed when lendwire stops.
  bind(CRM_TOKENS.CrmDispatchers).toConstantValue(new DispatcherPool('crm-http'));
  bind(TOKENS.Startable).toService(CRM_TOKENS.CrmDispatchers);
});
