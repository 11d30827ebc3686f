import type { ApplicationStatus } from '../sdk/statuses.js';
import type { CreditApplication } from '../sdk/CreditApplication.js';

/** What was asked of the lender: a credit application sent as is, or a customer journey a broker opens. */
export type ApplicationKind = 'credit_application' | 'customer_journey';

/** A row of `applications`, every column, as Postgres returns it. */
export interface ApplicationRow {
  id: string;
  dealer_id: string;
  lender_id: string;
  external_ref: string | null;
  status: ApplicationStatus;
  lender_status: string | null;
  lender_app_id: string | null;
  lender_app_no: string | null;
  kind: ApplicationKind;
  /** The credit application (PII stripped), or the customer journey when `kind` is `customer_journey`. */
  application: CreditApplication;
  pii: Buffer | null;
  pii_key_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_by: string | null;
  decision: unknown;
  stipulations: unknown;
  booked: unknown;
  decline: unknown;
  adverse_action_due_at: Date | null;
  /** The newest vendor timestamp a callback applied. */
  vendor_updated_at: Date | null;
  /** Callback processing's own bookkeeping (which callback last set each block); its shape is callbacks' business. */
  callback_state: unknown;
  version: number;
  created_at: Date;
  updated_at: Date;
}
