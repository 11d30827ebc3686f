/**
 * Where the time goes per dealer submission: N submissions (default 100) at
 * PROFILE_RATE per second (default 20) against a private redis-server, with SQL
 * statements (by shape) and Redis commands counted per submission, from
 * POST /applications to the lender's answer recorded.
 *   node --import tsx test/bench/profile/profileSubmission.ts
 */
import { startPrivateRedis, monitorCommands } from './privateRedis.js';
import { countQueries, printCounts } from './countQueries.js';

const rate = Number(process.env.PROFILE_RATE ?? 20);
const n = Number(process.env.PROFILE_EVENTS ?? 100);
const redisServer = await startPrivateRedis();
process.env.TEST_REDIS_URL = redisServer.url;
// Imported after TEST_REDIS_URL is set: the test support reads it when loaded.
const { startBenchLender, submissionHarness, submissionRound } = await import('../submissionBench.js');

const arrivals = new Map<string, number>();
const lender = await startBenchLender((ref, at) => arrivals.set(ref, at));
const h = await submissionHarness(lender.url);
try {
  await submissionRound(h, arrivals, 0, rate, 1000);
  const queries = countQueries(h.db.knex);
  const monitor = await monitorCommands(redisServer.url);
  const r = await submissionRound(h, arrivals, 1, rate, (n / rate) * 1000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await monitor.stop();
  queries.stop();
  console.log(`${n} submissions at ${rate}/s: POST -> lender p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms; 202 p99 ${r.accepted.p99.toFixed(1)} ms; committed -> claimed p50 ${r.pickup.p50.toFixed(1)} p99 ${r.pickup.p99.toFixed(1)} ms; failed ${r.failed}`);
  printCounts('SQL statements (API and worker)', queries.counts, n);
  printCounts('Redis commands sent (MONITOR)', monitor.counts, n);
} finally {
  await h.close();
  await lender.close();
  await redisServer.stop();
}
process.exit(0);
