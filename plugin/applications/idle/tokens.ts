import type { ServiceIdentifier } from 'inversify';
import type { IdleSettings } from './IdleSettings.js';

type Id<T> = ServiceIdentifier<T>;

/** The `application.idle` scheduler's settings (issue 7), as typed symbols. */
export const IDLE_TOKENS = {
  /** Thresholds and scan interval: defaults, overridden by createLendwire's `idle` option. */
  IdleSettings: Symbol('lendwire.IdleSettings') as Id<IdleSettings>,
} as const;
