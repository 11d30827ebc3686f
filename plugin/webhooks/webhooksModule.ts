import { ContainerModule } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { WEBHOOKS_TOKENS } from './tokens.js';
import { SubscriberGuard } from './SubscriberGuard.js';
import { SubscriptionStore } from './SubscriptionStore.js';
import { SubscriptionTargetKind } from './SubscriptionTargetKind.js';
import { SubscriptionService } from './SubscriptionService.js';
import { FileBatchStore } from './FileBatchStore.js';
import { ManifestSubscriptionSync } from './ManifestSubscriptionSync.js';
import { FileBatchRetention } from './FileBatchRetention.js';

/**
 * Webhook subscriptions: a kind of delivery target (matched by event filter,
 * sent signed through their transport), the run-time subscriptions API, and
 * the copy of the manifest's subscriptions into the table at start.
 */
export const webhooksModule = new ContainerModule(({ bind }) => {
  bind(WEBHOOKS_TOKENS.OutboundGuard).to(SubscriberGuard).inSingletonScope();
  bind(WEBHOOKS_TOKENS.SubscriptionStore).to(SubscriptionStore).inSingletonScope();
  bind(WEBHOOKS_TOKENS.Subscriptions).to(SubscriptionService).inSingletonScope();
  bind(WEBHOOKS_TOKENS.FileBatchStore).to(FileBatchStore).inSingletonScope();
  bind(DELIVERY_TOKENS.DeliveryTargetKinds).to(SubscriptionTargetKind).inSingletonScope();
  // Before the delivery worker starts: deliveries to manifest subscriptions need their rows.
  bind(TOKENS.Startable).to(ManifestSubscriptionSync).inSingletonScope();
  bind(TOKENS.Startable).to(FileBatchRetention).inSingletonScope();
});
