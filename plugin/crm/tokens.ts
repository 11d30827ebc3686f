import type { ServiceIdentifier } from 'inversify';
import type { CrmTargetStateStore } from './CrmTargetStateStore.js';
import type { CrmTargetService } from './CrmTargetService.js';
import type { DispatcherPool } from '../outbound/DispatcherPool.js';

type Id<T> = ServiceIdentifier<T>;

/** CRM sync's services, as typed symbols. */
export const CRM_TOKENS = {
  /** Which CRM targets the delivery engine paused (revoked credentials, rejected configuration). */
  CrmTargetState: Symbol('lendwire.CrmTargetState') as Id<CrmTargetStateStore>,
  /** CRM targets for operators: list (paused and why), resume. */
  CrmTargets: Symbol('lendwire.CrmTargets') as Id<CrmTargetService>,
  /** The CRM targets' outbound-kit dispatchers (one per target), closed on stop. */
  CrmDispatchers: Symbol('lendwire.CrmDispatchers') as Id<DispatcherPool>,
} as const;
