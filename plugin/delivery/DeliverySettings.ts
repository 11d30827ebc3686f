import type { DeliveryConfig } from '../manifest/Manifest.js';
import { parseDuration } from '../kernel/durations.js';

/** Default delays after a failed attempt (DESIGN.md); after the last one a delivery is dead-lettered. */
export const DEFAULT_RETRY_SCHEDULE = ['1s', '5s', '30s', '5m', '30m', '2h', '6h', '24h', '24h'];

/** The engine's settings with every default applied, in milliseconds. */
export interface DeliverySettings {
  retryScheduleMs: number[];
  /** Longest wait a target's Retry-After can impose (it lengthens a scheduled wait, never shortens it). */
  retryAfterCapMs: number;
  /** Shortest wait after a rate-limited answer, whatever its Retry-After says (no tight loop on `Retry-After: 0`). */
  rateLimitFloorMs: number;
  circuitBreaker: { failureThreshold: number; cooldownMs: number; disableAfterMs: number };
  backlogThreshold: number;
  relayPollIntervalMs: number;
  reconcileIntervalMs: number;
  stalledJobTimeoutMs: number;
  concurrency: number;
  maxInFlightPerEndpoint: number;
}

export function resolveDeliverySettings(config: Partial<DeliveryConfig> = {}): DeliverySettings {
  return {
    retryScheduleMs: (config.retrySchedule ?? DEFAULT_RETRY_SCHEDULE).map(parseDuration),
    retryAfterCapMs: parseDuration(config.retryAfterCap ?? '24h'),
    rateLimitFloorMs: parseDuration(config.rateLimitFloor ?? '1s'),
    circuitBreaker: {
      failureThreshold: config.circuitBreaker?.failureThreshold ?? 10,
      cooldownMs: parseDuration(config.circuitBreaker?.cooldown ?? '60s'),
      disableAfterMs: parseDuration(config.circuitBreaker?.disableAfter ?? '5d'),
    },
    backlogThreshold: config.backlogThreshold ?? 1000,
    relayPollIntervalMs: parseDuration(config.relayPollInterval ?? '1s'),
    // 10 s so that deliveries whose jobs Redis lost go out again well within the 30 s convergence bar.
    reconcileIntervalMs: parseDuration(config.reconcileInterval ?? '10s'),
    stalledJobTimeoutMs: parseDuration(config.stalledJobTimeout ?? '10s'),
    concurrency: config.concurrency ?? 50,
    maxInFlightPerEndpoint: config.maxInFlightPerEndpoint ?? 25,
  };
}
