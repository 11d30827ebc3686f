import { inject, injectable } from 'inversify';
import type { Queue } from 'bullmq';
import type { RedisClient } from '../kernel/RedisClient.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import { TOKENS } from '../kernel/tokens.js';

export const DELIVERY_QUEUE = 'deliveries';

export interface DeliveryJobData {
  correlationId?: string;
  /** Set while the job waits for a rate-limit token it already reserved. */
  tokenReserved?: boolean;
  /** The trace the delivery continues (its outbox event's, given by the relay). */
  traceContext?: Record<string, string>;
}

/** A delivery to give a job: after `delayMs`, carrying its trace and the rate-limit token it already reserved. */
export interface DeliveryJobItem {
  id: string;
  delayMs?: number;
  traceContext?: Record<string, string>;
  tokenReserved?: boolean;
}

/** The BullMQ queue of deliveries: one job per delivery row, job id = delivery id. */
@injectable()
export class DeliveryQueue {
  constructor(@inject(TOKENS.Queues) private readonly queues: QueueFactory) {}

  get queue(): Queue<DeliveryJobData> {
    return this.queues.queue<DeliveryJobData>(DELIVERY_QUEUE);
  }

  /** Adds jobs; an id that already has a job is left alone by BullMQ (so this is idempotent). */
  async enqueue(items: DeliveryJobItem[]): Promise<void> {
    if (!items.length) return;
    const jobs = items.map(({ id, delayMs, traceContext, tokenReserved }) => ({
      name: 'deliver',
      data: { correlationId: id, ...(traceContext ? { traceContext } : {}), ...(tokenReserved ? { tokenReserved } : {}) } as DeliveryJobData,
      // Finished jobs are removed so a replay can reuse the delivery id as job id.
      opts: { jobId: id, delay: Math.max(0, delayMs ?? 0), removeOnComplete: true, removeOnFail: true, attempts: 1 },
    }));
    // addBulk wraps its scripts in MULTI / EXEC: for one job (a relay pass at a steady rate), the add script alone.
    if (jobs.length === 1) await this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
    else await this.queue.addBulk(jobs);
  }

  async has(id: string): Promise<boolean> {
    return (await this.queue.getJob(id)) !== undefined;
  }

  /** Which of `ids` have a job, in one round trip (the reconciler checks thousands at a time). */
  async existing(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const queue = this.queue;
    const client = await queue.getBackend().client;
    // BullMQ 6 hands out its own client interface (a proxy over the ioredis connection, Redis or
    // Cluster) whose pipeline types only BullMQ's commands; the ioredis pipeline underneath runs EXISTS.
    // Every key carries the prefix's hash tag: one Cluster slot.
    const pipeline = (client as unknown as RedisClient).pipeline();
    for (const id of ids) pipeline.exists(queue.toKey(id));
    const answers = (await pipeline.exec()) ?? [];
    return new Set(ids.filter((_, i) => answers[i]?.[1] === 1));
  }
}
