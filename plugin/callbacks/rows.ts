import type { ApplicationRow } from '../applications/ApplicationRow.js';
import type { CallbackState } from './callbackOrdering.js';

/** A row of raw_callbacks as Postgres returns it (bigint ids come back as strings). */
export interface RawCallbackRow {
  id: string;
  lender_id: string;
  received_at: Date;
  content_type: string | null;
  headers: Record<string, string>;
  body: Buffer;
  source_ip: string | null;
  dedupe_key: string | null;
  parse_status: string | null;
  parse_reason: string | null;
  process_status: string | null;
  process_detail: string | null;
  application_id: string | null;
  lender_app_no: string | null;
  lender_app_id: string | null;
  process_count: number;
  processed_at: Date | null;
  ordering_key: string | null;
}

/**
 * An `applications` row as callback processing reads it: the one ApplicationRow,
 * with the JSON blocks callbacks fill typed as callbacks write them.
 */
export interface CallbackApplicationRow extends Omit<ApplicationRow, 'decision' | 'stipulations' | 'booked' | 'decline' | 'callback_state'> {
  decision: Record<string, unknown> | null;
  stipulations: { decision?: unknown[]; verification?: unknown[] } | null;
  booked: Record<string, unknown> | null;
  decline: Record<string, unknown> | null;
  callback_state: CallbackState | null;
}

/** process_status values of raw_callbacks. */
export type ProcessStatus = 'pending' | 'applied' | 'unchanged' | 'orphaned' | 'ignored' | 'review' | 'failed' | 'rejected';
