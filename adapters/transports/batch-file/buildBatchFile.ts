import { createHash } from 'node:crypto';
import type { BatchRecord } from '../../../plugin/index.js';
import type { BatchFileSettings, CsvColumn } from './batchFileSettings.js';

/** A batch's data file and its sidecar, byte for byte. */
export interface BuiltBatchFile {
  data: Buffer;
  /** `{"batchId","file","format","records","sha256"}` + newline: written after the data file, so its presence means the data is complete. */
  sidecar: Buffer;
  records: number;
  sha256: string;
}

type Item = { id: string; type: string; timestamp: string; data: Record<string, unknown> };

function item(record: BatchRecord): Item {
  const envelope = JSON.parse(record.body) as { type: string; timestamp: string; data: Record<string, unknown> };
  return { id: record.eventId, type: envelope.type, timestamp: envelope.timestamp, data: envelope.data };
}

function valueAt(it: Item, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), it);
}

/** RFC 4180: quoted when it holds a comma, quote, CR or LF; objects as JSON; missing as empty. */
function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(records: BatchRecord[], columns: CsvColumn[]): string {
  const rows = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const record of records) {
    const it = item(record);
    rows.push(columns.map((c) => csvCell(valueAt(it, c.path))).join(','));
  }
  return rows.map((r) => `${r}\r\n`).join('');
}

/** One line per event: `{"id":...,"type","timestamp","data"}` (the envelope's own bytes after the id). */
function jsonLines(records: BatchRecord[]): string {
  return records.map((r) => `{"id":${JSON.stringify(r.eventId)},${r.body.slice(1)}\n`).join('');
}

/**
 * Builds a batch's file from its stored records, in their stored order: the
 * same records give the same bytes, so a retry or replay rebuilds an identical
 * file (and an identical sidecar: record count and SHA-256 of the data file).
 */
export function buildBatchFile(batchId: string, fileName: string, records: BatchRecord[], settings: Pick<BatchFileSettings, 'format' | 'columns'>): BuiltBatchFile {
  const data = Buffer.from(settings.format === 'csv' ? csv(records, settings.columns) : jsonLines(records), 'utf8');
  const sha256 = createHash('sha256').update(data).digest('hex');
  const sidecar = Buffer.from(`${JSON.stringify({ batchId, file: fileName, format: settings.format, records: records.length, sha256 })}\n`, 'utf8');
  return { data, sidecar, records: records.length, sha256 };
}
