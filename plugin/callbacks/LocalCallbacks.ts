import { AsyncResource } from 'node:async_hooks';
import { inject, injectable } from 'inversify';
import { SpanKind } from '@opentelemetry/api';
import { contextFrom, inSpan, messagingAttributes, traceCarrierOf } from '../observability/tracing/index.js';
import { CALLBACK_QUEUE, callbackJobId, type CallbackJobData } from './CallbackQueue.js';
import type { CallbackConcurrency } from './CallbackConcurrency.js';
import { CALLBACKS_TOKENS } from './tokens.js';
import { withDeadline } from '../kernel/withDeadline.js';

type Handler = (data: CallbackJobData) => Promise<void>;

/**
 * Callbacks this process stored and processes itself, without a queue job: open while the
 * process runs the callback workers. The raw row is committed before the callback is offered,
 * so Postgres still has it if the process dies; the sweep queues it after
 * `callbackPendingGrace` then, as it does for a job Redis lost. When closed or full, `offer`
 * says no and the ingest queues a job as before: a process without workers (`runWorkers:
 * false`) hands its callbacks to the ones that have them, and an overloaded one to the queue.
 * A queue job costs this machine more than the processing it leads to (three BullMQ
 * scripts, their round trips and their bookkeeping per callback; docs/performance.md).
 */
@injectable()
export class LocalCallbacks {
  private handler: Handler | undefined;
  private readonly held = new Map<string, Promise<void>>();
  /**
   * The processing starts outside the request's async context (bound where this object was
   * made): it outlives the response, and must not keep the request alive nor log under its id.
   */
  private readonly begin = AsyncResource.bind((data: CallbackJobData) => this.track(data));
  private readonly capacity: number;

  constructor(@inject(CALLBACKS_TOKENS.CallbackConcurrency) concurrency: Pick<CallbackConcurrency, 'held'>) {
    this.capacity = concurrency.held;
  }

  /** Takes a stored callback for this process' processing; false: queue it instead. */
  offer(data: Omit<CallbackJobData, 'traceContext'>): boolean {
    if (!this.handler || this.held.size >= this.capacity || this.held.has(data.rawCallbackId)) return false;
    // The trace context is the caller's (the request's span), read before leaving its context.
    const traceContext = traceCarrierOf();
    this.begin({ ...data, ...(traceContext ? { traceContext } : {}) });
    return true;
  }

  /** Whether this process is processing `rawCallbackId` itself (the sweep leaves it alone). */
  holds(rawCallbackId: string): boolean {
    return this.held.has(rawCallbackId);
  }

  /** Callbacks held now (for metrics and tests). */
  get size(): number {
    return this.held.size;
  }

  /** Starts taking callbacks; `handler` processes one and never throws (failures go to the queue). */
  open(handler: Handler): void {
    this.handler = handler;
  }

  /**
   * Stops taking callbacks and waits up to `timeoutMs` for the ones held. One still running
   * then stays `pending` in Postgres, and the sweep of a process still running queues it.
   */
  async close(timeoutMs: number): Promise<void> {
    this.handler = undefined;
    if (!this.held.size) return;
    await withDeadline(Promise.allSettled([...this.held.values()]), timeoutMs, 'the callbacks this process holds').catch(() => undefined);
  }

  private track(data: CallbackJobData): void {
    const handler = this.handler!;
    const id = data.rawCallbackId;
    const run = inSpan(
      `process ${CALLBACK_QUEUE}`,
      () => ({ kind: SpanKind.CONSUMER, parent: contextFrom(data.traceContext), attributes: messagingAttributes('lendwire', CALLBACK_QUEUE, 'process', callbackJobId(id)) }),
      () => handler(data),
    )
      .catch(() => undefined)
      .finally(() => this.held.delete(id));
    this.held.set(id, run);
  }
}
