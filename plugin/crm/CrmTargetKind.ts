import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ExtensionPoint } from '../container/ExtensionPoint.js';
import type { CrmConfig, Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Metrics } from '../observability/Metrics.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { DeliveryOutcome } from '../sdk/DeliveryOutcome.js';
import type { DeliverableEvent, DeliveryAttemptInfo, DeliveryTargetKind, TargetPolicy } from '../delivery/DeliveryTargetKind.js';
import { readCrmMapping, type CrmMapping } from './CrmMapping.js';
import { mapEvent } from './mapEvent.js';
import { matchesEventType } from './matchesEventType.js';
import { loadApplicationSnapshot } from './loadApplicationSnapshot.js';
import { parseDuration } from './parseDuration.js';
import { responseExcerpt } from './http/crmOutcomes.js';
import { KeyedSerializer } from './KeyedSerializer.js';
import type { CrmTargetStateStore } from './CrmTargetStateStore.js';

export interface CrmKindDeps {
  manifest: Manifest;
  knex: Knex;
  schema: string;
  crms: ExtensionPoint<CrmAdapter>;
  secrets: SecretResolver;
  metrics: Metrics;
  logger: Logger;
  state: CrmTargetStateStore;
}

const DEFAULT_RETRY_SCHEDULE = ['1s', '5s', '30s', '5m', '30m', '2h', '6h', '24h', '24h'];
const DEFAULT_TIMEOUT_MS = 15_000;
const FALLBACK_RATE_LIMIT = { perSecond: 5, burst: 10 };

/**
 * The manifest's `crm[]` targets as a kind of delivery target: CRM updates are
 * deliveries (same attempt log, retries, dead letters and replay). `send` runs
 * the mapping engine on the event and hands the operation to the target's adapter.
 */
export class CrmTargetKind implements DeliveryTargetKind {
  readonly kind = 'crm';
  private readonly mappings = new Map<string, CrmMapping>();
  private readonly serializer = new KeyedSerializer();

  constructor(private readonly deps: CrmKindDeps) {
    for (const crm of deps.manifest.crm) this.mappings.set(crm.id, readCrmMapping(crm));
  }

  private target(id: string): CrmConfig | undefined {
    return this.deps.manifest.crm.find((c) => c.id === id);
  }

  async targetsFor(event: { type: string; applicationId: string | null; dealerId: string | null }): Promise<string[]> {
    if (!event.applicationId) return [];
    return this.deps.manifest.crm.filter((crm) => matchesEventType(event.type, this.mappings.get(crm.id)!.events)).map((crm) => crm.id);
  }

  async policy(targetId: string): Promise<TargetPolicy | null> {
    const crm = this.target(targetId);
    if (!crm) return null;
    const paused = crm.enabled ? await this.deps.state.pausedState(crm) : null;
    const adapter = this.deps.crms.has(crm.adapter) ? this.deps.crms.get(crm.adapter) : undefined;
    const defaultSchedule = (this.deps.manifest as { delivery?: { retrySchedule?: string[] } }).delivery?.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
    const rate = adapter?.defaultRateLimit ?? FALLBACK_RATE_LIMIT;
    const policy: TargetPolicy = {
      enabled: crm.enabled && !paused,
      disabledReason: !crm.enabled ? 'disabled in the manifest (crm[].enabled = false)' : (paused?.disabledReason ?? null),
      retryScheduleMs: (crm.retry?.schedule ?? defaultSchedule).map(parseDuration),
      rateLimit: { perSecond: crm.rateLimit?.perSecond ?? rate.perSecond, burst: crm.rateLimit?.burst ?? rate.burst },
    };
    return policy;
  }

  async send(event: DeliverableEvent, attempt: DeliveryAttemptInfo): Promise<DeliveryOutcome> {
    return this.serializer.run(`${attempt.targetId}|${event.applicationId ?? event.eventId}`, () => this.sendNow(event, attempt));
  }

  /** The id of a newer event about the same application this target has already synced, if any. */
  private async newerSynced(targetId: string, event: DeliverableEvent): Promise<string | undefined> {
    if (!event.applicationId) return undefined;
    const row = await this.deps.knex
      .withSchema(this.deps.schema)
      .table('deliveries')
      .where({ target_kind: this.kind, target_id: targetId, application_id: event.applicationId, status: 'succeeded' })
      .where('outbox_id', '>', event.outboxId)
      .first('event_id');
    return row?.event_id;
  }

  private async sendNow(event: DeliverableEvent, attempt: DeliveryAttemptInfo): Promise<DeliveryOutcome> {
    const crm = this.target(attempt.targetId);
    if (!crm) return { result: 'permanent', code: 'E_TARGET_GONE', message: `CRM target ${attempt.targetId} is no longer in the manifest` };
    if (!this.deps.crms.has(crm.adapter)) return { result: 'retryable', code: 'E_ADAPTER', message: `CRM adapter "${crm.adapter}" is not registered in this process` };
    const adapter = this.deps.crms.get(crm.adapter);
    const logger = this.deps.logger.child({ crmTarget: crm.id, deliveryId: attempt.deliveryId, eventId: event.eventId });

    const configProblems = adapter.checkConfig?.(crm) ?? [];
    if (configProblems.length) {
      const list = configProblems.map((p) => `/crm/${this.deps.manifest.crm.indexOf(crm)}${p.path}: ${p.message}`).join('; ');
      return { result: 'permanent', code: 'E_CRM_CONFIG', message: `CRM target "${crm.id}" is misconfigured: ${list}`, disableTarget: true };
    }

    const application = event.applicationId ? await loadApplicationSnapshot(this.deps.knex, this.deps.schema, event.applicationId) : null;
    const mapped = mapEvent(
      { eventId: event.eventId, type: event.type, timestamp: event.timestamp, applicationId: event.applicationId, dealerId: event.dealerId, data: event.data, application },
      this.mappings.get(crm.id) ?? readCrmMapping(crm),
    );
    const warnings = mapped.warnings.map((w) => w.message);
    if (warnings.length) logger.warn({ warnings }, 'some mapped fields could not be converted and were left out');
    const note = warnings.length ? `; left out: ${warnings.join('; ')}` : '';
    if (mapped.kind === 'skip') {
      this.count(crm, 'skipped');
      return { result: 'delivered', responseExcerpt: responseExcerpt(`skipped, nothing sent to the CRM: ${mapped.reason}${note}`) };
    }
    // A retry that comes after a newer event was synced must not move the deal back to an older stage or older terms.
    const newer = await this.newerSynced(crm.id, event);
    const operation = newer ? { ...mapped.operation, stage: undefined, properties: {} } : mapped.operation;
    if (newer && operation.tasks.length === 0) {
      this.count(crm, 'skipped');
      return { result: 'delivered', responseExcerpt: `skipped, nothing sent to the CRM: the newer event ${newer} has already been synced` };
    }

    let outcome: DeliveryOutcome;
    try {
      outcome = await adapter.sync(operation, crm, {
        logger,
        secret: (ref) => this.deps.secrets.reveal(ref),
        timeoutMs: crm.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        metrics: this.deps.metrics,
      });
    } catch (err) {
      // An adapter must classify its failures; one that throws is treated as a transient bug, not as a CRM verdict.
      logger.error({ err }, 'CRM adapter threw instead of returning an outcome');
      outcome = { result: 'retryable', code: 'E_ADAPTER', message: `CRM adapter "${crm.adapter}" failed: ${(err as Error)?.message ?? String(err)}` };
    }
    this.count(crm, outcome.result);
    if (outcome.result === 'delivered' && note) return { ...outcome, responseExcerpt: responseExcerpt(`${outcome.responseExcerpt ?? ''}${note}`) };
    return outcome;
  }

  async disable(targetId: string, reason: string, trx: Knex.Transaction): Promise<boolean> {
    const crm = this.target(targetId);
    if (!crm) return false;
    return this.deps.state.pause(trx, crm, reason);
  }

  private count(crm: CrmConfig, result: string): void {
    this.deps.metrics
      .counter({ name: 'lendwire_crm_syncs_total', help: 'CRM sync attempts by target and outcome', labelNames: ['target', 'adapter', 'result'] })
      .inc({ target: crm.id, adapter: crm.adapter, result });
  }
}
