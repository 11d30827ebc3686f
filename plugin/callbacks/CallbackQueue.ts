import { inject, injectable } from 'inversify';
import type { RedisClient } from '../kernel/RedisClient.js';
import { TOKENS } from '../kernel/tokens.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import { Batcher } from '../kernel/Batcher.js';
import { withDeadline } from '../kernel/withDeadline.js';
import { SlotList } from '../kernel/SlotList.js';
import type { TracedJobData } from '../queue/carryTraceContext.js';
import { traceCarrierOf } from '../observability/tracing/index.js';

export const CALLBACK_QUEUE = 'callbacks';

export interface CallbackJobData extends TracedJobData {
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

/**
 * Most enqueues the ingest leaves running behind its answers. Beyond them an answer waits for
 * its own job again, so a slow Redis slows the answers (within QUEUE_WAIT_MS) instead of
 * piling jobs up in memory.
 */
export const MAX_BACKGROUND_ENQUEUES = 1000;

/** Enqueues processing of stored callbacks. Adding a callback that is already queued is a no-op. */
@injectable()
export class CallbackQueue {
  /** The enqueues running behind answers (a SlotList: one add and one removal per callback). */
  private readonly background = new SlotList<Promise<void>>();

  /**
   * Callbacks queued in the same tick go to Redis as one addBulk (one round trip). A job id
   * is one per stored callback, so the Batcher's retry of a failed batch one job at a time
   * cannot queue a callback twice.
   */
  private readonly adds = new Batcher<CallbackJobData, void>(async (jobs) => {
    await this.queues.queue<CallbackJobData>(CALLBACK_QUEUE).addBulk(jobs.map((data) => ({ name: 'process', data, opts: jobOptions(data.rawCallbackId) })));
    return jobs.map(() => undefined);
  }, BULK);

  constructor(@inject(TOKENS.Queues) private readonly queues: QueueFactory) {}

  async enqueue(rawCallbackId: string, correlationId?: string, ordering?: { lenderId: string; orderingKey: string | null }): Promise<void> {
    // The trace context is the caller's: the batch is sent from whichever caller's tick flushes it.
    const traceContext = traceCarrierOf();
    await this.adds.call({
      rawCallbackId,
      correlationId,
      ...(ordering ? { lenderId: ordering.lenderId, orderingKey: ordering.orderingKey } : {}),
      ...(traceContext ? { traceContext } : {}),
    });
  }

  /**
   * Starts enqueueing a stored callback and returns nothing to wait for, while fewer than
   * MAX_BACKGROUND_ENQUEUES are on their way: the callback's row is what makes it safe, its job
   * only wakes a worker (the sweep rebuilds a lost one), so its sender need not wait for Redis.
   * Beyond that bound it returns the enqueue, for the caller to wait for. A failed background
   * enqueue goes to `notQueued`.
   */
  enqueueBehind(rawCallbackId: string, correlationId: string | undefined, ordering: { lenderId: string; orderingKey: string | null }, notQueued: (err: unknown) => void): Promise<void> | undefined {
    const queued = this.enqueue(rawCallbackId, correlationId, ordering);
    if (this.background.size >= MAX_BACKGROUND_ENQUEUES) return queued;
    let slot = -1;
    const running: Promise<void> = queued.catch(notQueued).finally(() => this.background.remove(slot, running));
    slot = this.background.add(running);
    return undefined;
  }

  /** Waits (at most `timeoutMs`) for the enqueues still on their way behind answers: stopping closes Redis next. */
  async settled(timeoutMs: number): Promise<void> {
    if (!this.background.size) return;
    await withDeadline(Promise.allSettled(this.background.values()), timeoutMs, 'the callback jobs behind answers').catch(() => undefined);
  }

  /**
   * Enqueues the stored callbacks that have no job (the sweep, re-queues), one round trip
   * per 500 to ask which have one and one to add the rest: under a backlog most pending
   * callbacks still have their job waiting, and re-adding it would be a wasted script.
   */
  async enqueueMany(rawCallbackIds: string[]): Promise<void> {
    const queue = this.queues.queue<CallbackJobData>(CALLBACK_QUEUE);
    for (let from = 0; from < rawCallbackIds.length; from += BULK) {
      const ids = rawCallbackIds.slice(from, from + BULK);
      // BullMQ 6 hands out its own client interface (a proxy over the ioredis connection, Redis or
      // Cluster) whose pipeline types only BullMQ's commands; the ioredis pipeline underneath runs EXISTS.
      // Every key carries the prefix's hash tag: one Cluster slot.
      const pipeline = ((await queue.getBackend().client) as unknown as RedisClient).pipeline();
      for (const id of ids) pipeline.exists(queue.toKey(callbackJobId(id)));
      const answers = (await pipeline.exec()) ?? [];
      const missing = ids.filter((_, i) => answers[i]?.[1] !== 1);
      if (missing.length) await queue.addBulk(missing.map((rawCallbackId) => ({ name: 'process', data: { rawCallbackId }, opts: jobOptions(rawCallbackId) })));
    }
  }

}
