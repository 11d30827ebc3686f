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

/** The columns of `applications` callback processing reads. */
export interface ApplicationRow {
  id: string;
  dealer_id: string;
  lender_id: string;
  status: string;
  lender_status: string | null;
  lender_app_id: string | null;
  lender_app_no: string | null;
  decision: Record<string, unknown> | null;
  stipulations: { decision?: unknown[]; verification?: unknown[] } | null;
  booked: Record<string, unknown> | null;
  decline: Record<string, unknown> | null;
  adverse_action_due_at: Date | null;
  vendor_updated_at: Date | null;
  callback_state: CallbackState | null;
}

/** process_status values of raw_callbacks. */
export type ProcessStatus = 'pending' | 'applied' | 'unchanged' | 'orphaned' | 'ignored' | 'review' | 'failed' | 'rejected';
