import knexFactory, { type Knex } from 'knex';
import { Redis } from 'ioredis';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { appendEvent } from '../../plugin/events/appendEvent.js';
import { Queue } from '../../plugin/queue/bullmq.js';
import { callbackManifest, fixture, renumbering, WESTLAKE_KEY } from '../callbacks/callbackSupport.js';
import { deliveryManifest, manifestSecret, subscription } from '../delivery/support/deliveryTestKit.js';
import { createHarness, type Harness } from '../support/harness.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { BENCH, productionLikeLogger, sleep, type RoundPair, type SideRound } from './benchSupport.js';
import { epochNow, startBenchPeer, type BenchPeer } from './peer.js';
import { latencyOf } from './stats.js';
import { appendSteadyTrace, sampleEventLoopLags, STEADY_TRACE_FILE, type SteadyRoundTrace } from './steadyTrace.js';
import { eventStages } from './profile/steadyStages.js';
import { forkBaseline } from './baselines/forkBaseline.js';
import { BASELINE_QUEUE, BASELINE_SCHEMA } from './baselines/baselineNames.js';

const EVENT_TYPE = 'application.status_changed';

async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * The newest attempt row's id in `schema`.delivery_attempts: `attemptsSince(mark)` counts the
 * rows after it, a primary-key range. Both sides are polled this way: an attempt row is written
 * with its delivery's outcome (lendwire: one statement), so the rows after the mark are this
 * round's recorded deliveries, and the poll's cost does not grow with earlier rounds' rows.
 */
export async function attemptsMark(knex: Knex, schema: string): Promise<number> {
  return Number((await knex.raw(`SELECT coalesce(max(id), 0)::bigint AS n FROM ${schema}.delivery_attempts`)).rows[0].n);
}

export async function attemptsSince(knex: Knex, schema: string, mark: number): Promise<number> {
  return Number((await knex.raw(`SELECT count(*)::int AS n FROM ${schema}.delivery_attempts WHERE id > ?`, [mark])).rows[0].n);
}

/**
 * The hand-rolled minimal delivery loop: a BullMQ worker that signs (HMAC-SHA256, Standard
 * Webhooks), POSTs with undici and INSERTs the attempt (baselines/deliveryBaseline.ts). The
 * worker runs in a process of its own, so its pools and garbage stay out of the host RSS the
 * bench reports; its jobs are added here, where lendwire's events are written too.
 */
export async function startBaselineDelivery(databaseUrl: string, prefix: string, url: string) {
  const worker = await forkBaseline({ which: 'delivery', options: { databaseUrl, prefix, redisUrl: TEST_REDIS_URL, url, secret: manifestSecret() } });
  const knex: Knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  const queueConnection = new Redis(TEST_REDIS_URL);
  const queue = new Queue(BASELINE_QUEUE, { connection: queueConnection, prefix });
  let seq = 0;
  const job = (benchKey: string) => ({
    name: 'deliver',
    data: { type: EVENT_TYPE, timestamp: new Date().toISOString(), data: { applicationId: `app_${benchKey}`, status: 'approved', previousStatus: 'pending', benchKey } },
    opts: { jobId: `msg_bench${++seq}`, removeOnComplete: true, removeOnFail: true, attempts: 3 },
  });
  return {
    recordedMark: () => attemptsMark(knex, BASELINE_SCHEMA),
    recordedSince: (mark: number) => attemptsSince(knex, BASELINE_SCHEMA, mark),
    /** Writes a batch with the worker paused; returns once it is written. */
    async writeBatch(keys: string[]) {
      await worker.call('pause');
      await queue.addBulk(keys.map(job));
    },
    resume: () => worker.call('resume'),
    async writeOne(benchKey: string) {
      const j = job(benchKey);
      await queue.add(j.name, j.data, j.opts);
    },
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      await knex.destroy();
    },
  };
}

export type Baseline = Awaited<ReturnType<typeof startBaselineDelivery>>;

function lendwireEvent(benchKey: string) {
  return { type: EVENT_TYPE, applicationId: `app_${benchKey}`, dealerId: 'dealer-1', data: { applicationId: `app_${benchKey}`, status: 'approved', previousStatus: 'pending', benchKey } };
}

/** Writes one lendwire event per key. Features write events in their own transactions; one transaction here makes the whole batch visible at once. */
export async function writeLendwireBatch(h: Harness, keys: readonly string[]): Promise<void> {
  await h.db.knex.transaction(async (trx) => {
    for (const key of keys) await appendEvent(trx, 'lendwire', lendwireEvent(key));
  });
}

/** Batch throughput, one side: N events durably written while the side is idle, timed until all N attempts are recorded as delivered. */
export async function batchRound(side: 'baseline' | 'lendwire', round: number, baseline: Baseline, h: Harness, peer: BenchPeer, size = BENCH.deliveryBatch): Promise<SideRound> {
  const { arrivals } = peer;
  const keys = Array.from({ length: size }, (_, i) => `${side}-batch-${round}-${i}`);
  // Completion is polled every 10 ms, on both sides the same way: the attempt rows after the round's
  // mark (a primary-key range), so the poll's cost does not grow with the rows earlier rounds left.
  const mark = side === 'baseline' ? await baseline.recordedMark() : await attemptsMark(h.db.knex, 'lendwire');
  const recorded = side === 'baseline' ? () => baseline.recordedSince(mark) : () => attemptsSince(h.db.knex, 'lendwire', mark);
  let t0: number;
  if (side === 'baseline') {
    await baseline.writeBatch(keys);
    t0 = epochNow();
    await baseline.resume();
  } else {
    await writeLendwireBatch(h, keys);
    t0 = epochNow();
  }
  await until(async () => (await recorded()) >= keys.length, 120_000, `${side} batch ${round}`);
  const elapsedMs = epochNow() - t0;
  // Arrivals reach this process within 10 ms of their time at the receiver.
  await until(() => keys.every((k) => arrivals.has(k)), 2_000, 'the batch arrivals').catch(() => undefined);
  const latencies = keys.filter((k) => arrivals.has(k)).map((k) => arrivals.get(k)! - t0);
  return { throughput: keys.length / (elapsedMs / 1000), ...latencyOf(latencies), failed: keys.filter((k) => !arrivals.has(k)).length };
}

/**
 * Open loop at `rate` per second for `durationMs`: each write starts on schedule whether or not the
 * previous one finished. Latency = write started -> receiver got the webhook.
 */
async function steadyLoad(
  peer: BenchPeer,
  rate: number,
  durationMs: number,
  send: (i: number) => Promise<unknown>,
  keyOf: (i: number) => string,
): Promise<{ latencies: number[]; missing: number; failedWrites: number } & Pick<SteadyRoundTrace, 'events' | 'lags'>> {
  const { arrivals } = peer;
  const total = Math.round((rate * durationMs) / 1000);
  const startedAt = new Map<string, number>();
  const written = new Map<string, number>();
  const writes: Promise<unknown>[] = [];
  let failedWrites = 0;
  const t0 = performance.now();
  const lagSampler = STEADY_TRACE_FILE ? sampleEventLoopLags() : undefined;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    startedAt.set(keyOf(i), epochNow());
    writes.push(
      send(i)
        .then(() => STEADY_TRACE_FILE && written.set(keyOf(i), epochNow()))
        .catch(() => failedWrites++),
    );
  }
  await Promise.all(writes);
  const lags = lagSampler?.stop() ?? [];
  await until(() => [...startedAt.keys()].every((k) => arrivals.has(k)), 30_000, 'steady-rate deliveries').catch(() => undefined);
  const latencies: number[] = [];
  for (const [k, t] of startedAt) if (arrivals.has(k)) latencies.push(arrivals.get(k)! - t);
  const events = [...startedAt].map(([k, t]): SteadyRoundTrace['events'][number] => [k, t, arrivals.has(k) ? arrivals.get(k)! - t : null, written.has(k) ? written.get(k)! - t : null]);
  return { latencies, missing: total - latencies.length, failedWrites, events, lags };
}

export async function steadyRound(side: 'baseline' | 'lendwire', round: number, baseline: Baseline, h: Harness, peer: BenchPeer): Promise<SideRound> {
  const prefix = `${side}-steady-${round}-`;
  const keyOf = (i: number) => `${prefix}${i}`;
  const send =
    side === 'baseline'
      ? (i: number) => baseline.writeOne(keyOf(i))
      : // One statement, committed on its own: one round trip per event, as the baseline's one queue add.
        (i: number) => appendEvent(h.db.knex, 'lendwire', lendwireEvent(keyOf(i)));
  const { latencies, missing, failedWrites, events, lags } = await steadyLoad(peer, BENCH.steadyRate, BENCH.steadyDurationMs, send, keyOf);
  if (STEADY_TRACE_FILE) {
    const stages = side === 'lendwire' ? await eventStages(h.db.knex, prefix) : undefined;
    appendSteadyTrace(STEADY_TRACE_FILE, { side, round, events, lags, stages });
  }
  return { throughput: latencies.length / (BENCH.steadyDurationMs / 1000), ...latencyOf(latencies), failed: missing + failedWrites };
}

/**
 * The whole lendwire path at a steady rate: an appTRAKER stage-2 callback POSTed to
 * lendwire -> stored -> processed (status change, outbox) -> relayed -> webhook at the
 * receiver. No baseline: the bar of docs/design.md is absolute (p99 <= 250 ms at 200/s).
 */
async function callbackToWebhookRound(round: number, h: Harness, peer: BenchPeer): Promise<SideRound> {
  const total = Math.round((BENCH.steadyRate * BENCH.steadyDurationMs) / 1000);
  const appId = (i: number) => `app_chain${round}x${i}`;
  const appNo = (i: number) => String(5_000_000 + round * 100_000 + i);
  await h.db.knex
    .withSchema('lendwire')
    .table('applications')
    .insert(Array.from({ length: total }, (_, i) => ({ id: appId(i), dealer_id: 'dealer-1', lender_id: 'westlake', status: 'received', lender_app_id: `AT-C${round}x${i}`, lender_app_no: appNo(i), application: '{}' })));
  const template = fixture('02-decision-conditioned.json');
  const url = new URL(h.url);
  const requests = Array.from({ length: total }, (_, i) => ({ key: appId(i), path: `${url.pathname}/callbacks/westlake`, replace: renumbering(`AT-C${round}x${i}`, appNo(i)) }));
  const { startedAt, failed } = await peer.send(url.origin, { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY }, requests, BENCH.steadyRate, template);
  await until(() => requests.every((r) => peer.arrivals.has(r.key)), 30_000, 'callback -> webhook deliveries').catch(() => undefined);
  const latencies: number[] = [];
  for (const [k, t] of startedAt) if (peer.arrivals.has(k)) latencies.push(peer.arrivals.get(k)! - t);
  return { throughput: latencies.length / (BENCH.steadyDurationMs / 1000), ...latencyOf(latencies), failed: total - latencies.length + failed };
}

/** The delivery tests' manifest with production timings, one subscription to `url` and the callback tests' lenders. */
export function benchManifest(url: string): Record<string, unknown> {
  return {
    ...deliveryManifest({
      // The default 50/s per endpoint would cap lendwire below the rates measured here; the baseline has no limit.
      subscriptions: [subscription('bench', url, { rateLimit: { perSecond: 100_000, burst: 100_000 } })],
      // Production defaults, not the tests' scaled-down timings.
      delivery: { retrySchedule: ['1s', '5s', '30s'], relayPollInterval: '1s', reconcileInterval: '30s', stalledJobTimeout: '30s' },
    }),
    lenders: callbackManifest().lenders,
  };
}

export interface DeliveryResults {
  batch: RoundPair[];
  steady: RoundPair[];
  callbackToWebhook: SideRound[];
}

/**
 * Outbound delivery: lendwire (outbox -> relay -> worker -> signed POST -> attempt recorded)
 * against the minimal loop, batch throughput and steady-rate latency, rounds interleaved;
 * then lendwire's callback -> webhook latency at the steady rate.
 */
export async function deliveryBenchmark(): Promise<DeliveryResults> {
  let h: Harness | undefined;
  let baseline: Baseline | undefined;
  // Both sides' receivers (and the lender sending callbacks) run in the bench peer, as partners run elsewhere.
  const peer = await startBenchPeer();
  try {
    h = await createHarness({ manifest: benchManifest(await peer.receiver()), register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
    baseline = await startBaselineDelivery(h.db.url, h.redis.prefix, await peer.receiver());
    const results: DeliveryResults = { batch: [], steady: [], callbackToWebhook: [] };
    // One unrecorded warm-up batch per side, so round 1 does not measure the JIT compiler.
    await batchRound('baseline', 0, baseline, h, peer, Math.min(500, BENCH.deliveryBatch));
    await batchRound('lendwire', 0, baseline, h, peer, Math.min(500, BENCH.deliveryBatch));
    for (let round = 1; round <= BENCH.rounds; round++) {
      const b = await batchRound('baseline', round, baseline, h, peer);
      const l = await batchRound('lendwire', round, baseline, h, peer);
      results.batch.push({ round, baseline: b, lendwire: l, ratio: l.throughput / b.throughput });
      console.log(`  delivery batch round ${round}: baseline ${b.throughput.toFixed(0)}/s | lendwire ${l.throughput.toFixed(0)}/s | ratio ${(l.throughput / b.throughput).toFixed(3)}`);
    }
    // One unrecorded round per side first, as for the other benchmarks: the batch rounds warm a
    // different path (one big transaction of events, full relay passes) than single events at 200/s.
    await steadyRound('baseline', 0, baseline, h, peer);
    await steadyRound('lendwire', 0, baseline, h, peer);
    for (let round = 1; round <= BENCH.rounds; round++) {
      const b = await steadyRound('baseline', round, baseline, h, peer);
      const l = await steadyRound('lendwire', round, baseline, h, peer);
      // At a fixed offered rate throughput only shows losses; the comparison is the latency.
      results.steady.push({ round, baseline: b, lendwire: l, ratio: l.throughput / b.throughput });
      console.log(`  delivery steady round ${round}: baseline p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} ms | lendwire p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} ms`);
    }
    // Unrecorded warm-up: the first burst through callback processing otherwise measures its JIT compilation.
    await callbackToWebhookRound(0, h, peer);
    for (let round = 1; round <= BENCH.rounds; round++) {
      const c = await callbackToWebhookRound(round, h, peer);
      results.callbackToWebhook.push(c);
      console.log(`  callback -> webhook round ${round}: p50 ${c.p50.toFixed(1)} p99 ${c.p99.toFixed(1)} ms, ${c.failed} missing`);
    }
    return results;
  } finally {
    await baseline?.close();
    await h?.close();
    await peer.close();
  }
}
