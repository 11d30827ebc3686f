/** When `application.idle` fires: once per threshold while an application sits without change. */
export interface IdleSettings {
  /** Quiet times, e.g. ["24h", "72h", "7d"]. */
  thresholds: string[];
  /** How often the BullMQ job scheduler runs the scan, ms. */
  scanEveryMs: number;
  /** Statuses that are final: a funded or declined application is not "idle". */
  finalStatuses: string[];
  /** At most this many notices per threshold per scan (the next scan continues). */
  batchSize: number;
}

export const DEFAULT_IDLE_SETTINGS: IdleSettings = {
  thresholds: ['24h', '72h', '7d'],
  scanEveryMs: 5 * 60_000,
  finalStatuses: ['funded', 'declined', 'withdrawn', 'ineligible', 'cancelled', 'submission_failed'],
  batchSize: 500,
};
