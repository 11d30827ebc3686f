import { inject, injectable } from 'inversify';
import type { Job, Processor, Queue, QueueOptions, Worker, WorkerOptions } from 'bullmq';
import { Queue as BullQueue, Worker as BullWorker } from './bullmq.js';
import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import { lazyChild } from '../observability/lazyChild.js';
import { isDependencyUnavailable } from '../errors/dependencyFailure.js';
import { watchRedisConnection } from './watchRedisConnection.js';
import { duplicateConnection } from './duplicateConnection.js';
import { carryTraceContext, type TracedJobData } from './carryTraceContext.js';
import { SpanKind } from '@opentelemetry/api';
import { contextFrom, inSpan, messagingAttributes } from '../observability/tracing/index.js';

export interface JobContext {
  /** Logger carrying the job's correlation id, queue and job id. */
  logger: Logger;
}

export type JobHandler<D, R> = (job: Job<D, R>, ctx: JobContext) => Promise<R>;

/** BullMQ re-emits each failed reconnect attempt: those are logged once per outage by the connection's watcher. */
function logUnlessOutage(logger: Logger, what: string, fields: Record<string, unknown>) {
  return (err: Error) => {
    if (!isDependencyUnavailable(err)) logger.error({ err, ...fields }, what);
  };
}

/**
 * All BullMQ queues and workers of the plugin: one prefix (`{lendwire:<deployment id>}`
 * by default, a Redis Cluster hash tag), worker connections with
 * `maxRetriesPerRequest: null` (duplicated from the host's `Redis` or `Cluster`),
 * and a bounded graceful close.
 */
@injectable()
export class QueueFactory {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private queueConnection: RedisClient | undefined;
  private readonly workerConnections: RedisClient[] = [];
  private readonly unwatch: (() => void)[] = [];
  private recoveryListener: (() => void) | undefined;
  /** Set when close() gave up waiting: jobs still running then are left to the stalled-job check. */
  private cutOff = false;

  private readonly logger: Logger;

  constructor(
    @inject(TOKENS.Redis) private readonly redis: RedisClient,
    /** `queuePrefix` is read when a queue is first made: the default prefix is known only once the deployment id is read. */
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'queuePrefix'>,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'queues' });
  }

  /** Called whenever one of the factory's connections is back after an outage (lendwire reconciles then). */
  onRedisRecovered(listener: () => void): void {
    this.recoveryListener = listener;
  }

  private watch(connection: RedisClient, role: string): RedisClient {
    this.unwatch.push(watchRedisConnection(connection, { role, logger: this.logger, onRecovered: () => this.recoveryListener?.() }));
    return connection;
  }

  get prefix(): string {
    return this.config.queuePrefix;
  }

  /** The queue called `name` (created once, shared). */
  queue<D = unknown>(name: string, defaults?: QueueOptions['defaultJobOptions']): Queue<D> {
    let queue = this.queues.get(name);
    if (!queue) {
      this.queueConnection ??= this.watch(duplicateConnection(this.redis), 'queues');
      queue = carryTraceContext(new BullQueue(name, { connection: this.queueConnection, prefix: this.prefix, defaultJobOptions: defaults }));
      queue.on('error', logUnlessOutage(this.logger, 'queue error', { queue: name }));
      this.queues.set(name, queue);
    }
    return queue as Queue<D>;
  }

  /**
   * A worker for `name`; the handler gets a logger with the job's correlation id
   * and runs in a `process <name>` span whose parent is the trace context the job carries.
   */
  worker<D extends { correlationId?: string } & TracedJobData, R = unknown>(
    name: string,
    handler: JobHandler<D, R>,
    options: Omit<WorkerOptions, 'connection' | 'prefix'> = {},
  ): Worker<D, R> {
    const connection = this.watch(duplicateConnection(this.redis, { maxRetriesPerRequest: null }), `worker:${name}`);
    this.workerConnections.push(connection);
    const processor: Processor<D, R> = async (job) => {
      const run = () => handler(job, { logger: lazyChild(this.logger, { queue: name, jobId: job.id, correlationId: job.data?.correlationId ?? job.id }) });
      const settled = await Promise.allSettled([inSpan(`process ${name}`, () => ({ kind: SpanKind.CONSUMER, parent: contextFrom(job.data?.traceContext), attributes: messagingAttributes('bullmq', name, 'process', job.id) }), run)]);
      // A job that outlived close(): BullMQ 6 would open a new connection, never closed, to record
      // its outcome on the force-closed worker. It is not recorded; its lock runs out and it is retried.
      if (this.cutOff) return new Promise<R>(() => undefined);
      const [outcome] = settled;
      if (outcome.status === 'rejected') throw outcome.reason;
      return outcome.value;
    };
    const worker = new BullWorker<D, R>(name, processor, { ...options, connection, prefix: this.prefix });
    worker.on('error', logUnlessOutage(this.logger, 'worker error', { queue: name }));
    worker.on('failed', (job, err) => this.logger.warn({ err, queue: name, jobId: job?.id }, 'job failed'));
    this.workers.push(worker);
    return worker;
  }

  /** Workers and whether each is running, for /health. */
  workerStates(): { name: string; running: boolean }[] {
    return this.workers.map((w) => ({ name: w.name, running: w.isRunning() }));
  }

  /**
   * Stops taking new jobs, waits up to `timeoutMs` for in-flight ones, then
   * force-closes and releases every Redis connection the factory opened.
   */
  async close(timeoutMs: number): Promise<void> {
    // pause() stops fetching and resolves once active jobs finish; close(true)
    // afterwards does not wait again (a graceful close() could not be cut short).
    // A worker whose connection already dropped cannot pause; closing it is all that is left.
    const drained = Promise.all(this.workers.map((w) => w.pause().catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.cutOff = timedOut;
    if (timedOut) this.logger.warn({ timeoutMs }, 'in-flight jobs did not finish in time; closing workers anyway (they will be retried)');
    await Promise.all(this.workers.map((w) => w.close(true).catch((err: unknown) => this.logger.warn({ err }, 'worker close failed'))));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([...this.workerConnections, ...(this.queueConnection ? [this.queueConnection] : [])].map((c) => c.quit().catch(() => c.disconnect())));
    for (const unwatch of this.unwatch.splice(0)) unwatch();
    this.workers.length = 0;
    this.workerConnections.length = 0;
    this.queues.clear();
    this.queueConnection = undefined;
  }
}
