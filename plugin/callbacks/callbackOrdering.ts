/**
 * Where a callback sits in an application's history: the vendor's timestamp
 * when it sent one, and always the raw callback id (arrival order).
 */
export interface Position {
  vendorAt: string | null;
  rawId: number;
}

/**
 * Whether `incoming` is at least as new as `stored`. Vendor timestamps decide
 * when both sides have one (a late decision stamped earlier loses); otherwise
 * arrival order does. Ties go to the later arrival, so re-processing the
 * callback that set a value is a no-op rather than a conflict.
 */
export function isAtLeastAsNew(incoming: Position, stored: Position | undefined): boolean {
  if (!stored) return true;
  if (incoming.vendorAt && stored.vendorAt) {
    const a = Date.parse(incoming.vendorAt);
    const b = Date.parse(stored.vendorAt);
    if (a !== b) return a > b;
  }
  return incoming.rawId >= stored.rawId;
}

/** Per-application bookkeeping: the position that last set each block (stored in applications.callback_state). */
export interface CallbackState {
  status?: Position;
  terms?: Position;
  booked?: Position;
  decline?: Position;
  decisionStipulations?: Position;
  verificationStipulations?: Position;
}
