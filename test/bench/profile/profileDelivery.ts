/**
 * Where the time goes per delivery: a batch of N events (default 2000) through
 * lendwire against a private redis-server, counting SQL statements (knex
 * 'query' events, by statement shape) and Redis commands (MONITOR) per delivery.
 * PROFILE_CPU=1 also records a CPU profile of the measured batch only (counters
 * off, they cost CPU themselves) to test-artifacts/profiles/delivery.cpuprofile;
 * summarizeCpuProfile.ts prints its hot spots.
 *   node --import tsx test/bench/profile/profileDelivery.ts
 * PROFILE_RATE=200 instead sends events at that rate (one transaction each, for
 * PROFILE_SECONDS, default 5) and prints where the latency goes per stage.
 * Knobs: PROFILE_EVENTS (2000), PROFILE_CONCURRENCY, PROFILE_MAX_IN_FLIGHT, PROFILE_CPU, PROFILE_RATE.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startPrivateRedis, monitorCommands } from './privateRedis.js';
import { countQueries, printCounts } from './countQueries.js';

const N = Number(process.env.PROFILE_EVENTS ?? 2000);
const redisServer = await startPrivateRedis();
process.env.TEST_REDIS_URL = redisServer.url;
// Imported after TEST_REDIS_URL is set: the test support reads it when loaded.
const { createHarness } = await import('../../support/harness.js');
const { registerBuiltInAdapters } = await import('../../../adapters/index.js');
const { appendEvent } = await import('../../../plugin/events/appendEvent.js');
const { benchManifest } = await import('../deliveryBench.js');
const { productionLikeLogger } = await import('../benchSupport.js');
const { startBenchReceiver } = await import('../benchReceiver.js');
const { steadyStages } = await import('./steadyStages.js');

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
  if (process.env.PROFILE_RATE) {
    const rate = Number(process.env.PROFILE_RATE);
    const total = rate * Number(process.env.PROFILE_SECONDS ?? 5);
    const since = new Date(Date.now() - 1000);
    const before = await delivered();
    const queries = countQueries(h.db.knex);
    const monitor = process.env.PROFILE_CPU ? undefined : await monitorCommands(redisServer.url);
    const session = process.env.PROFILE_CPU ? new Session() : undefined;
    session?.connect();
    await session?.post('Profiler.enable');
    await session?.post('Profiler.start');
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const t0 = performance.now();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const key = `steady-${i}`;
      writes.push(h.db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.status_changed', applicationId: `app_${key}`, dealerId: 'dealer-1', data: { applicationId: `app_${key}`, benchKey: key } })));
    }
    await Promise.all(writes);
    while ((await delivered()) < before + total) await new Promise((r) => setTimeout(r, 20));
    await monitor?.stop();
    queries.stop();
    loopDelay.disable();
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync('test-artifacts/profiles', { recursive: true });
      writeFileSync('test-artifacts/profiles/delivery-steady.cpuprofile', JSON.stringify(profile));
    }
    console.log(`${total} events at ${rate}/s; latency by stage (ms):`, JSON.stringify(await steadyStages(h.db.knex, since)));
    console.log(`event-loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
    printCounts('SQL statements (the event writes included: 4 per event)', queries.counts, total);
    if (monitor) printCounts('Redis commands sent', monitor.counts, total);
  } else if (process.env.PROFILE_CPU) {
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
