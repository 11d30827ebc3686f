import { join, resolve, sep } from 'node:path';
import type { FileBatch, TransportContext, TransportResult } from '../../../plugin/index.js';
import { renderRemotePath, uploadOverSftp } from '../sftp/index.js';
import type { BatchFileSettings } from './batchFileSettings.js';
import type { BatchFileSink } from './batchFileTarget.js';
import { buildBatchFile } from './buildBatchFile.js';
import { LocalFileFailure, writeLocalFile } from './writeLocalFile.js';

/** The data file's path for a batch (the sidecar is this + `.sha256.json`). */
export function batchFilePath(batch: FileBatch, subscriptionId: string, settings: BatchFileSettings): string {
  const ext = settings.format === 'csv' ? 'csv' : 'jsonl';
  return `${renderRemotePath(settings.pathTemplate, { date: batch.openedAt.toISOString().slice(0, 10), batchId: batch.id, subscriptionId })}.${ext}`;
}

/**
 * Builds a closed batch's file from its stored records and writes it, then its
 * sidecar, to the sink (each whole, renamed into place, idempotent). One
 * attempt of the whole batch: the engine retries it whole.
 */
export async function deliverBatch(batch: FileBatch, subscriptionId: string, sink: BatchFileSink, settings: BatchFileSettings, ctx: TransportContext, timeoutMs: number): Promise<TransportResult> {
  const path = batchFilePath(batch, subscriptionId, settings);
  const built = buildBatchFile(batch.id, path.split('/').pop()!, await ctx.batches.records(batch.id), settings);
  const files = [
    { path, bytes: built.data },
    { path: `${path}.sha256.json`, bytes: built.sidecar },
  ];
  const summary = `batch ${batch.id}: ${built.records} records, sha256 ${built.sha256}`;
  if (sink.kind === 'sftp') {
    const result = await uploadOverSftp(sink, settings.sftp!, files, ctx, timeoutMs);
    return result.result === 'delivered' ? { ...result, responseExcerpt: `${summary}; ${result.responseExcerpt ?? ''}` } : { ...result, message: `${summary}: ${result.message}` };
  }
  try {
    for (const file of files) {
      const target = resolve(sink.directory, `.${sep}${file.path}`);
      if (!target.startsWith(`${resolve(sink.directory)}${sep}`)) throw new LocalFileFailure('E_FILE', `${file.path} would leave ${sink.directory}`);
      await writeLocalFile(target, file.bytes);
    }
    return { result: 'delivered', responseExcerpt: `${summary}; written to ${join(sink.directory, path)}` };
  } catch (err) {
    const failure = err instanceof LocalFileFailure ? err : new LocalFileFailure('E_FILE', String(err));
    return { result: failure.code === 'E_EXISTS' ? 'permanent' : 'retryable', code: failure.code, message: `${summary}: ${failure.message}` };
  }
}
