import { isDuration } from '../../kernel/durations.js';

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

/** Problems with idle settings given to createLendwire (empty when fine). */
export function idleSettingsProblems(settings: IdleSettings): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!Array.isArray(settings.thresholds) || !settings.thresholds.length) problems.push({ path: '/idle/thresholds', message: 'must list at least one duration' });
  else
    settings.thresholds.forEach((t, i) => {
      if (!isDuration(t)) problems.push({ path: `/idle/thresholds/${i}`, message: 'must be a duration like 24h, 72h or 7d' });
    });
  if (!Number.isInteger(settings.scanEveryMs) || settings.scanEveryMs < 100) problems.push({ path: '/idle/scanEveryMs', message: 'must be an integer of at least 100' });
  return problems;
}
