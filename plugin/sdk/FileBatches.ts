/** One event as a batch file holds it. */
export interface BatchRecord {
  eventId: string;
  type: string;
  /** ISO time the event was created. */
  timestamp: string;
  /** The event's envelope JSON, exactly as the webhook body would be. */
  body: string;
}

/** When a subscription's open batch closes: after `maxAgeMs` or at `maxRecords`, whichever comes first. */
export interface BatchWindow {
  maxRecords: number;
  maxAgeMs: number;
}

/** One window of one subscription's events. */
export interface FileBatch {
  /** `bat_<subscriptionId>_<sequence>`: names the file, the same on every retry and replay. */
  id: string;
  /** 1, 2, ... per subscription. */
  sequence: number;
  openedAt: Date;
  /** When the window ends (it closes then, or earlier when full). */
  closesAt: Date;
  /** Null while the batch still takes events. */
  closedAt: Date | null;
  recordCount: number;
  /** Set once a file holding the batch is complete at the partner. */
  deliveredAt: Date | null;
  /**
   * True when this event's delivery was already answered "delivered" for this
   * batch and asks again: a replay, which rebuilds and re-uploads the file
   * (idempotent: identical bytes). False the first time (`join` records it).
   */
  replayed: boolean;
}

/**
 * Durable batches (PostgreSQL) for transports that deliver many events as one
 * file (batch-file): each event's delivery joins its subscription's open batch,
 * waits until the batch closes, then one attempt at a time uploads the whole
 * file. Scoped to the subscription being delivered to.
 */
export interface FileBatches {
  /**
   * Puts the event in the subscription's open batch (once: a retry or replay
   * finds the batch it joined) and answers that batch. Closes a batch whose
   * window is over first; a batch that becomes full closes at once.
   */
  join(record: BatchRecord, window: BatchWindow): Promise<FileBatch>;
  /** The batch's records in order (the order they joined): what the file is built from. */
  records(batchId: string): Promise<BatchRecord[]>;
  /** Claims the upload of a closed batch for `leaseMs`; false while another attempt holds it. */
  claim(batchId: string, leaseMs: number): Promise<boolean>;
  /**
   * Ends a claim: delivered (the file is complete at the partner; `eventId`'s
   * delivery counts as told) or not (another attempt may claim it now).
   */
  release(batchId: string, delivered: boolean, eventId: string): Promise<void>;
}
