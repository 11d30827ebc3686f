/**
 * Where the time goes per callback: one open-loop run of the callback -> webhook chain
 * against a private redis-server it starts itself, counting every SQL statement (knex
 * 'query' events), every Redis command the server ran (INFO commandstats, commands
 * inside Lua scripts included), every Redis round trip the clients sent (MONITOR,
 * a script counted once) and the CPU time of this process (`process.cpuUsage()`: it
 * holds ingest, workers, relay and delivery; the lender's POSTs and the receiver run in the bench peer).
 *
 *   PROFILE_RATE=200 PROFILE_DURATION_MS=5000 npx tsx test/bench/profileCallbacks.ts
 *   node --cpu-prof --cpu-prof-dir=test-artifacts/prof --import tsx test/bench/profileCallbacks.ts
 */
import { Redis } from 'ioredis';
import { startPrivateRedis, monitorCommands } from './profile/privateRedis.js';
import { cpuPer, machineCpu } from './profile/machineCpu.js';
import { countRelayPasses, describeRelayPasses } from './profile/relayPasses.js';

const rate = Number(process.env.PROFILE_RATE ?? 200);
const durationMs = Number(process.env.PROFILE_DURATION_MS ?? 5000);
/** Overrides runtime.concurrency.callbacks when set. */
const concurrency = process.env.PROFILE_CALLBACK_CONCURRENCY ? Number(process.env.PROFILE_CALLBACK_CONCURRENCY) : undefined;

const redisServer = await startPrivateRedis();
process.env.TEST_REDIS_URL = redisServer.url;
// Imported after TEST_REDIS_URL is set: the test support reads it when loaded.
const { registerBuiltInAdapters } = await import('../../adapters/index.js');
const { createHarness } = await import('../support/harness.js');
const { productionLikeLogger } = await import('./benchSupport.js');
const { startBenchPeer } = await import('./peer.js');
const { backlogGrows, runCallbackChain } = await import('./callbackChain.js');
const { benchManifest } = await import('./deliveryBench.js');
const { latencyOf } = await import('./stats.js');

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

function printPer(title: string, counts: Iterable<readonly [string, number]>, n: number): void {
  const rows = [...counts].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((a, [, c]) => a + c, 0);
  console.log(`\n${title}: ${total} (${(total / n).toFixed(2)} per callback)`);
  for (const [name, c] of rows) console.log(`${(c / n).toFixed(2).padStart(7)}  ${name}`);
}

const peer = await startBenchPeer();
const manifest = { ...benchManifest(await peer.receiver()), ...(concurrency ? { runtime: { concurrency: { callbacks: concurrency } } } : {}) };
const h = await createHarness({ manifest, register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
const statsRedis = new Redis(redisServer.url);
try {
  await runCallbackChain(h, peer, { tag: 'warm', rate: Math.min(rate, 100), durationMs: 1000 });
  const queries = new Map<string, number>();
  const count = (q: { sql: string }) => queries.set(shape(q.sql), (queries.get(shape(q.sql)) ?? 0) + 1);
  // PROFILE_COUNT=0: timings and CPU only, without the counters' own cost (MONITOR alone doubles Redis' work).
  const counting = process.env.PROFILE_COUNT !== '0';
  if (counting) h.db.knex.on('query', count);
  const relay = countRelayPasses(h.db.knex);
  const monitor = counting ? await monitorCommands(redisServer.url) : undefined;
  const redisBefore = await commandStats(statsRedis);
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const run = await runCallbackChain(h, peer, { tag: 'prof', rate, durationMs });
  const cpu = process.cpuUsage(cpuBefore);
  const machine = cpuPer(machineBefore, machineCpu(), Math.round((rate * durationMs) / 1000));
  const redisAfter = await commandStats(statsRedis);
  await monitor?.stop();
  h.db.knex.off('query', count);
  const passes = relay.stop();
  const n = Math.round((rate * durationMs) / 1000);
  const lat = latencyOf(run.latencies);
  console.log(`rate ${rate}/s for ${durationMs} ms: ${run.latencies.length}/${n} delivered, missing ${run.missing}, failed posts ${run.failedPosts}`);
  console.log(`callback -> webhook p50 ${lat.p50.toFixed(1)} ms p99 ${lat.p99.toFixed(1)} ms`);
  console.log(`backlog (unanswered/callbacks/outbox/deliveries per second): ${run.backlog.map((s) => `${s.unanswered}/${s.callbacks}/${s.outbox}/${s.deliveries}`).join(' ')}`);
  console.log(`backlog grows: ${JSON.stringify(backlogGrows(run, durationMs))}`);
  console.log(`CPU time of this process per callback: ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms (user ${(cpu.user / 1000 / n).toFixed(3)}, system ${(cpu.system / 1000 / n).toFixed(3)})`);
  console.log(`CPU time per callback by process name, whole machine (ms; "node" is this process and the bench peer; 2 cores give 2000 ms/s): ${machine.filter(([, ms]) => ms >= 0.05).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')}`);
  console.log(describeRelayPasses(passes, n));
  printPer('SQL statements', queries, n);
  if (monitor) printPer('Redis round trips sent (MONITOR, a script once; the profiler\'s INFO and backlog polls included)', monitor.counts, n);
  printPer('Redis commands run by the server (INFO commandstats, inside scripts included)', [...redisAfter].map(([cmd, c]) => [cmd, c - (redisBefore.get(cmd) ?? 0)] as const), n);
} finally {
  statsRedis.disconnect();
  await h.close();
  await peer.close();
  await redisServer.stop();
}
process.exit(0);
