import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { DELIVERY_TOKENS } from './tokens.js';
import { DeliveryQueue } from './DeliveryQueue.js';
import { DeliveryMetrics } from './DeliveryMetrics.js';
import { TargetStateStore } from './TargetStateStore.js';
import { EndpointGate } from './EndpointGate.js';
import { DeliveryService } from './DeliveryService.js';
import { DeliveryProcessor } from './DeliveryProcessor.js';
import { DeliveryWorker } from './DeliveryWorker.js';
import { LocalDeliveries } from './LocalDeliveries.js';
import { DeliveryReconciler } from './DeliveryReconciler.js';
import { OutboxRelay } from './outbox/OutboxRelay.js';
import { OutboxHealthCheck } from './outbox/OutboxHealthCheck.js';

/**
 * The outbound delivery engine: the outbox relay, the delivery worker, the
 * reconciler and the run-time deliveries API. Target kinds (webhook
 * subscriptions, CRM targets) come from their own modules, multi-bound under
 * DELIVERY_TOKENS.DeliveryTargetKinds; the settings are bound by the composition root.
 */
export const deliveryModule = new ContainerModule(({ bind }) => {
  bind(DELIVERY_TOKENS.DeliveryQueue).to(DeliveryQueue).inSingletonScope();
  bind(DELIVERY_TOKENS.DeliveryMetrics).to(DeliveryMetrics).inSingletonScope();
  bind(DELIVERY_TOKENS.TargetStates).to(TargetStateStore).inSingletonScope();
  bind(DELIVERY_TOKENS.EndpointGate).to(EndpointGate).inSingletonScope();
  bind(DELIVERY_TOKENS.DeliveryProcessor).to(DeliveryProcessor).inSingletonScope();
  bind(DELIVERY_TOKENS.LocalDeliveries).to(LocalDeliveries).inSingletonScope();
  bind(DELIVERY_TOKENS.Deliveries).to(DeliveryService).inSingletonScope();
  bind(DELIVERY_TOKENS.DeliveryReconciler).to(DeliveryReconciler).inSingletonScope();

  // Started in this order (stopped in reverse), after the webhooks module's subscription sync: the worker, relay and reconciler.
  bind(TOKENS.Startable).to(DeliveryWorker).inSingletonScope();
  bind(TOKENS.Startable).to(OutboxRelay).inSingletonScope();
  bind(TOKENS.Startable).toService(DELIVERY_TOKENS.DeliveryReconciler);
  bind(TOKENS.HealthCheck).to(OutboxHealthCheck).inSingletonScope();
});
