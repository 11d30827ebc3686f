import type { Knex } from 'knex';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest, submitBody } from '../applications/support/fixtures.js';
// undici's Pool from its own file, as lendwire loads it: the bench process is the host whose RSS is reported.
import { Pool } from '../../plugin/outbound/undici.js';
import { FIXTURE_TODAY } from '../support/applicationHarness.js';
import { createHarness, type Harness } from '../support/harness.js';
import { BENCH, productionLikeLogger, sleep, type SideRound } from './benchSupport.js';
import { latencyOf, quantile } from './stats.js';
import { startBenchServer } from './benchReceiver.js';

/** An appTRAKER-compatible lender on 127.0.0.1: answers RECEIVED at once and reports each request's ExternalReference with its arrival time. */
export async function startBenchLender(onArrival: (externalRef: string, at: number) => void) {
  let seq = 0;
  const server = await startBenchServer((body, at, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ AppId: `AT-B${++seq}`, Status: 'RECEIVED' }));
    try {
      const ref = (JSON.parse(body) as { ExternalReference?: string }).ExternalReference;
      if (ref) onArrival(ref, at);
    } catch {
      // not a benchmark submission
    }
  });
  return { url: `${server.origin}/api/applications`, close: server.close };
}

export interface SubmissionRound extends SideRound {
  /** POST /applications answered (202), ms. */
  accepted: { p50: number; p99: number };
  /** Where the rest goes (from the rows' timestamps): application committed -> submission row written (queue, worker pickup, claim), ms. */
  pickup: { p50: number; p99: number };
}

async function pickupLatency(knex: Knex, refs: string[]): Promise<{ p50: number; p99: number }> {
  const { rows } = await knex.raw(
    `SELECT extract(epoch FROM s.started_at - a.created_at) * 1000 AS ms
       FROM lendwire.applications a JOIN lendwire.submissions s ON s.application_id = a.id AND s.attempt = 1
      WHERE a.external_ref = ANY(?)`,
    [refs],
  );
  const values = (rows as { ms: string }[]).map((r) => Number(r.ms));
  return { p50: quantile(values, 0.5), p99: quantile(values, 0.99) };
}

/**
 * Dealer POST /applications -> the lender receives the request, open loop at
 * `rate` per second: each POST starts on schedule whether or not the previous
 * one was answered. The bar of docs/design.md: p99 <= 100 ms at 20/s. No baseline (absolute bar).
 */
export async function submissionRound(h: Harness, arrivals: Map<string, number>, round: number, rate: number, durationMs: number): Promise<SubmissionRound> {
  const total = Math.round((rate * durationMs) / 1000);
  const url = new URL(h.url);
  const pool = new Pool(url.origin, { connections: 20 });
  const startedAt = new Map<string, number>();
  const acceptedMs: number[] = [];
  let failed = 0;
  const posts: Promise<void>[] = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
      const ref = `bench-sub-${round}-${i}`;
      // Spread over dealers the way a platform's traffic is (the per-dealer hourly limit is per dealer and lender).
      const body = JSON.stringify(submitBody({ externalRef: ref, dealerId: i % 2 ? 'dealer-1' : 'dealer-2' }));
      startedAt.set(ref, performance.now());
      posts.push(
        pool
          .request({ method: 'POST', path: `${url.pathname}/applications`, headers: { 'content-type': 'application/json', authorization: 'Bearer admin-token' }, body })
          .then(async (res) => {
            await res.body.text();
            if (res.statusCode !== 202) throw new Error(`HTTP ${res.statusCode}`);
            acceptedMs.push(performance.now() - startedAt.get(ref)!);
          })
          .catch(() => void failed++),
      );
    }
    await Promise.all(posts);
    const deadline = performance.now() + 30_000;
    while ([...startedAt.keys()].some((k) => !arrivals.has(k)) && performance.now() < deadline) await sleep(10);
  } finally {
    await pool.close();
  }
  const latencies: number[] = [];
  for (const [ref, t] of startedAt) if (arrivals.has(ref)) latencies.push(arrivals.get(ref)! - t);
  return {
    throughput: latencies.length / (durationMs / 1000),
    ...latencyOf(latencies),
    failed: failed + (total - latencies.length),
    accepted: latencyOf(acceptedMs),
    pickup: await pickupLatency(h.db.knex, [...startedAt.keys()]),
  };
}

/** lendwire with appTRAKER lenders, the first one submitting to `lenderUrl`, production-like logging. */
export function submissionHarness(lenderUrl: string): Promise<Harness> {
  return createHarness({
    manifest: applicationManifest({ url: lenderUrl, timeoutMs: 10_000, perDealerPerHour: 1_000_000 }),
    register: registerBuiltInAdapters,
    // The shared application fixture is valid on FIXTURE_TODAY (applicant's age, first payment date).
    extra: { logger: productionLikeLogger(), clock: { now: () => FIXTURE_TODAY } },
  });
}

/** Dealer submission latency (POST -> lender), BENCH.rounds rounds after an unrecorded warm-up. */
export async function submissionBenchmark(rate = BENCH.submissionRate, durationMs = BENCH.steadyDurationMs): Promise<SubmissionRound[]> {
  const arrivals = new Map<string, number>();
  const lender = await startBenchLender((ref, at) => {
    if (!arrivals.has(ref)) arrivals.set(ref, at);
  });
  let h: Harness | undefined;
  try {
    h = await submissionHarness(lender.url);
    await submissionRound(h, arrivals, 0, rate, Math.min(2000, durationMs));
    const rounds: SubmissionRound[] = [];
    for (let round = 1; round <= BENCH.rounds; round++) {
      const r = await submissionRound(h, arrivals, round, rate, durationMs);
      rounds.push(r);
      console.log(
        `  submission round ${round}: POST -> lender p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms (202 answered p99 ${r.accepted.p99.toFixed(1)} ms; committed -> worker claimed p99 ${r.pickup.p99.toFixed(1)} ms), ${r.failed} failed`,
      );
    }
    return rounds;
  } finally {
    await h?.close();
    await lender.close();
  }
}

// Standalone: node --import tsx test/bench/submissionBench.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  submissionBenchmark().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
