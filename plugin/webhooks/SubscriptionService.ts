import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { newUlid } from '../security/newUlid.js';
import type { Clock } from '../kernel/Clock.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import { ConflictError, NotFoundError } from '../errors/index.js';
import type { Sealer } from '../security/Sealer.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Transport } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';
import type { DeliveryQueue } from '../delivery/DeliveryQueue.js';
import type { OutboundGuard } from '../outbound/OutboundGuard.js';
import type { TargetStateStore } from '../delivery/TargetStateStore.js';
import type { SubscriptionStore, SubscriptionColumns } from './SubscriptionStore.js';
import { DEFAULT_RATE_LIMIT, DEFAULT_SIGNATURE_SCHEME, DEFAULT_TIMEOUT_MS, toSubscriptionView, type SubscriptionRecord, type SubscriptionView } from './SubscriptionRecord.js';
import { currentSecret, generateWebhookSecret, ROTATION_OVERLAP_MS } from './subscriptionSecrets.js';
import { transportSubscriptionProblems } from './transportSubscriptionProblems.js';
import { validateSubscriptionInput, validateSubscriptionPatch, type InputChecks, type SubscriptionInput, type SubscriptionPatch } from './validateSubscriptionInput.js';
import { newDeliveryId } from '../delivery/fanOut.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { Actor } from '../audit/Actor.js';
import { DELIVERY_TOKENS } from '../delivery/tokens.js';
import { WEBHOOKS_TOKENS } from './tokens.js';
import type { EventType } from '../events/eventTypes.js';

/** Written to the outbox directly (not through appendEvent): typed so it stays one of EVENT_TYPES. */
const TEST_EVENT_TYPE: EventType = 'webhook.test';

/** Fields of a manifest subscription that only the manifest may change. */
const MANIFEST_OWNED: (keyof SubscriptionPatch)[] = ['url', 'events', 'signature', 'transport', 'transportSettings', 'rateLimit', 'retrySchedule', 'timeoutMs'];

/**
 * Subscriptions at run time (`lendwire.subscriptions`): create, update,
 * enable/disable, rotate the secret, send a test event. Secrets of API-created
 * subscriptions are stored sealed (AES-256-GCM) and shown once, on creation or rotation.
 */
@injectable()
export class SubscriptionService {
  private readonly schema: string;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(WEBHOOKS_TOKENS.SubscriptionStore) private readonly store: SubscriptionStore,
    @inject(DELIVERY_TOKENS.TargetStates) private readonly targets: TargetStateStore,
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @inject(WEBHOOKS_TOKENS.OutboundGuard) private readonly guard: OutboundGuard,
    @inject(TOKENS.Sealer) private readonly sealer: Sealer,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
    @inject(TOKENS.Transports) private readonly transports: ExtensionPoint<Transport>,
    @inject(TOKENS.SignatureSchemes) private readonly signatureSchemes: ExtensionPoint<SignatureScheme>,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.schema = config.schema;
  }

  private get checks(): InputChecks {
    return {
      urlProblem: (url) => this.guard.urlProblem(url),
      transportProblem: (id) => this.transports.unknownProblem(id),
      signatureProblem: (name) => this.signatureSchemes.unknownProblem(name),
      transportProblems: (transport, url, settings) =>
        transportSubscriptionProblems(this.transports.has(transport) ? this.transports.get(transport) : undefined, { url, settings, hasSecret: true }, this.guard),
    };
  }

  private async require(id: string, db?: Knex.Transaction): Promise<SubscriptionRecord> {
    const s = db ? await this.store.getForUpdate(db, id) : await this.store.get(id);
    if (!s) throw new NotFoundError(`No subscription "${id}"`);
    return s;
  }

  private view(s: SubscriptionRecord): SubscriptionView {
    return toSubscriptionView(s, this.clock.now());
  }

  async list(): Promise<SubscriptionView[]> {
    return (await this.store.list()).map((s) => this.view(s));
  }

  async get(id: string): Promise<SubscriptionView> {
    return this.view(await this.require(id));
  }

  /** Creates a subscription; the answer holds its secret, which is never shown again. */
  async create(input: SubscriptionInput, { actor }: Actor): Promise<{ subscription: SubscriptionView; secret: string }> {
    const valid = validateSubscriptionInput(input, this.checks);
    if (!this.sealer.enabled) throw new ConflictError('Cannot store a subscription secret: the manifest has no security.encryption keys');
    const id = valid.id ?? `sub_${newUlid().toLowerCase()}`;
    const secret = valid.secret ?? generateWebhookSecret();
    const columns: SubscriptionColumns = {
      source: 'api',
      url: valid.url,
      events: valid.events,
      transport: valid.transport ?? 'webhook',
      transport_settings: valid.transportSettings ?? null,
      signature: valid.signature ?? DEFAULT_SIGNATURE_SCHEME,
      secret_sealed: this.sealer.seal(secret),
      rate_limit: valid.rateLimit ?? DEFAULT_RATE_LIMIT,
      retry: valid.retrySchedule ? { schedule: valid.retrySchedule } : null,
      timeout_ms: valid.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      enabled: valid.enabled ?? true,
      disabled_reason: valid.enabled === false ? 'created disabled' : null,
    };
    await this.knex.transaction(async (trx) => {
      if (await this.store.get(id, trx)) throw new ConflictError(`A subscription "${id}" already exists`);
      await this.store.insert(trx, id, columns);
      await recordAudit(trx, this.schema, { actor, action: 'subscription.create', targetType: 'subscription', targetId: id, details: { url: valid.url, events: valid.events } });
    });
    return { subscription: await this.get(id), secret };
  }

  async update(id: string, patch: SubscriptionPatch, { actor }: Actor): Promise<SubscriptionView> {
    const valid = validateSubscriptionPatch(patch, this.checks, await this.require(id));
    const { enabled, ...rest } = valid;
    await this.knex.transaction(async (trx) => {
      const s = await this.require(id, trx);
      const owned = MANIFEST_OWNED.filter((k) => k in rest);
      if (s.source === 'manifest' && owned.length) {
        throw new ConflictError(`Subscription "${id}" is defined in the manifest; change ${owned.join(', ')} there`);
      }
      const columns: SubscriptionColumns = {};
      if (rest.url !== undefined) columns.url = rest.url;
      if (rest.events !== undefined) columns.events = rest.events;
      if (rest.signature !== undefined) columns.signature = rest.signature;
      if (rest.transport !== undefined) columns.transport = rest.transport;
      if (rest.transportSettings !== undefined) columns.transport_settings = rest.transportSettings;
      if (rest.rateLimit !== undefined) columns.rate_limit = rest.rateLimit;
      if (rest.retrySchedule !== undefined) columns.retry = { schedule: rest.retrySchedule };
      if (rest.timeoutMs !== undefined) columns.timeout_ms = rest.timeoutMs;
      if (Object.keys(columns).length) await this.store.update(trx, id, columns);
      await recordAudit(trx, this.schema, { actor, action: 'subscription.update', targetType: 'subscription', targetId: id, details: { ...rest } });
    });
    if (enabled === true) return this.enable(id, { actor });
    if (enabled === false) return this.disable(id, 'disabled by an operator', { actor });
    return this.get(id);
  }

  async disable(id: string, reason: string, { actor }: Actor): Promise<SubscriptionView> {
    await this.knex.transaction(async (trx) => {
      const s = await this.require(id, trx);
      if (s.enabled) await this.store.update(trx, id, { enabled: false, disabled_reason: reason || 'disabled by an operator', disabled_at: this.clock.now() });
      await recordAudit(trx, this.schema, { actor, action: 'subscription.disable', targetType: 'subscription', targetId: id, details: { reason } });
    });
    return this.get(id);
  }

  /** Enables the subscription and sends what waited while it was disabled. */
  async enable(id: string, { actor }: Actor): Promise<SubscriptionView> {
    const resumed = await this.knex.transaction(async (trx) => {
      await this.require(id, trx);
      await this.store.update(trx, id, { enabled: true, disabled_reason: null, disabled_at: null });
      const ids = await this.targets.resume(trx, { kind: 'subscription', id });
      await recordAudit(trx, this.schema, { actor, action: 'subscription.enable', targetType: 'subscription', targetId: id, details: { resumedDeliveries: ids.length } });
      return ids;
    });
    await this.queue.enqueue(resumed.map((d) => ({ id: d })));
    return this.get(id);
  }

  /**
   * Replaces the signing secret. The previous one keeps signing alongside the
   * new one for 24 hours, so receivers can switch without dropping a message.
   */
  async rotateSecret(id: string, { actor }: Actor): Promise<{ secret: string; previousSecretValidUntil: string }> {
    if (!this.sealer.enabled) throw new ConflictError('Cannot store a subscription secret: the manifest has no security.encryption keys');
    const secret = generateWebhookSecret();
    const until = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS);
    await this.knex.transaction(async (trx) => {
      const s = await this.require(id, trx);
      const previous = currentSecret(s, this.sealer, this.secrets);
      await this.store.update(trx, id, {
        secret_sealed: this.sealer.seal(secret),
        previous_secret_sealed: previous ? this.sealer.seal(previous) : null,
        previous_secret_expires_at: previous ? until : null,
      });
      await recordAudit(trx, this.schema, { actor, action: 'subscription.rotate_secret', targetType: 'subscription', targetId: id, details: { previousValidUntil: until.toISOString() } });
    });
    return { secret, previousSecretValidUntil: until.toISOString() };
  }

  /** Sends a `webhook.test` event to this subscription only (signed and logged like any delivery). */
  async sendTestEvent(id: string, { actor }: Actor): Promise<{ deliveryId: string; eventId: string }> {
    const s = await this.require(id);
    const eventId = `msg_${newUlid()}`;
    const deliveryId = newDeliveryId();
    await this.knex.transaction(async (trx) => {
      const [row] = await trx
        .withSchema(this.schema)
        .table('outbox')
        .insert({ event_id: eventId, type: TEST_EVENT_TYPE, payload: JSON.stringify({ subscriptionId: s.id, message: 'Test event sent from lendwire', requestedBy: actor }), relayed_at: trx.fn.now() })
        .returning(['id']);
      await trx.withSchema(this.schema).table('deliveries').insert({
        id: deliveryId,
        outbox_id: row.id,
        event_id: eventId,
        event_type: TEST_EVENT_TYPE,
        target_kind: 'subscription',
        target_id: s.id,
        status: 'pending',
        next_attempt_at: trx.fn.now(),
      });
      await recordAudit(trx, this.schema, { actor, action: 'subscription.test_event', targetType: 'subscription', targetId: s.id, details: { deliveryId, eventId } });
    });
    await this.queue.enqueue([{ id: deliveryId }]);
    return { deliveryId, eventId };
  }
}
