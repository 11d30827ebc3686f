import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { constantTimeEqual } from '../../plugin/index.js';
import { callbackManifest, fixture, renumbered, WESTLAKE_KEY } from '../callbacks/callbackSupport.js';
import { createHarness, type Harness } from '../support/harness.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { BENCH, productionLikeLogger, type RoundPair, type SideRound } from './benchSupport.js';
import { runLoad } from './runLoad.js';
import { latencyOf } from './stats.js';

const BASELINE_SCHEMA = 'bench_baseline';

/** The hand-rolled minimal durable ingest: Express, the API key, one INSERT into a raw_callbacks-like table, one BullMQ add. */
export async function startBaselineIngest(databaseUrl: string, prefix: string) {
  const knex: Knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 10 } });
  await knex.raw(`CREATE SCHEMA ${BASELINE_SCHEMA}`);
  // The same columns and indexes as lendwire.raw_callbacks, so both pay the same index maintenance.
  await knex.raw(`CREATE TABLE ${BASELINE_SCHEMA}.raw_callbacks (
    id bigserial PRIMARY KEY, lender_id text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
    content_type text, headers jsonb NOT NULL, body bytea NOT NULL, source_ip text, dedupe_key text,
    parse_status text, parse_reason text, process_status text, process_detail text, application_id text,
    lender_app_no text, lender_app_id text, process_count integer NOT NULL DEFAULT 0, processed_at timestamptz)`);
  for (const cols of ['lender_id, received_at', 'parse_status, received_at', 'lender_id, lender_app_no', 'application_id', 'lender_id, lender_app_id']) {
    await knex.raw(`CREATE INDEX ON ${BASELINE_SCHEMA}.raw_callbacks (${cols})`);
  }
  await knex.raw(`CREATE UNIQUE INDEX ON ${BASELINE_SCHEMA}.raw_callbacks (lender_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
  await knex.raw(`CREATE INDEX ON ${BASELINE_SCHEMA}.raw_callbacks (process_status, id) WHERE process_status IN ('pending', 'orphaned')`);

  const connection = new Redis(TEST_REDIS_URL);
  const queue = new Queue('baseline-callbacks', { connection, prefix });
  const app = express();
  app.post('/callbacks/:lenderId', express.raw({ type: () => true, limit: '256kb' }), async (req, res, next) => {
    try {
      if (!constantTimeEqual(req.get('x-api-key') ?? '', WESTLAKE_KEY)) {
        res.status(401).end();
        return;
      }
      const result = await knex.raw(
        `INSERT INTO ${BASELINE_SCHEMA}.raw_callbacks (lender_id, content_type, headers, body, source_ip, process_status) VALUES (?, ?, ?::jsonb, ?, ?, 'pending') RETURNING id`,
        [req.params.lenderId, req.get('content-type') ?? null, JSON.stringify(req.headers), req.body as Buffer, req.socket.remoteAddress ?? null],
      );
      const id = String((result as { rows: { id: string }[] }).rows[0].id);
      await queue.add('process', { rawCallbackId: id }, { jobId: `raw-${id}`, removeOnComplete: true, removeOnFail: true });
      res.json({ received: true, id });
    } catch (err) {
      next(err);
    }
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      connection.disconnect();
      await knex.destroy();
    },
  };
}

/** A thousand distinct stage-2 appTRAKER callbacks (distinct bodies, as a busy lender would send). */
export function callbackBodies(): string[] {
  const template = fixture('02-decision-conditioned.json');
  return Array.from({ length: 1000 }, (_, i) => renumbered(template, `AT-B${i}`, String(3_000_000 + i)));
}

async function measure(origin: string, path: string, bodies: string[]): Promise<SideRound> {
  const result = await runLoad({
    origin,
    path,
    headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
    bodies,
    connections: BENCH.ingestConnections,
    durationMs: BENCH.ingestDurationMs,
    warmupMs: BENCH.ingestWarmupMs,
  });
  if (result.failed) console.warn(`  ${result.failed} failed requests (first: ${result.firstFailure})`);
  return { throughput: result.ok / (result.measuredMs / 1000), ...latencyOf(result.latencies), failed: result.failed };
}

/**
 * Callback ingest, closed loop at 50 connections: lendwire's POST /lendwire/callbacks/westlake
 * (appTRAKER, X-API-KEY) against the minimal ingest, rounds interleaved. Lendwire runs
 * without its workers (as an API process with `lendwire worker` elsewhere), like the
 * baseline, which has no consumer either: only the ingest path is compared.
 */
export async function ingestBenchmark(): Promise<RoundPair[]> {
  let h: Harness | undefined;
  let baseline: Awaited<ReturnType<typeof startBaselineIngest>> | undefined;
  try {
    h = await createHarness({ manifest: callbackManifest(), register: registerBuiltInAdapters, start: false, extra: { logger: productionLikeLogger() } });
    baseline = await startBaselineIngest(h.db.url, h.redis.prefix);
    const bodies = callbackBodies();
    const lendwireOrigin = new URL(h.url).origin;
    // One unrecorded round per side first, so round 1 does not measure the JIT compiler.
    await measure(baseline.origin, '/callbacks/westlake', bodies);
    await measure(lendwireOrigin, '/lendwire/callbacks/westlake', bodies);
    const pairs: RoundPair[] = [];
    for (let round = 1; round <= BENCH.rounds; round++) {
      const b = await measure(baseline.origin, '/callbacks/westlake', bodies);
      const l = await measure(lendwireOrigin, '/lendwire/callbacks/westlake', bodies);
      pairs.push({ round, baseline: b, lendwire: l, ratio: l.throughput / b.throughput });
      console.log(`  ingest round ${round}: baseline ${b.throughput.toFixed(0)}/s p99 ${b.p99.toFixed(1)} ms | lendwire ${l.throughput.toFixed(0)}/s p99 ${l.p99.toFixed(1)} ms | ratio ${(l.throughput / b.throughput).toFixed(3)}`);
    }
    return pairs;
  } finally {
    await baseline?.close();
    await h?.close();
  }
}
