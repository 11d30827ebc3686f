import type { ServiceIdentifier } from 'inversify';
import type { DeliverySettings } from './DeliverySettings.js';
import type { DeliveryQueue } from './DeliveryQueue.js';
import type { DeliveryMetrics } from './DeliveryMetrics.js';
import type { DeliveryTargetKind } from './DeliveryTargetKind.js';
import type { TargetStateStore } from './TargetStateStore.js';
import type { EndpointGate } from './EndpointGate.js';
import type { DeliveryProcessor } from './DeliveryProcessor.js';
import type { LocalDeliveries } from './LocalDeliveries.js';
import type { DeliveryService } from './DeliveryService.js';
import type { DeliveryReconciler } from './DeliveryReconciler.js';

type Id<T> = ServiceIdentifier<T>;

/** The outbound delivery engine's services (issue 5), as typed symbols. */
export const DELIVERY_TOKENS = {
  /** The engine's settings with every default applied (manifest `delivery`, `runtime.concurrency.deliveries`); bound by the composition root. */
  DeliverySettings: Symbol('lendwire.DeliverySettings') as Id<DeliverySettings>,
  DeliveryQueue: Symbol('lendwire.DeliveryQueue') as Id<DeliveryQueue>,
  DeliveryMetrics: Symbol('lendwire.DeliveryMetrics') as Id<DeliveryMetrics>,
  /** Multi-bound: kinds of outbound delivery targets (webhook subscriptions, CRMs). */
  DeliveryTargetKinds: Symbol('lendwire.DeliveryTargetKinds') as Id<DeliveryTargetKind>,
  /** Per-target health (circuit breaker, failures, backlog alert): one per process, its cache shared by every user. */
  TargetStates: Symbol('lendwire.TargetStates') as Id<TargetStateStore>,
  /** Per-endpoint in-flight cap and rate limit, in Redis. */
  EndpointGate: Symbol('lendwire.EndpointGate') as Id<EndpointGate>,
  DeliveryProcessor: Symbol('lendwire.DeliveryProcessor') as Id<DeliveryProcessor>,
  /** Deliveries this process' relay created and this process sends without a job. */
  LocalDeliveries: Symbol('lendwire.LocalDeliveries') as Id<LocalDeliveries>,
  /** Run-time deliveries API (`lendwire.deliveries`): inspect, replay, re-send. */
  Deliveries: Symbol('lendwire.Deliveries') as Id<DeliveryService>,
  DeliveryReconciler: Symbol('lendwire.DeliveryReconciler') as Id<DeliveryReconciler>,
} as const;
