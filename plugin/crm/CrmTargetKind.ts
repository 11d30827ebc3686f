import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { CrmConfig, Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Metrics } from '../observability/Metrics.js';
import type { CrmAdapter, CrmSyncOperation } from '../sdk/CrmAdapter.js';
import type { DeliveryOutcome } from '../sdk/DeliveryOutcome.js';
import type { DeliverableEvent, DeliveryAttemptInfo, DeliveryTargetKind, TargetPolicy } from '../delivery/DeliveryTargetKind.js';
import { readCrmMapping, type CrmMapping } from './CrmMapping.js';
import { mapEvent } from './mapEvent.js';
import { crmFollows } from './crmFollows.js';
import { loadApplicationSnapshot } from './loadApplicationSnapshot.js';
import { retryScheduleMs } from '../kernel/retrySchedule.js';
import { responseExcerpt } from '../outbound/crm/crmOutcomes.js';
import { KeyedSerializer } from './KeyedSerializer.js';
import { dropSuperseded } from './dropSuperseded.js';
import type { CrmTargetStateStore } from './CrmTargetStateStore.js';
import { CRM_TOKENS } from './tokens.js';
import type { DispatcherPool } from '../outbound/DispatcherPool.js';
import { createOutboundDispatcher } from '../outbound/createOutboundDispatcher.js';
import { TRUSTED_ENDPOINTS } from '../outbound/trustedEndpoints.js';

const DEFAULT_TIMEOUT_MS = 15_000;
const FALLBACK_RATE_LIMIT = { perSecond: 5, burst: 10 };
const RECENT_PER_DEAL = 5;
const RECENT_DEALS = 10_000;

interface SentEvent {
  outboxId: number;
  eventId: string;
  operation: CrmSyncOperation;
}

/**
 * The manifest's `crm[]` targets as a kind of delivery target: CRM updates are
 * deliveries (same attempt log, retries, dead letters and replay). `send` runs
 * the mapping engine on the event and hands the operation to the target's adapter.
 */
@injectable()
export class CrmTargetKind implements DeliveryTargetKind {
  readonly kind = 'crm';
  private readonly mappings = new Map<string, CrmMapping>();
  private readonly serializer = new KeyedSerializer();
  /** Events this process synced lately, per target and application (bounded). */
  private readonly recentlySent = new Map<string, SentEvent[]>();
  private readonly schema: string;
  private readonly logger: Logger;

  constructor(
    @inject(TOKENS.Manifest) private readonly manifest: Manifest,
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.CrmAdapters) private readonly crms: ExtensionPoint<CrmAdapter>,
    @inject(TOKENS.Secrets) private readonly secrets: SecretResolver,
    @inject(TOKENS.Metrics) private readonly metrics: Metrics,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(CRM_TOKENS.CrmTargetState) private readonly state: CrmTargetStateStore,
    @inject(CRM_TOKENS.CrmDispatchers) private readonly dispatchers: DispatcherPool,
  ) {
    this.schema = config.schema;
    this.logger = logger.child({ component: 'crm' });
    for (const crm of manifest.crm) this.mappings.set(crm.id, readCrmMapping(crm));
  }

  private target(id: string): CrmConfig | undefined {
    return this.manifest.crm.find((c) => c.id === id);
  }

  async targetsFor(event: { type: string; applicationId: string | null; dealerId: string | null }): Promise<string[]> {
    if (!event.applicationId) return [];
    return this.manifest.crm.filter((crm) => crmFollows(event.type, this.mappings.get(crm.id)!)).map((crm) => crm.id);
  }

  async policy(targetId: string): Promise<TargetPolicy | null> {
    const crm = this.target(targetId);
    if (!crm) return null;
    const paused = crm.enabled ? await this.state.pausedState(crm) : null;
    const adapter = this.crms.has(crm.adapter) ? this.crms.get(crm.adapter) : undefined;
    const rate = adapter?.defaultRateLimit ?? FALLBACK_RATE_LIMIT;
    const policy: TargetPolicy = {
      enabled: crm.enabled && !paused,
      disabledReason: !crm.enabled ? 'disabled in the manifest (crm[].enabled = false)' : (paused?.disabledReason ?? null),
      retryScheduleMs: retryScheduleMs(crm.retry?.schedule ?? this.manifest.delivery?.retrySchedule),
      rateLimit: { perSecond: crm.rateLimit?.perSecond ?? rate.perSecond, burst: crm.rateLimit?.burst ?? rate.burst },
    };
    return policy;
  }

  async send(event: DeliverableEvent, attempt: DeliveryAttemptInfo): Promise<DeliveryOutcome> {
    return this.serializer.run(this.keyOf(attempt.targetId, event), () => this.sendNow(event, attempt));
  }

  private keyOf(targetId: string, event: DeliverableEvent): string {
    return `${targetId}|${event.applicationId ?? event.eventId}`;
  }

  private remember(key: string, sent: SentEvent): void {
    const list = [...(this.recentlySent.get(key) ?? []), sent].slice(-RECENT_PER_DEAL);
    this.recentlySent.delete(key); // re-insert: the map's order is least recently used first
    this.recentlySent.set(key, list);
    if (this.recentlySent.size > RECENT_DEALS) this.recentlySent.delete(this.recentlySent.keys().next().value!);
  }

  /** Newer events about the same application this target has already synced, oldest first. */
  private async newerSynced(targetId: string, event: DeliverableEvent): Promise<{ outbox_id: string | number; event_id: string; type: string; payload: Record<string, unknown>; created_at: Date; dealer_id: string | null }[]> {
    if (!event.applicationId) return [];
    return this.knex
      .withSchema(this.schema)
      .table('deliveries as d')
      .join('outbox as o', 'o.id', 'd.outbox_id')
      .where({ 'd.target_kind': this.kind, 'd.target_id': targetId, 'd.application_id': event.applicationId, 'd.status': 'succeeded' })
      .where('d.outbox_id', '>', event.outboxId)
      .orderBy('d.outbox_id')
      .select('d.outbox_id', 'o.event_id', 'o.type', 'o.payload', 'o.created_at', 'o.dealer_id');
  }

  private async sendNow(event: DeliverableEvent, attempt: DeliveryAttemptInfo): Promise<DeliveryOutcome> {
    const crm = this.target(attempt.targetId);
    if (!crm) return { result: 'permanent', code: 'E_TARGET_GONE', message: `CRM target ${attempt.targetId} is no longer in the manifest` };
    if (!this.crms.has(crm.adapter)) return { result: 'retryable', code: 'E_ADAPTER', message: `CRM adapter "${crm.adapter}" is not registered in this process` };
    const adapter = this.crms.get(crm.adapter);
    const logger = this.logger.child({ crmTarget: crm.id, deliveryId: attempt.deliveryId, eventId: event.eventId });

    const configProblems = adapter.checkConfig?.(crm) ?? [];
    if (configProblems.length) {
      const list = configProblems.map((p) => `/crm/${this.manifest.crm.indexOf(crm)}${p.path}: ${p.message}`).join('; ');
      return { result: 'permanent', code: 'E_CRM_CONFIG', message: `CRM target "${crm.id}" is misconfigured: ${list}`, disableTarget: true };
    }

    const application = event.applicationId ? await loadApplicationSnapshot(this.knex, this.schema, event.applicationId) : null;
    const mapping = this.mappings.get(crm.id) ?? readCrmMapping(crm);
    const mapped = mapEvent({ eventId: event.eventId, type: event.type, timestamp: event.timestamp, applicationId: event.applicationId, dealerId: event.dealerId, data: event.data, application }, mapping);
    const warnings = mapped.warnings.map((w) => w.message);
    if (warnings.length) logger.warn({ warnings }, 'some mapped fields could not be converted and were left out');
    let note = warnings.length ? `; left out: ${warnings.join('; ')}` : '';
    if (mapped.kind === 'skip') {
      this.count(crm, 'skipped');
      return { result: 'delivered', responseExcerpt: responseExcerpt(`skipped, nothing sent to the CRM: ${mapped.reason}${note}`) };
    }
    // A retry that comes after newer events were synced must not move the deal back to an older stage or older terms.
    // Synced here a moment ago but perhaps not recorded yet (the engine commits after send returns), or recorded by another process.
    const key = this.keyOf(crm.id, event);
    const recent = (this.recentlySent.get(key) ?? []).filter((r) => r.outboxId > event.outboxId);
    const newer = [
      ...recent,
      ...(await this.newerSynced(crm.id, event))
        .filter((row) => !recent.some((r) => r.eventId === row.event_id))
        .flatMap((row) => {
          const m = mapEvent(
            { eventId: row.event_id, type: row.type, timestamp: new Date(row.created_at).toISOString(), applicationId: event.applicationId, dealerId: row.dealer_id, data: row.payload, application },
            mapping,
          );
          return m.kind === 'operation' ? [{ outboxId: Number(row.outbox_id), eventId: row.event_id, operation: m.operation }] : [];
        }),
    ].sort((a, b) => a.outboxId - b.outboxId);
    let operation = mapped.operation;
    let supersededNote = '';
    if (newer.length) {
      const { operation: rest, dropped } = dropSuperseded(operation, newer.map((n) => n.operation));
      operation = rest;
      if (dropped.length) supersededNote = `; not sent (newer event ${newer[newer.length - 1].eventId} already synced): ${dropped.join(', ')}`;
      if (operation.stage === undefined && Object.keys(operation.properties).length === 0 && operation.tasks.length === 0) {
        this.count(crm, 'skipped');
        return { result: 'delivered', responseExcerpt: responseExcerpt(`skipped, nothing sent to the CRM: newer events (${newer.map((r) => r.eventId).join(', ')}) have already been synced`) };
      }
    }

    note += supersededNote;
    let outcome: DeliveryOutcome;
    try {
      outcome = await adapter.sync(operation, crm, {
        logger,
        secret: (ref) => this.secrets.reveal(ref),
        timeoutMs: crm.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        metrics: this.metrics,
        // CRM endpoints come from the manifest: no address guard (see plugin/outbound/README.md).
        dispatcher: this.dispatchers.get(crm.id, () => createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS })),
      });
    } catch (err) {
      // An adapter must classify its failures; one that throws is treated as a transient bug, not as a CRM verdict.
      logger.error({ err }, 'CRM adapter threw instead of returning an outcome');
      outcome = { result: 'retryable', code: 'E_ADAPTER', message: `CRM adapter "${crm.adapter}" failed: ${(err as Error)?.message ?? String(err)}` };
    }
    this.count(crm, outcome.result);
    if (outcome.result === 'delivered') this.remember(key, { outboxId: event.outboxId, eventId: event.eventId, operation: mapped.operation });
    if (outcome.result === 'delivered' && note) return { ...outcome, responseExcerpt: responseExcerpt(`${outcome.responseExcerpt ?? ''}${note}`) };
    return outcome;
  }

  async disable(targetId: string, reason: string, trx: Knex.Transaction): Promise<boolean> {
    const crm = this.target(targetId);
    if (!crm) return false;
    return this.state.pause(trx, crm, reason);
  }

  private count(crm: CrmConfig, result: string): void {
    this.metrics
      .counter({ name: 'lendwire_crm_syncs_total', help: 'CRM sync attempts by target and outcome', labelNames: ['target', 'adapter', 'result'] })
      .inc({ target: crm.id, adapter: crm.adapter, result });
  }
}
