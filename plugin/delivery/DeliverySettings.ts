import type { DeliveryConfig, Manifest } from '../manifest/Manifest.js';
import { parseDuration } from '../kernel/durations.js';
import { retryScheduleMs } from '../kernel/retrySchedule.js';

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

/** The engine's settings from the manifest's `delivery` section, every default applied. */
export function resolveDeliverySettings(config: Partial<DeliveryConfig> = {}): DeliverySettings {
  return {
    retryScheduleMs: retryScheduleMs(config.retrySchedule),
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

/** The engine's settings for a manifest: `runtime.concurrency.deliveries` (like `.submissions` and `.callbacks`) wins over `delivery.concurrency`. */
export function deliverySettingsFor(manifest: Pick<Manifest, 'delivery' | 'runtime'>): DeliverySettings {
  const settings = resolveDeliverySettings(manifest.delivery);
  const perQueue = manifest.runtime?.concurrency?.deliveries;
  return perQueue ? { ...settings, concurrency: perQueue } : settings;
}
