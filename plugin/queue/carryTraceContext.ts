import type { Queue } from 'bullmq';
import { traceCarrierOf } from '../observability/tracing/index.js';

/** Job data that may carry the trace context of whoever enqueued it. */
export interface TracedJobData {
  traceContext?: Record<string, string>;
}

function stamped<D>(data: D): D {
  if (!data || typeof data !== 'object' || (data as TracedJobData).traceContext) return data;
  const traceContext = traceCarrierOf();
  return traceContext ? { ...data, traceContext } : data;
}

/**
 * Makes `queue.add` and `queue.addBulk` write the active trace context into
 * the job's data (`traceContext`, W3C fields) unless the job already carries
 * one (the outbox relay gives each delivery its event's context), so the
 * worker's span continues the trace of the request or job that caused it.
 * Without a registered SDK and propagator the data is passed on untouched.
 */
export function carryTraceContext<D>(queue: Queue<D>): Queue<D> {
  const add = queue.add.bind(queue);
  const addBulk = queue.addBulk.bind(queue);
  queue.add = (name, data, opts) => add(name, stamped(data), opts);
  queue.addBulk = (jobs) => addBulk(jobs.map((job) => ({ ...job, data: stamped(job.data) })));
  return queue;
}
