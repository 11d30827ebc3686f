import { AsyncResource } from 'node:async_hooks';
import { inject, injectable } from 'inversify';
import { SpanKind } from '@opentelemetry/api';
import { contextFrom, inSpan, messagingAttributes } from '../observability/tracing/index.js';
import { withDeadline } from '../kernel/withDeadline.js';
import type { DeliverySettings } from './DeliverySettings.js';
import { DELIVERY_QUEUE, type DeliveryJobItem } from './DeliveryQueue.js';
import type { DeliveryRow } from './DeliveryRow.js';
import { DELIVERY_TOKENS } from './tokens.js';

/**
 * A delivery the relay of this process created and hands over: its id and its event's trace;
 * with `row` when the relay created it already claimed for this process (leased), so it is sent
 * as is, without a claim of its own.
 */
export type LocalDelivery = Pick<DeliveryJobItem, 'id' | 'traceContext'> & { row?: DeliveryRow };

type Handler = (delivery: LocalDelivery) => Promise<void>;

/** The most deliveries waiting for a free slot; the relay queues the rest as jobs. */
const MAX_WAITING = 1_000;

/**
 * Deliveries the relay of this process created and that this process sends itself, without
 * a BullMQ job: open while the process runs the delivery worker. A job costs this machine
 * more than a fast attempt (three BullMQ scripts, their round trips and bookkeeping per
 * delivery; docs/performance.md). At most `concurrency` attempts run at once, in the order
 * offered; up to MAX_WAITING more wait for a slot. The relay reads the next events once fewer
 * than `concurrency` wait (`roomForMore`), so what one process cannot send stays in the outbox
 * for the others; what still waits after a while it gives jobs (`takeWaiting`).
 *
 * Postgres stays the record: a delivery waiting here is `pending` with no job, and one being
 * sent is `delivering` under a lease (claimDeliveries) that the worker renews. If the process
 * dies, the reconciler of any process gives it a job once it is due or its lease ran out; a
 * job given earlier cannot take it from this process (the claim is exclusive both ways). A
 * delivery that must wait (retry, rate limit, open circuit) gets a delayed job then.
 */
@injectable()
export class LocalDeliveries {
  private handler: Handler | undefined;
  private readonly waiting: LocalDelivery[] = [];
  private readonly waitingIds = new Set<string>();
  /** Deliveries being sent: when each started (performance.now()) and its settled promise. */
  private readonly running = new Map<string, { since: number; done: Promise<void> }>();
  private roomWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  /**
   * The attempts start outside the relay's async context (bound where this object was made):
   * each runs in its own span, under its event's trace.
   */
  private readonly begin = AsyncResource.bind((delivery: LocalDelivery) => this.track(delivery));

  constructor(@inject(DELIVERY_TOKENS.DeliverySettings) settings: Pick<DeliverySettings, 'concurrency'>) {
    this.concurrency = Math.max(1, settings.concurrency);
  }

  /** Takes deliveries in order while there is room; returns the ones it did not take (queue them instead). */
  offer(deliveries: readonly LocalDelivery[]): LocalDelivery[] {
    if (!this.handler) return [...deliveries];
    const rest: LocalDelivery[] = [];
    for (const d of deliveries) {
      if (this.holds(d.id)) continue;
      if (this.size >= this.concurrency + MAX_WAITING) {
        rest.push(d);
        continue;
      }
      this.waiting.push(d);
      this.waitingIds.add(d.id);
    }
    this.pump();
    return rest;
  }

  /** How many deliveries would start at once if offered now (the relay creates that many already claimed). */
  freeSlots(): number {
    if (!this.handler || this.waiting.length) return 0;
    return Math.max(0, this.concurrency - this.running.size);
  }

  /** Whether this process holds `id` (waiting or being sent): the reconciler leaves it alone. */
  holds(id: string): boolean {
    return this.waitingIds.has(id) || this.running.has(id);
  }

  /** Deliveries held now, waiting and being sent (for metrics and tests). */
  get size(): number {
    return this.waiting.length + this.running.size;
  }

  /** Fewer than `concurrency` deliveries wait for a slot (or this is closed): the relay may read more events. */
  hasRoom(): boolean {
    return !this.handler || this.waiting.length < this.concurrency;
  }

  /** Resolves once `hasRoom()`. */
  roomForMore(): Promise<void> {
    if (!this.hasRoom()) return new Promise((resolve) => this.roomWaiters.push(resolve));
    return Promise.resolve();
  }

  /** Takes back the deliveries waiting for a slot (not started): the caller gives them jobs. */
  takeWaiting(): LocalDelivery[] {
    const left = this.waiting.splice(0);
    this.waitingIds.clear();
    this.wakeRoomWaiters();
    return left;
  }

  /** Deliveries whose attempt started at least `ms` ago (their leases need renewing). */
  sendingLongerThan(ms: number): string[] {
    const before = performance.now() - ms;
    return [...this.running].filter(([, r]) => r.since <= before).map(([id]) => id);
  }

  /** Starts taking deliveries; `handler` sends one and never throws. */
  open(handler: Handler): void {
    this.handler = handler;
  }

  /**
   * Stops taking deliveries, returns the ones still waiting (not started: the caller queues
   * them) and waits up to `timeoutMs` for the ones being sent. One still running then stays
   * `delivering` under its lease, and a job takes it once the lease runs out.
   */
  async close(timeoutMs: number): Promise<LocalDelivery[]> {
    this.handler = undefined;
    const left = this.takeWaiting();
    if (this.running.size) {
      await withDeadline(Promise.allSettled([...this.running.values()].map((r) => r.done)), timeoutMs, 'the deliveries this process is sending').catch(() => undefined);
    }
    return left;
  }

  private pump(): void {
    while (this.handler && this.running.size < this.concurrency && this.waiting.length) {
      const next = this.waiting.shift()!;
      this.waitingIds.delete(next.id);
      this.begin(next);
    }
    if (this.hasRoom()) this.wakeRoomWaiters();
  }

  private wakeRoomWaiters(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  private track(delivery: LocalDelivery): void {
    const handler = this.handler!;
    const { id } = delivery;
    const done = inSpan(
      `process ${DELIVERY_QUEUE}`,
      () => ({ kind: SpanKind.CONSUMER, parent: contextFrom(delivery.traceContext), attributes: messagingAttributes('lendwire', DELIVERY_QUEUE, 'process', id) }),
      () => handler(delivery),
    )
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(id);
        this.pump();
      });
    this.running.set(id, { since: performance.now(), done });
  }
}
