import type { Knex } from 'knex';
import { ConfigurationError } from '../../errors/index.js';
import type { Sealer } from '../Sealer.js';
import { countStaleSeals } from './countStaleSeals.js';
import { resealApplications } from './resealApplications.js';
import { resealSubscriptionSecrets } from './resealSubscriptionSecrets.js';

export interface ResealProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ResealOptions {
  batchSize?: number;
  /** Pause between batches, to spare a busy database (default 0). */
  pauseMs?: number;
  onProgress?(progress: ResealProgress): void;
}

export interface ResealSummary {
  activeKeyId: string;
  /** Values on old keys found at the start. */
  total: number;
  resealed: number;
  elapsedMs: number;
  /** Values still on keys the manifest lists after the run (held by long transactions): run again. */
  left: number;
  /** Values sealed with keys the manifest no longer lists, by key: unreadable, left as they are. */
  unreadable: Record<string, number>;
  /** Applications whose sealed PII failed authentication (tampered or truncated). */
  failedApplicationIds: string[];
}

/**
 * `lendwire pii:reseal`: re-encrypts every sealed value (applications' PII,
 * API-created webhook secrets) that uses another key than the active one,
 * in small transactions, safe next to live traffic, and resumable.
 */
export async function resealSealedValues(knex: Knex, schema: string, sealer: Sealer, options: ResealOptions = {}): Promise<ResealSummary> {
  if (!sealer.activeKeyId) throw new ConfigurationError('Nothing to re-seal with: the manifest has no security.encryption (activeKeyId and keys)');
  const started = Date.now();
  const before = await countStaleSeals(knex, schema, sealer);
  let done = 0;
  const pauseMs = options.pauseMs ?? 0;
  const pacing = {
    batchSize: options.batchSize ?? 500,
    onBatch(count: number) {
      done += count;
      options.onProgress?.({ done, total: before.resealable, elapsedMs: Date.now() - started });
    },
    pause: (ms = pauseMs) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve()),
  };
  await resealSubscriptionSecrets(knex, schema, sealer, pacing);
  let left = 0;
  const failedApplicationIds: string[] = [];
  for (const keyId of Object.keys(before.byKey).filter((k) => sealer.hasKey(k) && k !== sealer.activeKeyId)) {
    const result = await resealApplications(knex, schema, sealer, keyId, pacing);
    left += result.left;
    failedApplicationIds.push(...result.failedIds);
  }
  const unreadable = Object.fromEntries(before.unlistedKeys.map((k) => [k, before.byKey[k]]));
  return { activeKeyId: sealer.activeKeyId, total: before.resealable, resealed: done, elapsedMs: Date.now() - started, left, unreadable, failedApplicationIds };
}
