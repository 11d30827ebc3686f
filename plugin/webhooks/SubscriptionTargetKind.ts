import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { Clock } from '../kernel/Clock.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Sealer } from '../security/Sealer.js';
import type { DeliveryOutcome } from '../sdk/DeliveryOutcome.js';
import type { Transport, TransportContext } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';
import type { DeliverableEvent, DeliveryAttemptInfo, DeliveryTargetKind, TargetPolicy } from '../delivery/DeliveryTargetKind.js';
import type { DeliverySettings } from '../delivery/DeliverySettings.js';
import { parseDuration } from '../kernel/durations.js';
import { matchesEventType } from '../events/matchesEventType.js';
import type { OutboundGuard } from '../outbound/OutboundGuard.js';
import { signingSecrets } from './subscriptionSecrets.js';
import type { SubscriptionStore } from './SubscriptionStore.js';
import type { FileBatchStore } from './FileBatchStore.js';
import { LENDWIRE_VERSION } from '../kernel/lendwireVersion.js';
import { lazyChild } from '../observability/lazyChild.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { WEBHOOKS_TOKENS } from './tokens.js';

/** Webhook subscriptions as delivery targets: matched by event filter, sent through their transport. */
@injectable()
export class SubscriptionTargetKind implements DeliveryTargetKind {
  readonly kind = 'subscription';
  private readonly logger: Logger;

  constructor(
    @inject(WEBHOOKS_TOKENS.SubscriptionStore) private readonly store: SubscriptionStore,
    @inject(TOKENS.Transports) private readonly transports: ExtensionPoint<Transport>,
    @inject(TOKENS.SignatureSchemes) private readonly signatureSchemes: ExtensionPoint<SignatureScheme>,
    @inject(WEBHOOKS_TOKENS.OutboundGuard) private readonly guard: OutboundGuard,
    @inject(TOKENS.Sealer) private readonly sealer: Sealer,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
    @inject(DELIVERY_TOKENS.DeliverySettings) private readonly settings: DeliverySettings,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(WEBHOOKS_TOKENS.FileBatchStore) private readonly batches: FileBatchStore,
  ) {
    this.logger = logger.child({ component: 'webhooks' });
  }

  async targetsFor(event: { type: string }): Promise<string[]> {
    return (await this.targetsForMany([event]))[0];
  }

  async targetsForMany(events: { type: string }[], version?: string): Promise<string[][]> {
    const filters = await this.store.filters(version);
    return events.map((event) => filters.filter((f) => matchesEventType(event.type, f.events)).map((f) => f.id));
  }

  async policy(targetId: string): Promise<TargetPolicy | null> {
    const s = await this.store.getCached(targetId);
    if (!s) return null;
    return {
      enabled: s.enabled,
      disabledReason: s.disabledReason,
      retryScheduleMs: s.retrySchedule ? s.retrySchedule.map(parseDuration) : this.settings.retryScheduleMs,
      rateLimit: s.rateLimit,
      timeoutMs: s.timeoutMs,
    };
  }

  async send(event: DeliverableEvent, attempt: DeliveryAttemptInfo): Promise<DeliveryOutcome> {
    const { store, transports, signatureSchemes, guard, sealer, secrets, logger, clock } = this;
    const s = await store.getCached(attempt.targetId);
    if (!s) return { result: 'permanent', code: 'E_TARGET_GONE', message: `subscription ${attempt.targetId} no longer exists` };
    if (!transports.has(s.transport)) {
      return { result: 'retryable', code: 'E_TRANSPORT', message: `transport "${s.transport}" is not registered in this process` };
    }
    if (!signatureSchemes.has(s.signature)) {
      return { result: 'retryable', code: 'E_SIGNATURE', message: `signature scheme "${s.signature}" is not registered in this process` };
    }
    const now = clock.now();
    const envelope = { type: event.type, timestamp: event.timestamp, data: event.data };
    const ctx: TransportContext = {
      logger: lazyChild(logger, { subscriptionId: s.id, deliveryId: attempt.deliveryId }),
      secret: (ref) => secrets.reveal(ref),
      dispatcher: guard.dispatcher,
      userAgent: `lendwire/${LENDWIRE_VERSION}`,
      urlProblem: (url) => guard.urlProblem(url),
      signatureScheme: (name) => signatureSchemes.get(name),
      lookup: guard.lookup,
      batches: this.batches.forSubscription(s.id),
    };
    return transports.get(s.transport).send(
      { id: event.eventId, type: event.type, sentAt: now, body: JSON.stringify(envelope), envelope },
      { id: s.id, url: s.url, timeoutMs: s.timeoutMs, signature: s.signature, secrets: signingSecrets(s, sealer, secrets, now), settings: s.transportSettings },
      ctx,
    );
  }

  async disable(targetId: string, reason: string, trx: Knex.Transaction): Promise<boolean> {
    const s = await this.store.getForUpdate(trx, targetId);
    if (!s || !s.enabled) return false;
    await this.store.update(trx, targetId, { enabled: false, disabled_reason: reason, disabled_at: this.clock.now() });
    return true;
  }
}
