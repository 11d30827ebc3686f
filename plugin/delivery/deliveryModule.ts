import { ContainerModule, type interfaces } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { DeliveryTargetKind } from './DeliveryTargetKind.js';
import { resolveDeliverySettings } from './DeliverySettings.js';
import { OutboundGuard } from '../outbound/OutboundGuard.js';
import { DeliveryQueue } from './DeliveryQueue.js';
import { DeliveryMetrics } from './DeliveryMetrics.js';
import { SubscriptionStore } from '../webhooks/SubscriptionStore.js';
import { TargetStateStore } from './TargetStateStore.js';
import { EndpointGate } from './EndpointGate.js';
import { SubscriptionTargetKind } from '../webhooks/SubscriptionTargetKind.js';
import { SubscriptionService } from '../webhooks/SubscriptionService.js';
import { DeliveryService } from './DeliveryService.js';
import { DeliveryProcessor } from './DeliveryProcessor.js';
import { DeliveryWorker } from './DeliveryWorker.js';
import { DeliveryReconciler } from './DeliveryReconciler.js';
import { ManifestSubscriptionSync } from '../webhooks/ManifestSubscriptionSync.js';
import { OutboxRelay } from './outbox/OutboxRelay.js';
import { outboxHealthCheck } from './outbox/outboxHealthCheck.js';

type Ctx = interfaces.Context;
const schemaOf = (ctx: Ctx) => ctx.container.get(TOKENS.Config).schema;
const kindsOf = (ctx: Ctx) => () => (ctx.container.isBound(TOKENS.DeliveryTargetKinds) ? ctx.container.getAll<DeliveryTargetKind>(TOKENS.DeliveryTargetKinds) : []);
/** One store per container, so changes made through the API are seen by this process' worker at once. */
const stores = new WeakMap<object, SubscriptionStore>();
const subscriptionStore = (ctx: Ctx) => {
  let store = stores.get(ctx.container);
  if (!store) stores.set(ctx.container, (store = new SubscriptionStore(ctx.container.get(TOKENS.Knex), schemaOf(ctx))));
  return store;
};
const targetStates = (ctx: Ctx) => new TargetStateStore(ctx.container.get(TOKENS.Knex), schemaOf(ctx));
const logger = (ctx: Ctx, component: string) => ctx.container.get(TOKENS.Logger).child({ component });

/**
 * The outbound delivery engine: webhook subscriptions as a target kind, the
 * outbox relay, the delivery worker, the reconciler, and the run-time
 * subscription / delivery services.
 */
export const deliveryModule = new ContainerModule((bind) => {
  bind(TOKENS.DeliverySettings).toDynamicValue((ctx) => {
    const manifest = ctx.container.get(TOKENS.Manifest);
    const settings = resolveDeliverySettings(manifest.delivery);
    // runtime.concurrency.deliveries (like .submissions and .callbacks) wins over delivery.concurrency.
    const perQueue = manifest.runtime?.concurrency?.deliveries;
    return perQueue ? { ...settings, concurrency: perQueue } : settings;
  });
  bind(TOKENS.OutboundGuard).toDynamicValue((ctx) => new OutboundGuard(ctx.container.get(TOKENS.Manifest).security));
  bind(TOKENS.DeliveryQueue).toDynamicValue((ctx) => new DeliveryQueue(ctx.container.get(TOKENS.Queues)));
  bind(TOKENS.DeliveryMetrics).toDynamicValue((ctx) => new DeliveryMetrics(ctx.container.get(TOKENS.Metrics)));

  bind(TOKENS.DeliveryTargetKinds).toDynamicValue(
    (ctx) =>
      new SubscriptionTargetKind({
        store: subscriptionStore(ctx),
        transports: ctx.container.get(TOKENS.Transports),
        signatureSchemes: ctx.container.get(TOKENS.SignatureSchemes),
        guard: ctx.container.get(TOKENS.OutboundGuard),
        sealer: ctx.container.get(TOKENS.Sealer),
        secrets: ctx.container.get(TOKENS.Secrets),
        settings: ctx.container.get(TOKENS.DeliverySettings),
        logger: logger(ctx, 'webhooks'),
        clock: ctx.container.get(TOKENS.Clock),
      }),
  );

  bind(TOKENS.Subscriptions).toDynamicValue(
    (ctx) =>
      new SubscriptionService({
        knex: ctx.container.get(TOKENS.Knex),
        schema: schemaOf(ctx),
        store: subscriptionStore(ctx),
        targets: targetStates(ctx),
        queue: ctx.container.get(TOKENS.DeliveryQueue),
        guard: ctx.container.get(TOKENS.OutboundGuard),
        sealer: ctx.container.get(TOKENS.Sealer),
        secrets: ctx.container.get(TOKENS.Secrets),
        transports: ctx.container.get(TOKENS.Transports),
        signatureSchemes: ctx.container.get(TOKENS.SignatureSchemes),
        clock: ctx.container.get(TOKENS.Clock),
      }),
  );
  bind(TOKENS.Deliveries).toDynamicValue(
    (ctx) => new DeliveryService({ knex: ctx.container.get(TOKENS.Knex), schema: schemaOf(ctx), queue: ctx.container.get(TOKENS.DeliveryQueue), kinds: kindsOf(ctx) }),
  );
  bind(TOKENS.DeliveryReconciler).toDynamicValue(
    (ctx) =>
      new DeliveryReconciler({
        knex: ctx.container.get(TOKENS.Knex),
        schema: schemaOf(ctx),
        queue: ctx.container.get(TOKENS.DeliveryQueue),
        targets: targetStates(ctx),
        metrics: ctx.container.get(TOKENS.DeliveryMetrics),
        settings: ctx.container.get(TOKENS.DeliverySettings),
        logger: logger(ctx, 'delivery-reconciler'),
        clock: ctx.container.get(TOKENS.Clock),
        retentionDays: ctx.container.get(TOKENS.Manifest).retention.deliveriesDays,
      }),
  );

  // Started in this order (stopped in reverse): subscriptions first, then the worker, relay and reconciler.
  bind(TOKENS.Startable).toDynamicValue(
    (ctx) =>
      new ManifestSubscriptionSync({
        knex: ctx.container.get(TOKENS.Knex),
        schema: schemaOf(ctx),
        manifest: ctx.container.get(TOKENS.Manifest),
        store: subscriptionStore(ctx),
        targets: targetStates(ctx),
        queue: ctx.container.get(TOKENS.DeliveryQueue),
        guard: ctx.container.get(TOKENS.OutboundGuard),
        logger: logger(ctx, 'subscriptions'),
      }),
  );
  bind(TOKENS.Startable).toDynamicValue((ctx) => {
    const config = ctx.container.get(TOKENS.Config);
    const processor = new DeliveryProcessor({
      knex: ctx.container.get(TOKENS.Knex),
      schema: config.schema,
      redis: ctx.container.get(TOKENS.Redis),
      redisPrefix: config.queuePrefix,
      kinds: kindsOf(ctx),
      targets: targetStates(ctx),
      gate: new EndpointGate(ctx.container.get(TOKENS.Redis), config.queuePrefix),
      settings: ctx.container.get(TOKENS.DeliverySettings),
      metrics: ctx.container.get(TOKENS.DeliveryMetrics),
      clock: ctx.container.get(TOKENS.Clock),
    });
    return new DeliveryWorker(ctx.container.get(TOKENS.Queues), processor, ctx.container.get(TOKENS.DeliverySettings));
  });
  bind(TOKENS.Startable).toDynamicValue(
    (ctx) =>
      new OutboxRelay({
        knex: ctx.container.get(TOKENS.Knex),
        schema: schemaOf(ctx),
        kinds: kindsOf(ctx),
        queue: ctx.container.get(TOKENS.DeliveryQueue),
        logger: logger(ctx, 'outbox-relay'),
        pollIntervalMs: ctx.container.get(TOKENS.DeliverySettings).relayPollIntervalMs,
      }),
  );
  bind(TOKENS.Startable).toDynamicValue((ctx) => ctx.container.get(TOKENS.DeliveryReconciler));
  bind(TOKENS.HealthCheck).toDynamicValue((ctx) => outboxHealthCheck(ctx.container.get(TOKENS.Knex), schemaOf(ctx)));
});
