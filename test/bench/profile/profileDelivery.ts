/**
 * Where the time goes per delivery: a batch of N events (default 2000) through
 * lendwire against a private redis-server, counting SQL statements (knex
 * 'query' events, by statement shape) and Redis commands (MONITOR) per delivery.
 * PROFILE_CPU=1 also records a CPU profile of the measured batch only (counters
 * off, they cost CPU themselves) to test-artifacts/profiles/delivery.cpuprofile;
 * summarizeCpuProfile.ts prints its hot spots.
 *   node --import tsx test/bench/profile/profileDelivery.ts
 * Knobs: PROFILE_EVENTS (2000), PROFILE_CONCURRENCY, PROFILE_MAX_IN_FLIGHT, PROFILE_CPU.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startPrivateRedis, monitorCommands } from './privateRedis.js';
import { countQueries, printCounts } from './countQueries.js';

const N = Number(process.env.PROFILE_EVENTS ?? 2000);
const redisServer = await startPrivateRedis();
process.env.TEST_REDIS_URL = redisServer.url;
// Imported after TEST_REDIS_URL is set: the test support reads it when loaded.
const { createHarness } = await import('../../support/harness.js');
const { registerBuiltInAdapters } = await import('../../../adapters/index.js');
const { appendEvent } = await import('../../../plugin/outbox/appendEvent.js');
const { benchManifest } = await import('../deliveryBench.js');
const { productionLikeLogger } = await import('../benchSupport.js');
const { startBenchReceiver } = await import('../benchReceiver.js');

let received = 0;
const receiver = await startBenchReceiver(() => received++);
const manifest = benchManifest(receiver.url) as { delivery: Record<string, unknown> };
if (process.env.PROFILE_CONCURRENCY) manifest.delivery.concurrency = Number(process.env.PROFILE_CONCURRENCY);
if (process.env.PROFILE_MAX_IN_FLIGHT) manifest.delivery.maxInFlightPerEndpoint = Number(process.env.PROFILE_MAX_IN_FLIGHT);
const h = await createHarness({ manifest, register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
const delivered = async () => Number((await h.db.knex.raw(`SELECT count(*)::int AS n FROM lendwire.deliveries WHERE status = 'succeeded'`)).rows[0].n);

async function batch(size: number, tag: string, written: () => Promise<unknown> = async () => undefined): Promise<number> {
  const before = await delivered();
  await h.db.knex.transaction(async (trx) => {
    for (let i = 0; i < size; i++) {
      const key = `${tag}-${i}`;
      await appendEvent(trx, 'lendwire', { type: 'application.status_changed', applicationId: `app_${key}`, dealerId: 'dealer-1', data: { applicationId: `app_${key}`, status: 'approved', benchKey: key } });
    }
  });
  const t0 = performance.now();
  await written();
  while ((await delivered()) < before + size) await new Promise((r) => setTimeout(r, 5));
  return performance.now() - t0;
}

try {
  await batch(Math.min(500, N), 'warmup');
  if (process.env.PROFILE_CPU) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    // Started once the events are committed: their writes are not the delivery path.
    const ms = await batch(N, 'measured', () => session.post('Profiler.start'));
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync('test-artifacts/profiles', { recursive: true });
    writeFileSync('test-artifacts/profiles/delivery.cpuprofile', JSON.stringify(profile));
    console.log(`${N} deliveries in ${ms.toFixed(0)} ms: ${((N / ms) * 1000).toFixed(0)}/s; CPU profile in test-artifacts/profiles/delivery.cpuprofile`);
  } else {
    const queries = countQueries(h.db.knex);
    const monitor = await monitorCommands(redisServer.url);
    const ms = await batch(N, 'measured');
    await new Promise((r) => setTimeout(r, 200));
    await monitor.stop();
    queries.stop();
    console.log(`${N} deliveries in ${ms.toFixed(0)} ms: ${((N / ms) * 1000).toFixed(0)}/s (receiver saw ${received})`);
    printCounts("SQL statements (lendwire process; the writes of the events and the profiler's count polls included)", queries.counts, N);
    printCounts('Redis commands sent (MONITOR, scripts counted once)', monitor.counts, N);
  }
} finally {
  await h.close();
  await receiver.close();
  await redisServer.stop();
}
process.exit(0);
