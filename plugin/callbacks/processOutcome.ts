import type { ParsedCallback } from '../sdk/LenderCallbacks.js';
import type { EventResult } from './EventResult.js';
import type { ProcessStatus, RawCallbackRow } from './rows.js';

/** The recorded outcome of processing one stored callback. */
export interface ProcessOutcome {
  id: string;
  lenderId: string;
  parseStatus: ParsedCallback['parseStatus'] | null;
  parseReason: string | null;
  processStatus: ProcessStatus;
  processDetail: string | null;
  applicationId: string | null;
  processCount: number;
}

/** A processed callback's status and detail, from its parse and what each of its events did. */
export function summarize(parsed: ParsedCallback, results: EventResult[]): { status: ProcessStatus; detail: string } {
  const detail = results.map((r) => r.detail).join('; ');
  if (parsed.parseStatus === 'unparseable') return { status: 'review', detail: parsed.reason ?? 'unparseable' };
  if (results.some((r) => r.result === 'applied')) return { status: 'applied', detail };
  if (results.some((r) => r.result === 'orphaned')) return { status: 'orphaned', detail };
  if (results.some((r) => r.result === 'unchanged')) return { status: 'unchanged', detail };
  if (parsed.parseStatus === 'partial') return { status: 'review', detail: detail || `partial: ${parsed.reason ?? 'nothing could be applied'}` };
  return { status: 'ignored', detail: detail || 'nothing to apply' };
}

/** A raw row's outcome as the re-process API answers it. */
export function outcomeOf(row: RawCallbackRow): ProcessOutcome {
  return {
    id: String(row.id),
    lenderId: row.lender_id,
    parseStatus: row.parse_status as ProcessOutcome['parseStatus'],
    parseReason: row.parse_reason,
    processStatus: row.process_status as ProcessStatus,
    processDetail: row.process_detail,
    applicationId: row.application_id,
    processCount: row.process_count,
  };
}
