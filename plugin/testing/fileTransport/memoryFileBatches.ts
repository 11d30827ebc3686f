import type { BatchRecord, BatchWindow, FileBatch, FileBatches } from '../../sdk/FileBatches.js';

interface StoredBatch {
  batch: Omit<FileBatch, 'replayed'>;
  records: BatchRecord[];
  claimedUntil: number;
}

/** `ctx.batches` kept in memory, for one subscription: what the database keeps for the batch-file transport, as the kit needs it. */
export interface MemoryFileBatches extends FileBatches {
  /** The batch an event joined and its records (undefined when it joined none). */
  joined(eventId: string): { batch: FileBatch; records: BatchRecord[] } | undefined;
}

/**
 * The FileBatches contract without PostgreSQL: an event joins the open batch
 * once (a retry finds the batch it joined, `replayed` once its delivery was
 * told "delivered"), a batch closes when its window is over or when full,
 * claims are leases, `release` marks it delivered. One process, one subscription.
 */
export function memoryFileBatches(subscriptionId = 'conformance'): MemoryFileBatches {
  const batches: StoredBatch[] = [];
  const byEvent = new Map<string, StoredBatch>();
  const told = new Set<string>();
  const view = (stored: StoredBatch, eventId: string): FileBatch => ({ ...stored.batch, replayed: told.has(eventId) });
  const find = (batchId: string): StoredBatch => {
    const stored = batches.find((b) => b.batch.id === batchId);
    if (!stored) throw new Error(`no batch ${batchId}`);
    return stored;
  };
  const closeExpired = (now: Date) => {
    for (const b of batches) if (!b.batch.closedAt && b.batch.closesAt <= now) b.batch.closedAt = now;
  };
  return {
    async join(record: BatchRecord, window: BatchWindow): Promise<FileBatch> {
      const now = new Date();
      closeExpired(now);
      const already = byEvent.get(record.eventId);
      if (already) return view(already, record.eventId);
      let open = batches.find((b) => !b.batch.closedAt);
      if (!open) {
        const sequence = batches.length + 1;
        open = { batch: { id: `bat_${subscriptionId}_${sequence}`, sequence, openedAt: now, closesAt: new Date(now.getTime() + window.maxAgeMs), closedAt: null, recordCount: 0, deliveredAt: null }, records: [], claimedUntil: 0 };
        batches.push(open);
      }
      open.records.push(record);
      open.batch.recordCount = open.records.length;
      if (open.records.length >= window.maxRecords) open.batch.closedAt = now;
      byEvent.set(record.eventId, open);
      return view(open, record.eventId);
    },
    async records(batchId: string): Promise<BatchRecord[]> {
      return [...find(batchId).records];
    },
    async claim(batchId: string, leaseMs: number): Promise<boolean> {
      const stored = find(batchId);
      if (stored.claimedUntil > Date.now()) return false;
      stored.claimedUntil = Date.now() + leaseMs;
      return true;
    },
    async release(batchId: string, delivered: boolean, eventId: string): Promise<void> {
      const stored = find(batchId);
      stored.claimedUntil = 0;
      if (delivered) {
        stored.batch.deliveredAt ??= new Date();
        told.add(eventId);
      }
    },
    joined(eventId: string) {
      const stored = byEvent.get(eventId);
      return stored ? { batch: view(stored, eventId), records: [...stored.records] } : undefined;
    },
  };
}
