import type { RuntimeConfig } from '../manifest/Manifest.js';
import { parseDuration } from './durations.js';

/**
 * How fast lendwire notices lost work and answers during outages, in ms, with
 * every default applied. The defaults make work converge within 30 s of Redis
 * being flushed or restarted, or a worker being killed (README, "Failure behaviour").
 */
export interface RuntimeSettings {
  /** A request still waiting after this long while a dependency is down is answered 503 (0 = never). */
  requestDeadlineMs: number;
  /** How often stored callbacks that have no job are queued again. */
  callbackSweepIntervalMs: number;
  /** A pending callback younger than this is assumed to have its job, or to be in the hands of the process that stored it. */
  callbackPendingGraceMs: number;
  /** How often applications waiting for submission are queued again. */
  submissionSweepIntervalMs: number;
  /** A queued application younger than this is assumed to have its job. */
  submissionPendingGraceMs: number;
  /** A `sending` submission older than the lender's timeout plus this has no live worker behind it. */
  submissionOrphanGraceMs: number;
  /** A job's lock: a worker killed mid-job loses the job to another worker after this long. */
  jobLockDurationMs: number;
  /** How often workers look for jobs whose lock expired. */
  stalledCheckIntervalMs: number;
}

export const RUNTIME_DEFAULTS = {
  requestDeadline: '1500ms',
  callbackSweepInterval: '5s',
  callbackPendingGrace: '10s',
  submissionSweepInterval: '10s',
  submissionPendingGrace: '10s',
  submissionOrphanGrace: '15s',
  jobLockDuration: '10s',
  stalledCheckInterval: '5s',
} as const;

export function resolveRuntimeSettings(config: Partial<RuntimeConfig> = {}): RuntimeSettings {
  const ms = (key: keyof typeof RUNTIME_DEFAULTS) => parseDuration(config[key] ?? RUNTIME_DEFAULTS[key]);
  return {
    requestDeadlineMs: ms('requestDeadline'),
    callbackSweepIntervalMs: ms('callbackSweepInterval'),
    callbackPendingGraceMs: ms('callbackPendingGrace'),
    submissionSweepIntervalMs: ms('submissionSweepInterval'),
    submissionPendingGraceMs: ms('submissionPendingGrace'),
    submissionOrphanGraceMs: ms('submissionOrphanGrace'),
    jobLockDurationMs: ms('jobLockDuration'),
    stalledCheckIntervalMs: ms('stalledCheckInterval'),
  };
}
