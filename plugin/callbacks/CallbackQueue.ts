import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { QueueFactory } from '../queue/QueueFactory.js';

export const CALLBACK_QUEUE = 'callbacks';

export interface CallbackJobData {
  rawCallbackId: string;
  correlationId?: string;
  /** Carried from the ingest so the worker need not read them first; jobs without them (sweep) look them up. */
  lenderId?: string;
  orderingKey?: string | null;
}

/** BullMQ job ids may not be all digits nor contain ':'; one job per stored callback at a time. */
export function callbackJobId(rawCallbackId: string): string {
  return `raw-${rawCallbackId}`;
}

/** Jobs per addBulk: one MULTI of BullMQ's add script each. */
const BULK = 500;

function jobOptions(rawCallbackId: string) {
  return {
    jobId: callbackJobId(rawCallbackId),
    attempts: 8,
    backoff: { type: 'exponential', delay: 500 },
    // Finished jobs are removed so a later sweep or re-process can add the same id again.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** Enqueues processing of stored callbacks. Adding a callback that is already queued is a no-op. */
@injectable()
export class CallbackQueue {
  constructor(@inject(TOKENS.Queues) private readonly queues: QueueFactory) {}

  async enqueue(rawCallbackId: string, correlationId?: string, ordering?: { lenderId: string; orderingKey: string | null }): Promise<void> {
    await this.queues.queue<CallbackJobData>(CALLBACK_QUEUE).add(
      'process',
      { rawCallbackId, correlationId, ...(ordering ? { lenderId: ordering.lenderId, orderingKey: ordering.orderingKey } : {}) },
      jobOptions(rawCallbackId),
    );
  }

  /** Enqueues many stored callbacks, one round trip per 500 (sweeps, re-queues); those already queued are left alone. */
  async enqueueMany(rawCallbackIds: string[]): Promise<void> {
    const queue = this.queues.queue<CallbackJobData>(CALLBACK_QUEUE);
    for (let from = 0; from < rawCallbackIds.length; from += BULK) {
      await queue.addBulk(rawCallbackIds.slice(from, from + BULK).map((rawCallbackId) => ({ name: 'process', data: { rawCallbackId }, opts: jobOptions(rawCallbackId) })));
    }
  }
}
