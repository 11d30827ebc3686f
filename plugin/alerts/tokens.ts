import type { ServiceIdentifier } from 'inversify';
import type { AlertSettings } from './AlertSettings.js';

type Id<T> = ServiceIdentifier<T>;

/** Operations alerts' services (issue 7), as typed symbols. */
export const ALERTS_TOKENS = {
  /** Thresholds and check interval (manifest `delivery.backlogThreshold`, createLendwire's `alerts`); bound by the composition root. */
  AlertSettings: Symbol('lendwire.AlertSettings') as Id<AlertSettings>,
} as const;
