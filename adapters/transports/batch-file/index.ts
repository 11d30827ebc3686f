import type { Transport, TransportResult, TransportSettingsProblem } from '../../../plugin/index.js';
import { readBatchFileSettings } from './batchFileSettings.js';
import { batchFileSink } from './batchFileTarget.js';
import { deliverBatch } from './deliverBatch.js';

export { buildBatchFile, type BuiltBatchFile } from './buildBatchFile.js';
export { readBatchFileSettings, type BatchFileSettings, type CsvColumn } from './batchFileSettings.js';
export { batchFilePath } from './deliverBatch.js';

/** How often a delivery waiting on another attempt's upload asks again. */
const BUSY_WAIT_MS = 2_000;

/** Options of the batch-file transport. */
export interface BatchFileTransportOptions {
  /** Local directories `file://` subscriptions may write into (and below); none: only sftp:// URLs. */
  directoryRoots?: readonly string[];
}

/**
 * Events collected per subscription into one file per window (every `maxAge`
 * or `maxRecords` events, whichever first), JSON Lines or CSV, with a sidecar
 * holding the record count and SHA-256, written to a local directory or an
 * SFTP server. Each event's delivery joins the subscription's open batch in
 * PostgreSQL (`ctx.batches`) and waits (a rate-limit wait, no attempt used)
 * until it closes; then one delivery at a time uploads the whole file, and the
 * others wait for its outcome. See README.md in this folder.
 */
export function createBatchFileTransport(options: BatchFileTransportOptions = {}): Transport {
  const roots = options.directoryRoots ?? [];
  return {
    id: 'batch-file',
    checkSubscription(subscription): TransportSettingsProblem[] {
      const sink = batchFileSink(subscription.url, roots);
      const problems: TransportSettingsProblem[] = [];
      if ('problem' in sink) problems.push({ path: '/url', message: sink.problem });
      else if (sink.kind === 'sftp') {
        const refused = subscription.hostProblem(sink.host);
        if (refused) problems.push({ path: '/url', message: refused });
      }
      problems.push(...readBatchFileSettings(subscription.settings, 'problem' in sink ? 'directory' : sink.kind).problems);
      return problems;
    },
    async send(message, target, ctx): Promise<TransportResult> {
      const sink = batchFileSink(target.url, roots);
      if ('problem' in sink) return { result: 'permanent', code: 'E_URL', message: `subscription URL ${sink.problem}` };
      const { settings, problems } = readBatchFileSettings(target.settings, sink.kind);
      if (!settings) return { result: 'permanent', code: 'E_CONFIG', message: problems.map((p) => `${p.path} ${p.message}`).join('; ') };
      const batch = await ctx.batches.join({ eventId: message.id, type: message.type, timestamp: message.envelope.timestamp, body: message.body }, settings);
      if (!batch.closedAt) {
        const waitMs = Math.max(1_000, batch.closesAt.getTime() - message.sentAt.getTime());
        return { result: 'rateLimited', waitMs, code: 'E_BATCH_OPEN', message: `in batch ${batch.id} (${batch.recordCount} records so far), sent when it closes at ${batch.closesAt.toISOString()}` };
      }
      if (batch.deliveredAt && !batch.replayed) return { result: 'delivered', responseExcerpt: `in batch ${batch.id}, delivered ${batch.deliveredAt.toISOString()}` };
      // A replay (this event was already told its batch arrived) rebuilds and re-uploads the same bytes.
      if (!(await ctx.batches.claim(batch.id, target.timeoutMs + 5_000))) {
        return { result: 'rateLimited', waitMs: BUSY_WAIT_MS, code: 'E_BATCH_BUSY', message: `batch ${batch.id} is being uploaded by another attempt` };
      }
      let result: TransportResult | undefined;
      try {
        result = await deliverBatch(batch, target.id, sink, settings, ctx, target.timeoutMs);
        return result;
      } finally {
        await ctx.batches.release(batch.id, result?.result === 'delivered', message.id);
      }
    },
  };
}
