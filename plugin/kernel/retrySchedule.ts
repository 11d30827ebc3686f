import { parseDuration } from './durations.js';

/**
 * Delays after a failed delivery attempt when neither the target nor the
 * manifest's `delivery.retrySchedule` sets them (docs/design.md); after the last one
 * a delivery is dead-lettered. Webhook subscriptions and CRM targets share it.
 */
export const DEFAULT_RETRY_SCHEDULE: readonly string[] = ['1s', '5s', '30s', '5m', '30m', '2h', '6h', '24h', '24h'];

/** A retry schedule in milliseconds: the one given, else the default. */
export function retryScheduleMs(schedule: readonly string[] | undefined): number[] {
  return (schedule ?? DEFAULT_RETRY_SCHEDULE).map(parseDuration);
}

/** Spreads retries of many jobs that failed together (±10%), so they don't all come back at once. */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(delayMs * (0.9 + 0.2 * random())));
}
