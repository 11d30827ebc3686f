import type { interfaces } from 'inversify';
import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LendwireConfig } from './LendwireConfig.js';
import type { RuntimeSettings } from './RuntimeSettings.js';
import type { HealthCheck, Startable } from './lifecycle.js';
import type { ExtensionPoint } from './ExtensionPoint.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import type { Metrics } from '../observability/Metrics.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import type { AuthHook } from '../http/auth.js';
import type { RouteContributor } from '../http/RouteContributor.js';
import type { LenderAdapter } from '../sdk/LenderAdapter.js';
import type { CrmAdapter } from '../sdk/CrmAdapter.js';
import type { Transport } from '../sdk/Transport.js';
import type { Clock } from './Clock.js';
import type { DeliveryTargetKind } from '../delivery/DeliveryTargetKind.js';
import type { CrmTargetStateStore } from '../crm/CrmTargetStateStore.js';
import type { CrmTargetService } from '../crm/CrmTargetService.js';
import type { Sealer } from '../security/Sealer.js';
import type { ApplicationService } from '../applications/ApplicationService.js';
import type { SubmissionQueue } from '../submissions/SubmissionQueue.js';
import type { SubmissionTuning } from '../submissions/SubmissionTuning.js';
import type { LenderDirectory } from '../lenders/LenderDirectory.js';
import type { RawCallbackStore } from '../callbacks/RawCallbackStore.js';
import type { CallbackQueue } from '../callbacks/CallbackQueue.js';
import type { CallbackMetrics } from '../callbacks/CallbackMetrics.js';
import type { CallbackProcessor } from '../callbacks/CallbackProcessor.js';
import type { CallbackReviewApi } from '../callbacks/CallbackReview.js';

import type { DeliverySettings } from '../delivery/DeliverySettings.js';
import type { OutboundGuard } from '../outbound/OutboundGuard.js';
import type { DispatcherPool } from '../outbound/DispatcherPool.js';
import type { DeliveryQueue } from '../delivery/DeliveryQueue.js';
import type { DeliveryMetrics } from '../delivery/DeliveryMetrics.js';
import type { SubscriptionService } from '../webhooks/SubscriptionService.js';
import type { DeliveryService } from '../delivery/DeliveryService.js';
import type { DeliveryReconciler } from '../delivery/DeliveryReconciler.js';

import type { AlertSettings } from '../alerts/AlertSettings.js';
import type { IdleSettings } from '../applications/idle/IdleSettings.js';

type Id<T> = interfaces.ServiceIdentifier<T>;

/** Every service the plugin's container knows, as typed symbols. */
export const TOKENS = {
  Config: Symbol('lendwire.Config') as Id<LendwireConfig>,
  /** Sweep intervals, grace periods, job locks and the request deadline (manifest runtime.*). */
  RuntimeSettings: Symbol('lendwire.RuntimeSettings') as Id<RuntimeSettings>,
  Manifest: Symbol('lendwire.Manifest') as Id<Manifest>,
  Secrets: Symbol('lendwire.Secrets') as Id<SecretResolver>,
  Knex: Symbol('lendwire.Knex') as Id<Knex>,
  Redis: Symbol('lendwire.Redis') as Id<Redis>,
  Logger: Symbol('lendwire.Logger') as Id<Logger>,
  Metrics: Symbol('lendwire.Metrics') as Id<Metrics>,
  Clock: Symbol('lendwire.Clock') as Id<Clock>,
  Auth: Symbol('lendwire.Auth') as Id<AuthHook>,
  Queues: Symbol('lendwire.Queues') as Id<QueueFactory>,
  LenderAdapters: Symbol('lendwire.LenderAdapters') as Id<ExtensionPoint<LenderAdapter>>,
  CrmAdapters: Symbol('lendwire.CrmAdapters') as Id<ExtensionPoint<CrmAdapter>>,
  Transports: Symbol('lendwire.Transports') as Id<ExtensionPoint<Transport>>,
  /** Multi-bound: background components started and stopped with the plugin. */
  Startable: Symbol('lendwire.Startable') as Id<Startable>,
  /** Multi-bound: lines of GET /health. */
  HealthCheck: Symbol('lendwire.HealthCheck') as Id<HealthCheck>,
  /** Multi-bound: HTTP routes added to the plugin's router. */
  Routes: Symbol('lendwire.Routes') as Id<RouteContributor>,
  /** Multi-bound: kinds of outbound delivery targets (webhook subscriptions, CRMs). */
  DeliveryTargetKinds: Symbol('lendwire.DeliveryTargetKinds') as Id<DeliveryTargetKind>,
  /** AES-256-GCM sealing of data at rest (PII, API-created secrets), keys from `security.encryption`. */
  Sealer: Symbol('lendwire.Sealer') as Id<Sealer>,
  /** Credit applications (issue 3): dealer API service, submission queue and worker timing. */
  ApplicationService: Symbol('lendwire.ApplicationService') as Id<ApplicationService>,
  SubmissionQueue: Symbol('lendwire.SubmissionQueue') as Id<SubmissionQueue>,
  SubmissionTuning: Symbol('lendwire.SubmissionTuning') as Id<SubmissionTuning>,
  /** Which CRM targets the delivery engine paused (revoked credentials, rejected configuration). */
  CrmTargetState: Symbol('lendwire.CrmTargetState') as Id<CrmTargetStateStore>,
  /** CRM targets for operators: list (paused and why), resume. */
  CrmTargets: Symbol('lendwire.CrmTargets') as Id<CrmTargetService>,
  /** The CRM targets' outbound-kit dispatchers (one per target), closed on stop. */
  CrmDispatchers: Symbol('lendwire.CrmDispatchers') as Id<DispatcherPool>,
  /** Inbound callbacks (issue 4): lenders taking callbacks, raw storage, queue, metrics, processing, review/replay. */
  CallbackLenders: Symbol('lendwire.CallbackLenders') as Id<LenderDirectory>,
  CallbackStore: Symbol('lendwire.CallbackStore') as Id<RawCallbackStore>,
  CallbackQueue: Symbol('lendwire.CallbackQueue') as Id<CallbackQueue>,
  CallbackMetrics: Symbol('lendwire.CallbackMetrics') as Id<CallbackMetrics>,
  CallbackProcessor: Symbol('lendwire.CallbackProcessor') as Id<CallbackProcessor>,
  CallbackReview: Symbol('lendwire.CallbackReview') as Id<CallbackReviewApi>,
  /** Outbound delivery engine (issue 5): settings, SSRF guard, queue, metrics, run-time APIs, reconciler. */
  DeliverySettings: Symbol('lendwire.DeliverySettings') as Id<DeliverySettings>,
  OutboundGuard: Symbol('lendwire.OutboundGuard') as Id<OutboundGuard>,
  DeliveryQueue: Symbol('lendwire.DeliveryQueue') as Id<DeliveryQueue>,
  DeliveryMetrics: Symbol('lendwire.DeliveryMetrics') as Id<DeliveryMetrics>,
  Subscriptions: Symbol('lendwire.Subscriptions') as Id<SubscriptionService>,
  Deliveries: Symbol('lendwire.Deliveries') as Id<DeliveryService>,
  DeliveryReconciler: Symbol('lendwire.DeliveryReconciler') as Id<DeliveryReconciler>,
  /** Operations alerts and the idle-application scheduler (issue 7). */
  AlertSettings: Symbol('lendwire.AlertSettings') as Id<AlertSettings>,
  IdleSettings: Symbol('lendwire.IdleSettings') as Id<IdleSettings>,
} as const;
