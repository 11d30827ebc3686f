/**
 * Where the time goes per callback: one open-loop run of the callback -> webhook chain
 * with every SQL statement counted (knex 'query' events) and, when Redis is a private
 * server, every Redis command (INFO commandstats before and after).
 *
 *   PROFILE_RATE=200 PROFILE_DURATION_MS=5000 npx tsx test/bench/profileCallbacks.ts
 *   node --cpu-prof --cpu-prof-dir=test-artifacts/prof --import tsx test/bench/profileCallbacks.ts
 */
import { Redis } from 'ioredis';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createHarness } from '../support/harness.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { productionLikeLogger } from './benchSupport.js';
import { startBenchReceiver } from './benchReceiver.js';
import { backlogGrows, runCallbackChain } from './callbackChain.js';
import { benchManifest } from './deliveryBench.js';
import { latencyOf } from './stats.js';

const rate = Number(process.env.PROFILE_RATE ?? 200);
const durationMs = Number(process.env.PROFILE_DURATION_MS ?? 5000);
/** Overrides runtime.concurrency.callbacks when set. */
const concurrency = process.env.PROFILE_CALLBACK_CONCURRENCY ? Number(process.env.PROFILE_CALLBACK_CONCURRENCY) : undefined;

/** Statement shapes: literals and placeholders collapse, so one kind of query is one line. */
function shape(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').replace(/'[^']*'/g, "'…'").slice(0, 160);
}

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const out = new Map<string, number>();
  for (const m of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) out.set(m[1], Number(m[2]));
  return out;
}

async function main(): Promise<void> {
  const arrivals = new Map<string, number>();
  const receiver = await startBenchReceiver((key, at) => {
    if (!arrivals.has(key)) arrivals.set(key, at);
  });
  const manifest = { ...benchManifest(receiver.url), ...(concurrency ? { runtime: { concurrency: { callbacks: concurrency } } } : {}) };
  const h = await createHarness({ manifest, register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
  const statsRedis = new Redis(TEST_REDIS_URL);
  try {
    await runCallbackChain(h, arrivals, { tag: 'warm', rate: Math.min(rate, 100), durationMs: 1000 });
    const queries = new Map<string, number>();
    const count = (q: { sql: string }) => queries.set(shape(q.sql), (queries.get(shape(q.sql)) ?? 0) + 1);
    h.db.knex.on('query', count);
    const redisBefore = await commandStats(statsRedis);
    const run = await runCallbackChain(h, arrivals, { tag: 'prof', rate, durationMs });
    const redisAfter = await commandStats(statsRedis);
    h.db.knex.off('query', count);
    const n = Math.round((rate * durationMs) / 1000);
    const lat = latencyOf(run.latencies);
    console.log(`rate ${rate}/s for ${durationMs} ms: ${run.latencies.length}/${n} delivered, missing ${run.missing}, failed posts ${run.failedPosts}`);
    console.log(`callback -> webhook p50 ${lat.p50.toFixed(1)} ms p99 ${lat.p99.toFixed(1)} ms`);
    console.log(`backlog (unanswered/callbacks/outbox/deliveries per second): ${run.backlog.map((s) => `${s.unanswered}/${s.callbacks}/${s.outbox}/${s.deliveries}`).join(' ')}`);
    console.log(`backlog grows: ${JSON.stringify(backlogGrows(run, durationMs))}`);
    const totalQueries = [...queries.values()].reduce((a, b) => a + b, 0);
    console.log(`\nSQL statements: ${totalQueries} (${(totalQueries / n).toFixed(2)} per callback)`);
    for (const [sql, c] of [...queries].sort((a, b) => b[1] - a[1])) console.log(`${(c / n).toFixed(2).padStart(7)}  ${sql}`);
    const redisCalls = [...redisAfter].map(([cmd, c]) => [cmd, c - (redisBefore.get(cmd) ?? 0)] as const).filter(([, c]) => c > 0);
    const totalRedis = redisCalls.reduce((a, [, c]) => a + c, 0);
    console.log(`\nRedis commands on ${TEST_REDIS_URL} (whole server, so only meaningful on a private one): ${totalRedis} (${(totalRedis / n).toFixed(2)} per callback)`);
    for (const [cmd, c] of redisCalls.sort((a, b) => b[1] - a[1])) console.log(`${(c / n).toFixed(2).padStart(7)}  ${cmd}`);
  } finally {
    statsRedis.disconnect();
    await h.close();
    await receiver.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
