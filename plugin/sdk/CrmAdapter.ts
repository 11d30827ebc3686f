import type { Dispatcher } from 'undici';
import type { AdapterContext } from './AdapterContext.js';
import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { CrmConfig } from '../manifest/Manifest.js';
import type { FieldProblem } from '../errors/index.js';
import type { AdapterSettingsSchema } from './AdapterSettingsSchema.js';
import type { Metrics } from '../observability/Metrics.js';

/**
 * A value the mapping engine has already checked against its declared type.
 * Adapters only format it for their wire (HubSpot strings and epoch-ms dates,
 * Salesforce ISO dates, Pipedrive strict numbers), they never re-parse it.
 * `date` is `YYYY-MM-DD`; `datetime` is an ISO 8601 instant in UTC. `null` clears the property.
 */
export type CrmValue =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'date'; value: string }
  | { type: 'datetime'; value: string }
  | { type: 'null'; value: null };

/** A follow-up for a person (HubSpot task, Salesforce Task, Pipedrive activity), tied to the deal. */
export interface CrmTask {
  subject: string;
  body?: string;
  /** When it is due, as `YYYY-MM-DD` and as an ISO instant (CRMs want one or the other). */
  dueDate: string;
  dueAt: string;
  priority?: 'low' | 'normal' | 'high';
}

/** How the deal is found: the CRM property holding our id, and what to do when it does not exist. */
export interface CrmDealLink {
  /** CRM property (HubSpot unique property, Salesforce external-id field, Pipedrive custom-field key) holding `value`. */
  property: string;
  /** Our application id or the host's externalRef, per `link.by`. */
  value: string;
  /** Create the deal when no deal has `property = value`; otherwise report it as a permanent failure. */
  create: boolean;
  /** Only used when creating: the deal's name, pipeline and expected close date. */
  name: string;
  pipeline?: string | number;
  /** Stage of a new deal when the event's status has no stage mapping (Salesforce requires one). */
  initialStage?: string | number;
  closeDate: string;
}

/** One CRM update computed from one event by the mapping engine (plugin/crm). */
export interface CrmSyncOperation {
  /** The event's id (`msg_<ulid>`): the same on every retry, usable as an idempotency key. */
  eventId: string;
  eventType: string;
  applicationId: string;
  deal: CrmDealLink;
  /** The CRM stage to move to; absent when the status has no mapping (the stage is left alone). */
  stage?: string | number;
  /** Mapped fields by CRM property name. */
  properties: Record<string, CrmValue>;
  /** Tasks to create and associate with the deal (from `actions`). */
  tasks: CrmTask[];
}

/** What a CRM adapter gets for one attempt besides its config. */
export interface CrmSyncContext extends AdapterContext {
  /** Per-request timeout (crm[].timeoutMs, default 15 s). */
  readonly timeoutMs: number;
  /** The plugin's metrics registry (e.g. for the CRM's API-usage headers). */
  readonly metrics: Metrics;
  /**
   * The target's outbound-kit dispatcher (no address guard: the manifest
   * names CRM endpoints), closed when lendwire stops. Pass it to crmFetch as
   * `dispatcher` so every call goes through the kit.
   */
  readonly dispatcher: Dispatcher;
}

/**
 * A CRM integration (HubSpot, Salesforce, Pipedrive...). `id` is what
 * `crm[].adapter` names; one adapter serves any number of manifest CRM targets.
 *
 * `sync` upserts the deal for the application (found by `operation.deal`),
 * sets its stage and mapped properties and creates the tasks. It never throws
 * for a CRM failure: it classifies it as `retryable`, `rateLimited(waitMs)` or
 * `permanent` (missing or revoked credentials: `permanent` with
 * `disableTarget: true`), and the delivery engine alone decides what happens next.
 * A retried sync must be safe: finding the deal by `deal.property` makes the
 * deal update idempotent.
 */
export interface CrmAdapter {
  readonly id: string;
  /** JSON Schema of the target's `credentials` and `options`, checked at start (see AdapterSettingsSchema). */
  readonly configSchema?: AdapterSettingsSchema;
  /** Checks the adapter-specific parts of a manifest CRM target; paths are relative to the target, e.g. `/link/property`. */
  checkConfig?(crm: CrmConfig): FieldProblem[];
  /** Rate limit used when the manifest does not set one (the CRM's documented API limit). */
  readonly defaultRateLimit?: { perSecond: number; burst: number };
  sync(operation: CrmSyncOperation, crm: CrmConfig, ctx: CrmSyncContext): Promise<DeliveryOutcome>;
}
